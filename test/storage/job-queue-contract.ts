/**
 * The job queue on a real `Storage` (part of the storage contract, so it runs on SQLite and PostgreSQL): claims lease
 * a due job to one holder, a lease that ran out is claimed again, a stale holder is fenced out of `held`, `complete`
 * and `retry`, retries count attempts and wait for their `runAt`; and the domain's `JobQueue` dispatches by kind and
 * fences its handlers' transactions. Every case uses fresh ids and owners and filters claims to its own jobs, so it
 * also runs on a database shared with other cases.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { JobQueue, UnknownJobKindError } from '../../src/domain/jobs/job-queue.ts';
import type { Job } from '../../src/domain/ports/jobs.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 2, 3, 4, 5, 6);

/** Declares the job cases inside a storage contract's `describe`. */
export function jobQueueCases(storage: () => Storage): void {
  const owner = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

  async function enqueue(kind = 'test-kind', runAt = new Date(T0)): Promise<string> {
    const id = randomUUID();
    await storage().jobs.enqueue({ id, kind, accountId: '123456789012', runAt });
    return id;
  }

  async function claimMine(ids: string[], holder: string, nowMs: number, leaseMs = 1_000): Promise<Job[]> {
    const claimed = await storage().jobs.claim({ owner: holder, now: new Date(nowMs), leaseMs, limit: 100 });
    return claimed.filter((job) => ids.includes(job.id));
  }

  async function cleanUp(ids: string[]): Promise<void> {
    const holder = owner('cleanup');
    await storage().jobs.claim({ owner: holder, now: new Date(T0 + 10 * 86_400_000), leaseMs: 1_000, limit: 1_000 });
    await storage().jobs.complete(ids, holder);
  }

  it('jobs: claims a due job once, with its kind, account and attempts; a job not due yet waits', async () => {
    const due = await enqueue('kind-a');
    const later = await enqueue('kind-b', new Date(T0 + 60_000));
    const before = await storage().jobs.count();
    const first = await claimMine([due, later], owner('a'), T0 + 10);
    assert.deepEqual(first, [{ id: due, kind: 'kind-a', accountId: '123456789012', attempts: 0 }]);
    assert.deepEqual(await claimMine([due, later], owner('b'), T0 + 20), [], 'leased to the first claimer');
    assert.equal(await storage().jobs.count(), before, 'claiming removes nothing');
    await cleanUp([due, later]);
  });

  it('jobs: many enqueued at once are claimed as those enqueued one by one, each when due', async () => {
    const jobs = Array.from({ length: 600 }, (_, i) => ({ id: randomUUID(), kind: `kind-${i % 3}`, accountId: '123456789012', runAt: new Date(T0 + (i % 2) * 60_000) }));
    const before = await storage().jobs.count();
    await storage().transaction((repos) => repos.jobs.enqueueAll(jobs));
    await storage().transaction((repos) => repos.jobs.enqueueAll([]));
    assert.equal(await storage().jobs.count(), before + 600);
    const ids = jobs.map((job) => job.id);
    const holder = owner('many');
    const claimed = [];
    for (let round = 0; round < 10; round++) claimed.push(...(await claimMine(ids, holder, T0 + 10)));
    const due = jobs.filter((_, i) => i % 2 === 0);
    assert.deepEqual(
      claimed.map((job) => `${job.id} ${job.kind} ${job.attempts}`).sort(),
      due.map((job) => `${job.id} ${job.kind} 0`).sort(),
      'the due ones, not yet the later ones',
    );
    await cleanUp(ids);
  });

  it('jobs: a lease that ran out is claimed again by another holder', async () => {
    const id = await enqueue();
    const a = owner('a');
    const b = owner('b');
    assert.equal((await claimMine([id], a, T0, 1_000)).length, 1);
    assert.deepEqual(await claimMine([id], b, T0 + 1_000), [], 'the lease still runs at its last millisecond');
    assert.deepEqual((await claimMine([id], b, T0 + 1_001)).map((j) => j.id), [id]);
    await cleanUp([id]);
  });

  it('jobs: fences a stale holder out of held, complete and retry', async () => {
    const id = await enqueue();
    const stale = owner('stale');
    const current = owner('current');
    await claimMine([id], stale, T0, 1_000);
    await claimMine([id], current, T0 + 5_000, 60_000);
    const now = new Date(T0 + 6_000);
    assert.deepEqual([...(await storage().jobs.held([id], stale, now))], []);
    assert.deepEqual([...(await storage().jobs.held([id], current, now))], [id]);
    await storage().jobs.complete([id], stale);
    await storage().jobs.retry(id, stale, new Date(T0));
    assert.deepEqual([...(await storage().jobs.held([id], current, now))], [id], 'the stale complete and retry changed nothing');
    assert.deepEqual(await claimMine([id], owner('c'), T0 + 7_000), [], 'still leased to the current holder');
    const before = await storage().jobs.count();
    await storage().jobs.complete([id], current);
    assert.equal(await storage().jobs.count(), before - 1, 'completed by its holder');
    assert.deepEqual([...(await storage().jobs.held([id], current, now))], []);
    assert.deepEqual(await claimMine([id], owner('d'), T0 + 10 * 86_400_000), [], 'a completed job is never claimed again');
  });

  it('jobs: a retried job counts the attempt, has no lease and waits for its runAt', async () => {
    const id = await enqueue();
    const a = owner('a');
    await claimMine([id], a, T0, 600_000);
    await storage().jobs.retry(id, a, new Date(T0 + 5_000));
    assert.deepEqual([...(await storage().jobs.held([id], a, new Date(T0 + 1)))], [], 'the lease is gone');
    assert.deepEqual(await claimMine([id], owner('b'), T0 + 4_999), [], 'not due before runAt');
    const again = await claimMine([id], owner('b'), T0 + 5_000);
    assert.deepEqual(again.map((j) => [j.id, j.attempts]), [[id, 1]]);
    await cleanUp([id]);
  });

  it('job queue: every claim is a lease of its own, in one process too: a batch whose lease ran out is fenced out once the same queue claimed its job again', async () => {
    // One process runs several batches at once (fulfilment.maxInFlight): if its batches shared one lease, a batch
    // slower than its lease would still "hold" a job that another batch of the process claimed again, and both would
    // write for it (a reservation made by one and settled by neither was left behind this way).
    const clock = new ManualClock(T0);
    const queue = new JobQueue<object>({
      jobs: storage().jobs,
      unitOfWork: { transaction: (work) => storage().transaction((repos) => work({ jobs: repos.jobs })) },
      clock,
      owner: owner('process'),
      leaseMs: 1_000,
      handlers: {},
    });
    const id = await enqueue();
    const first = (await queue.claim(100)).filter((j) => j.id === id);
    assert.equal(first.length, 1);
    clock.advance(2_000);
    const second = (await queue.claim(100)).filter((j) => j.id === id);
    assert.equal(second.length, 1, 'claimed again once the first lease ran out');
    assert.deepEqual(await queue.fence(first).guard(async (_repos, held) => [...held]), [], 'the first batch holds it no more');
    assert.deepEqual(await queue.fence(second).guard(async (_repos, held) => [...held]), [id]);
    await queue.fence(first).settle(async () => undefined);
    await queue.retry(first);
    assert.deepEqual(await queue.fence(second).settle(async (_repos, held) => [...held]), [id], 'the stale batch neither completed nor released it');
    clock.advance(10 * 86_400_000);
    assert.deepEqual((await queue.claim(100)).filter((j) => j.id === id), [], 'completed by the second batch');
  });

  it('job queue: dispatches by kind; the fence completes held jobs only, and a stale holder writes nothing', async () => {
    const clock = new ManualClock(T0);
    const seen: Record<string, string[][]> = { alpha: [], beta: [] };
    const queue = (holder: string) =>
      new JobQueue<object>({
        jobs: storage().jobs,
        unitOfWork: { transaction: (work) => storage().transaction((repos) => work({ jobs: repos.jobs })) },
        clock,
        owner: holder,
        leaseMs: 1_000,
        handlers: {
          alpha: async (jobs, fence) => {
            seen.alpha!.push(jobs.map((j) => j.id));
            await fence.settle(async (_repos, held) => held);
          },
          beta: async (jobs, fence) => {
            seen.beta!.push(jobs.map((j) => j.id));
            await fence.guard(async () => undefined);
          },
        },
      });
    const alpha = await enqueue('alpha');
    const beta = await enqueue('beta');
    const mine = [alpha, beta];
    const first = queue(owner('first'));
    const claimed = (await first.claim(100)).filter((j) => mine.includes(j.id));
    assert.equal(claimed.length, 2);
    await first.dispatch(claimed);
    assert.deepEqual(seen, { alpha: [[alpha]], beta: [[beta]] });
    clock.advance(2_000);
    const second = queue(owner('second'));
    const reclaimed = (await second.claim(100)).filter((j) => mine.includes(j.id));
    assert.deepEqual(reclaimed.map((j) => j.id), [beta], 'settle completed alpha; guard left beta to be claimed again');
    const heldByFirst = await first.fence(claimed).settle(async (_repos, held) => [...held]);
    assert.deepEqual(heldByFirst, [], 'the first holder lost its lease');
    assert.deepEqual((await second.claim(100)).filter((j) => mine.includes(j.id)), [], 'beta stays leased to the second holder');
    await assert.rejects(second.dispatch([{ ...reclaimed[0]!, kind: 'gamma' }]), UnknownJobKindError);
    await second.retry(reclaimed);
    clock.advance(499);
    assert.deepEqual((await second.claim(100)).filter((j) => mine.includes(j.id)), [], 'backoff of the first retry is 0.5 s');
    clock.advance(1);
    assert.deepEqual((await second.claim(100)).filter((j) => mine.includes(j.id)).map((j) => [j.id, j.attempts]), [[beta, 1]]);
    await cleanUp(mine);
  });
}

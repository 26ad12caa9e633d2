/**
 * The job queue takes turns of the event loop: each claim and each fenced transaction waits for the queue's turn, so
 * that batches whose carrier answers arrive together settle one per turn, with the requests read in between, instead
 * of holding the connection back to back.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { JobQueue } from '../../../src/domain/jobs/job-queue.ts';
import type { Turns } from '../../../src/domain/ports/turns.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { fairTurns } from '../../../src/shared/fair-turns.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';
import { gate, settled } from '../../support/turns.ts';

const T0 = Date.UTC(2026, 4, 5, 6, 7, 8);
const ACCOUNT = '111111111111';

let storage: Storage;
beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
});
afterEach(() => storage.close());

const queue = (turns: Turns | undefined): JobQueue<object> =>
  new JobQueue<object>({
    jobs: storage.jobs,
    unitOfWork: narrowed(storage, (repos) => ({ jobs: repos.jobs })),
    clock: new ManualClock(T0),
    owner: 'worker',
    leaseMs: 60_000,
    handlers: {},
    ...(turns && { turns }),
  });

async function enqueue(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
  for (const id of ids) await storage.jobs.enqueue({ id, kind: 'k', accountId: ACCOUNT, runAt: new Date(T0) });
  return ids;
}

describe('JobQueue turns', () => {
  it('a claim waits for its turn before it leases anything', async () => {
    const ids = await enqueue(2);
    const turns = gate();
    const claim = queue(turns).claim(10);
    const leased = async (): Promise<string[]> => [...(await storage.jobs.held(ids, 'worker:1', new Date(T0)))].sort();
    assert.equal(await settled(claim), false, 'no claim before the turn');
    assert.deepEqual(await leased(), [], 'nothing leased yet');
    turns.release();
    assert.deepEqual((await claim).map((job) => job.id).sort(), ids, 'both claimed (a claim answers its jobs in no promised order)');
    assert.deepEqual(await leased(), ids);
    assert.equal(turns.keys.length, 1);
  });

  it('a fenced transaction begins only at its turn, and completes its jobs then', async () => {
    await enqueue(1);
    const q = queue(undefined);
    const jobs = await q.claim(10);
    const turns = gate();
    const gated = queue(turns);
    const ran: string[] = [];
    const settle = gated.fence(jobs).settle(async (_repos, held) => {
      ran.push(...held);
    });
    assert.equal(await settled(settle), false);
    assert.deepEqual(ran, [], 'the work waits for the turn');
    assert.equal(await storage.jobs.count(), 1);
    turns.release();
    await settle;
    assert.deepEqual(ran, [jobs[0]!.id]);
    assert.equal(await storage.jobs.count(), 0, 'completed in its transaction');
    const guard = gated.fence(jobs).guard(async () => 'guarded');
    assert.equal(await settled(guard), false, 'a guard waits too');
    turns.release();
    assert.equal(await guard, 'guarded');
    assert.equal(new Set(turns.keys).size, 1, 'the queue takes every turn under one key');
  });

  it('with turns of the event loop, transactions ready together run in different turns', async () => {
    const ids = await enqueue(3);
    const q = queue(fairTurns());
    const batches = [];
    for (let i = 0; i < ids.length; i++) batches.push(await q.claim(1));
    assert.deepEqual(batches.map((b) => b[0]!.id).sort(), ids, 'one job each (due at the same time: taken in no promised order)');
    let turn = 0;
    let counting = true;
    const count = (): void => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const turnsOfWork: number[] = [];
    await Promise.all(batches.map((batch) => q.fence(batch).settle(async () => void turnsOfWork.push(turn))));
    counting = false;
    assert.equal(turnsOfWork.length, 3);
    assert.equal(new Set(turnsOfWork).size, 3, `each in a turn of its own (turns ${turnsOfWork.join(', ')})`);
    assert.equal(await storage.jobs.count(), 0);
  });
});

/**
 * Several "nodes" (each its own pool, as separate processes would have) on one PostgreSQL database at once: job
 * claims never overlap, a lease that ran out is taken over and fences out the late holder, overlapping reservations
 * neither deadlock nor double-own, concurrent sweeps release each number once, `exclusive` runs work once, and
 * duplicate creates with one invocation id make one order; concurrent tag and credential calls on one connector lose nothing, and neither does a concurrent update of each
 * global settings bucket.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { AcquireOutcome, Carrier } from '../../src/domain/ports/carrier.ts';
import { JobQueue } from '../../src/domain/jobs/job-queue.ts';
import { FULFIL_ORDER, FulfilmentService, type FulfilmentWrites } from '../../src/domain/orders/fulfilment.ts';
import { OrderService } from '../../src/domain/orders/order-service.ts';
import type { QuotaSource } from '../../src/domain/ports/quotas.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import type { Job } from '../../src/domain/ports/jobs.ts';
import type { Order } from '../../src/domain/orders/order.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { TagService } from '../../src/domain/tags/tag-service.ts';
import { voiceConnectorArn } from '../../src/domain/voice-connectors/voice-connector.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import { VoiceConnectorSettingsService } from '../../src/domain/voice-connectors/voice-connector-settings-service.ts';
import { GlobalSettingsService } from '../../src/domain/global-settings/global-settings-service.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

const T0 = Date.UTC(2026, 5, 1);
let url: string;
let nodes: Storage[] = [];
let sql: pg.Pool;

before(async () => {
  url = await freshDatabase('concurrency');
  nodes = await Promise.all([1, 2, 3].map(() => openPostgresStorage({ url, poolSize: 5, statementTimeoutMs: 10_000 })));
  sql = new pg.Pool({ connectionString: url, max: 2 });
});
after(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  await sql?.end();
});

const account = (): string => String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));

async function placeOrders(storage: Storage, accountId: string, numberSets: string[][], at = new Date(T0)): Promise<Order[]> {
  const orders: Order[] = numberSets.map((numbers) => ({
    id: randomUUID(),
    accountId,
    productType: 'VoiceConnector',
    status: 'Processing',
    numbers: numbers.map((e164) => ({ e164, status: 'Processing' })),
    createdAt: at,
    updatedAt: at,
  }));
  await storage.transaction(async (repos) => {
    for (const order of orders) {
      await repos.orders.insert(order);
      await repos.jobs.enqueue({ id: order.id, kind: FULFIL_ORDER, accountId, runAt: at });
    }
  });
  return orders;
}

const allAcquired: Carrier = {
  acquire: (requests) => Promise.resolve(new Map(requests.map((r) => [r.e164, { acquired: true } as AcquireOutcome]))),
};

/** Fulfilment of jobs leased to `owner`, fenced by the job queue. */
function fulfilment(storage: Storage, clock: ManualClock, carrier: Carrier = allAcquired) {
  const service = new FulfilmentService({ orders: storage.orders, phoneNumbers: storage.phoneNumbers, carrier, clock, ids: cryptoIds, agingMs: 0, describe: () => ({ country: 'US', type: 'Local' }) });
  return {
    // Jobs claimed straight from the repository under `owner`: that is their lease.
    run: (jobs: Job[], owner: string) =>
      service.run(
        jobs,
        new JobQueue<FulfilmentWrites>({ jobs: storage.jobs, unitOfWork: storage, clock, owner, leaseMs: 0, handlers: {} }).fence(jobs.map((job) => ({ ...job, lease: owner }))),
      ),
  };
}

describe('several nodes on one PostgreSQL database', () => {
  // Every case claims "the oldest due job": start each from an empty queue, whatever an earlier case left.
  beforeEach(async () => {
    await sql.query('delete from jobs');
  });

  it('never leases one job to two claimers (FOR UPDATE SKIP LOCKED)', async () => {
    const orders = await placeOrders(nodes[0]!, account(), Array.from({ length: 150 }, (_, i) => [`+1303555${String(i).padStart(4, '0')}`]));
    const mine = new Set(orders.map((o) => o.id));
    const claimed: string[][] = [[], [], [], [], [], []];
    // A connection open for every claimer before the race (two per node, at once): a claimer whose pool first had to
    // connect could find every job taken by the time it was connected (seen once in CI, 150 jobs to one claimer).
    await Promise.all(claimed.map((_, i) => nodes[i % 3]!.ping()));
    await Promise.all(
      claimed.map(async (got, i) => {
        const storage = nodes[i % 3]!;
        for (;;) {
          const jobs = await storage.jobs.claim({ owner: `claimer-${i}`, now: new Date(T0 + 1), leaseMs: 600_000, limit: 4 });
          const ours = jobs.filter((j) => mine.has(j.id));
          if (jobs.length === 0) return;
          got.push(...ours.map((j) => j.id));
        }
      }),
    );
    const all = claimed.flat();
    assert.equal(all.length, 150, 'every job claimed');
    assert.equal(new Set(all).size, 150, 'no job claimed twice');
    assert.ok(claimed.filter((c) => c.length > 0).length >= 2, 'claimers shared the work');
  });

  it('takes over a job whose lease ran out; the late holder is fenced out and the order settles once', async () => {
    const accountId = account();
    const [order] = await placeOrders(nodes[0]!, accountId, [['+13035551000', '+13035551001']]);
    const clockA = new ManualClock(T0 + 10);
    const clockB = new ManualClock(T0 + 10);
    const [jobA] = await nodes[0]!.jobs.claim({ owner: 'node-a', now: clockA.now(), leaseMs: 1_000, limit: 1 });
    assert.equal(jobA?.id, order!.id);
    // Node A's carrier answers only after its lease ran out; meanwhile node B takes the job over and finishes it.
    let release: () => void = () => undefined;
    let asked: () => void = () => undefined;
    const atCarrier = new Promise<void>((resolve) => (asked = resolve));
    const slow: Carrier = {
      acquire: async (requests) => {
        asked();
        await new Promise<void>((resolve) => (release = resolve));
        clockA.advance(5_000);
        return allAcquired.acquire(requests);
      },
    };
    const runA = fulfilment(nodes[0]!, clockA, slow).run([jobA!], 'node-a');
    await atCarrier; // node A has reserved (its reserve transaction committed)
    assert.deepEqual(await nodes[1]!.jobs.claim({ owner: 'node-b', now: clockB.now(), leaseMs: 1_000, limit: 1 }), [], 'lease still runs');
    clockB.advance(2_000);
    const [jobB] = await nodes[1]!.jobs.claim({ owner: 'node-b', now: clockB.now(), leaseMs: 60_000, limit: 10 });
    assert.equal(jobB?.id, order!.id);
    const resultB = await fulfilment(nodes[1]!, clockB).run([jobB!], 'node-b');
    release();
    const resultA = await runA;
    assert.deepEqual([resultB.orders, resultB.acquired, resultA.orders], [1, 2, 0]);
    const settled = await nodes[2]!.orders.get(accountId, order!.id);
    assert.equal(settled?.status, 'Successful');
    const rows = await sql.query(`select e164, status, active from phone_numbers where order_id = $1 order by e164`, [order!.id]);
    assert.deepEqual(rows.rows, [
      { e164: '+13035551000', status: 'Unassigned', active: 1 },
      { e164: '+13035551001', status: 'Unassigned', active: 1 },
    ], 'one reservation per number, reused by the node that took over');
    assert.equal((await sql.query('select 1 from jobs where id = $1', [order!.id])).rowCount, 0, 'job completed');
  });

  it('does not let a worker whose lease ran out reserve numbers after another settled the order', async () => {
    const accountId = account();
    const [order] = await placeOrders(nodes[0]!, accountId, [['+13035553000', '+13035553001']]);
    const clockA = new ManualClock(T0 + 10);
    const [jobA] = await nodes[0]!.jobs.claim({ owner: 'node-a', now: clockA.now(), leaseMs: 1_000, limit: 1 });
    // Node A stalls between loading the order and reserving (a long GC pause, a starved CPU) ...
    let resume: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const stalling: Storage = {
      ...nodes[0]!,
      phoneNumbers: { ...nodes[0]!.phoneNumbers, agingSince: async (...args) => (await paused, nodes[0]!.phoneNumbers.agingSince(...args)) },
    };
    const runA = fulfilment(stalling, clockA).run([jobA!], 'node-a');
    // ... node B takes the job over and settles it; the carrier refuses one number, which is then owned by nobody.
    const clockB = new ManualClock(T0 + 5_000);
    const refusing: Carrier = { acquire: (requests) => Promise.resolve(new Map(requests.map((r) => [r.e164, r.e164.endsWith('1') ? { acquired: false, reason: 'carrier-refused' } : { acquired: true }]))) };
    const [jobB] = await nodes[1]!.jobs.claim({ owner: 'node-b', now: clockB.now(), leaseMs: 60_000, limit: 1 });
    assert.equal(jobB?.id, order!.id);
    assert.equal((await fulfilment(nodes[1]!, clockB, refusing).run([jobB!], 'node-b')).orders, 1);
    resume();
    assert.equal((await runA).orders, 0, 'node A settles nothing');
    const { rows } = await sql.query(`select e164, status, active from phone_numbers where order_id = $1 order by e164, id`, [order!.id]);
    assert.deepEqual(rows, [
      { e164: '+13035553000', status: 'Unassigned', active: 1 },
      { e164: '+13035553001', status: 'AcquireFailed', active: 0 },
    ], 'no reservation left behind by the late worker');
    assert.equal((await nodes[2]!.orders.get(accountId, order!.id))?.status, 'Partial');
  });

  it('blocks a takeover while the holder settles (held() locks the job rows until commit)', async () => {
    const [order] = await placeOrders(nodes[0]!, account(), [['+13035552000']]);
    await nodes[0]!.jobs.claim({ owner: 'node-a', now: new Date(T0 + 10), leaseMs: 1_000, limit: 50 });
    let inside: () => void = () => undefined;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let finish: () => void = () => undefined;
    const settling = nodes[0]!.transaction(async (repos) => {
      const held = await repos.jobs.held([order!.id], 'node-a', new Date(T0 + 500));
      inside();
      await new Promise<void>((resolve) => (finish = resolve));
      await repos.jobs.complete([...held], 'node-a');
      return held;
    });
    await entered;
    // Node B's clock says the lease is long over, but the row is locked by the settling transaction: skipped.
    const stolen = await nodes[1]!.jobs.claim({ owner: 'node-b', now: new Date(T0 + 60_000), leaseMs: 1_000, limit: 50 });
    assert.equal(stolen.some((j) => j.id === order!.id), false);
    finish();
    assert.deepEqual([...(await settling)], [order!.id]);
    assert.equal((await sql.query('select 1 from jobs where id = $1', [order!.id])).rowCount, 0);
  });

  it('lets overlapping reservations from many transactions race without deadlock or a second owner', async () => {
    const numbers = Array.from({ length: 400 }, (_, i) => `+1720555${String(3000 + i)}`);
    const accounts = [account(), account()];
    const attempts = Array.from({ length: 15 }, (_, i) => ({
      orderId: randomUUID(),
      accountId: accounts[i % 2]!,
      e164s: [...numbers].sort(() => Math.random() - 0.5).slice(0, 300),
    }));
    const answers = await Promise.all(
      attempts.map((a, i) =>
        nodes[i % 3]!.transaction((repos) =>
          repos.phoneNumbers.reserve(
            a.e164s.map((e164) => ({ e164, accountId: a.accountId, orderId: a.orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: new Date(T0) })),
          ),
        ),
      ),
    );
    const { rows } = await sql.query<{ e164: string; order_id: string; n: string }>(
      `select e164, min(order_id) as order_id, count(*) as n from phone_numbers where e164 = any($1) and active = 1 group by e164`,
      [numbers],
    );
    for (const row of rows) assert.equal(Number(row.n), 1, `${row.e164} has one active owner`);
    for (const owners of answers) {
      for (const [e164, owner] of owners) assert.equal(owner.orderId, rows.find((r) => r.e164 === e164)?.order_id, 'every caller sees the winner');
    }
  });

  it('releases each due number once when every node sweeps at the same moment', async () => {
    const accountId = account();
    const numbers = Array.from({ length: 120 }, (_, i) => `+1505555${String(4000 + i)}`);
    await nodes[0]!.bulk.insertOwnedNumbers(numbers.map((e164) => ({ e164, accountId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: new Date(T0) })));
    for (const e164 of numbers) await nodes[0]!.phoneNumbers.queueDeletion(accountId, e164, { at: new Date(T0), deletionAt: new Date(T0 + 1000) });
    const counts = await Promise.all(
      [0, 1, 2, 0, 1, 2].map(async (i) => {
        let total = 0;
        for (let n = -1; n !== 0; total += n) n = (await nodes[i]!.phoneNumbers.releaseDue(new Date(T0 + 5000), 7)).length;
        return total;
      }),
    );
    assert.equal(counts.reduce((a, b) => a + b, 0), 120, `released ${counts.join('+')}`);
    const { rows } = await sql.query(`select count(*)::int as n from phone_numbers where e164 = any($1) and released_at = $2 and active = 0`, [numbers, T0 + 1000]);
    assert.equal(rows[0].n, 120);
  });

  it('runs exclusive work on one node at a time across the cluster, and again once it is done', async () => {
    let running = 0;
    let most = 0;
    const work = async (): Promise<string> => {
      running += 1;
      most = Math.max(most, running);
      await sleep(150);
      running -= 1;
      return 'swept';
    };
    const first = await Promise.all(nodes.map((n) => n.exclusive('sweep-test', work)));
    assert.deepEqual(first.filter((r) => r === 'swept').length, 1, JSON.stringify(first));
    assert.equal(most, 1);
    assert.equal(await nodes[2]!.exclusive('sweep-test', work), 'swept', 'the lock is released after the work');
    assert.deepEqual(await Promise.all([nodes[0]!.exclusive('a', work), nodes[1]!.exclusive('b', work)]), ['swept', 'swept'], 'names are independent');
    await assert.rejects(nodes[0]!.exclusive('sweep-test', () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await nodes[1]!.exclusive('sweep-test', work), 'swept', 'a failed run releases the lock');
  });

  it('creates one order for duplicate creates with one invocation id sent to every node at once, and answers it to each', async () => {
    const quotas: QuotaSource = {
      quotasOf: () => Promise.resolve({ maxNumbersPerOrder: 10, maxPhoneNumbersPerAccount: 100, maxProcessingOrdersPerAccount: 1 }),
    };
    const service = (storage: Storage, withQuotas: boolean) =>
      new OrderService({
        orders: storage.orders,
        unitOfWork: narrowed(storage, (r) => ({ orders: r.orders, usage: r.usage, jobs: r.jobs, events: r.events, orderInvocations: r.orderInvocations })),
        clock: new ManualClock(T0),
        ids: cryptoIds,
        tokens: new PageTokens(Buffer.alloc(32, 1)),
        limits: { maxNumbersPerOrder: 10 },
        invocationWindowMs: 600_000,
        ...(withQuotas ? { quotas } : {}),
      });
    // With quotas, creates of one account queue on its row of counters; without, the claim's unique key alone decides.
    for (const withQuotas of [true, false]) {
      const accountId = account();
      const services = nodes.map((node) => service(node, withQuotas));
      const answers = await Promise.all(
        Array.from({ length: 9 }, (_, i) => services[i % 3]!.create(accountId, 'VoiceConnector', ['+13035557000'], { invocationId: 'one-call' })),
      );
      assert.equal(new Set(answers.map((o) => o.id)).size, 1, `quotas: ${withQuotas}`);
      const { rows } = await sql.query<{ id: string }>('select id from orders where account_id = $1', [accountId]);
      assert.deepEqual(rows.map((r) => r.id), [answers[0]!.id], `one order (quotas: ${withQuotas})`);
      assert.equal((await sql.query('select 1 from jobs where account_id = $1', [accountId])).rowCount, 1, 'one fulfilment job');
    }
  });

  it('loses no tag when every node tags and untags one voice connector at once (the account\'s voice lock)', async () => {
    const accountId = account();
    const connector = { id: newVoiceConnectorId(cryptoIds), accountId, name: 'busy', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: new Date(T0), updatedAt: new Date(T0) };
    await nodes[0]!.voiceConnectors.insert(connector);
    const arn = voiceConnectorArn(connector);
    const services = nodes.map(
      (node) =>
        new TagService({
          resources: node,
          unitOfWork: narrowed(node, (r) => ({ voiceConnectors: r.voiceConnectors, sipMediaApplications: r.sipMediaApplications, voiceProfileDomains: r.voiceProfileDomains, events: r.events })),
          clock: new ManualClock(T0),
          ids: cryptoIds,
        }),
    );
    await Promise.all(Array.from({ length: 24 }, (_, i) => services[i % 3]!.tag(accountId, arn, [{ key: `key${i}`, value: String(i) }])));
    assert.deepEqual(new Set((await services[0]!.list(accountId, arn)).map((tag) => tag.key)), new Set(Array.from({ length: 24 }, (_, i) => `key${i}`)));
    await Promise.all(Array.from({ length: 12 }, (_, i) => services[i % 3]!.untag(accountId, arn, [`key${2 * i}`])));
    const left = await services[1]!.list(accountId, arn);
    assert.deepEqual(left.map((tag) => tag.key).sort(), Array.from({ length: 12 }, (_, i) => `key${2 * i + 1}`).sort());
    const { rows } = await sql.query<{ detail: string }>("select detail from events where account_id = $1 and type = 'Tag Change on Resource' order by seq", [accountId]);
    assert.equal(rows.length, 36, 'one event per call, each changed something');
    const last = JSON.parse(rows.at(-1)!.detail) as { Tags: { Key: string }[] };
    assert.deepEqual(last.Tags.map((tag) => tag.Key), left.map((tag) => tag.key), "the last event's tags are the connector's");
  });

  it('loses no termination credential when every node adds and removes users of one connector at once', async () => {
    const accountId = account();
    const connector = { id: newVoiceConnectorId(cryptoIds), accountId, name: 'trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: new Date(T0), updatedAt: new Date(T0) };
    await nodes[0]!.voiceConnectors.insert(connector);
    const services = nodes.map(
      (node) =>
        new VoiceConnectorSettingsService({
          voiceConnectors: node.voiceConnectors,
          unitOfWork: narrowed(node, (r) => ({ voiceConnectors: r.voiceConnectors, events: r.events })),
          clock: new ManualClock(T0),
          ids: cryptoIds,
        }),
    );
    await Promise.all(Array.from({ length: 12 }, (_, i) => services[i % 3]!.putCredentials(accountId, connector.id, [{ username: `user${i}`, password: `secret-${i}` }])));
    assert.deepEqual(new Set(await services[0]!.usernames(accountId, connector.id)), new Set(Array.from({ length: 12 }, (_, i) => `user${i}`)));
    await Promise.all(Array.from({ length: 6 }, (_, i) => services[i % 3]!.deleteCredentials(accountId, connector.id, [`user${2 * i}`])));
    assert.deepEqual((await services[1]!.usernames(accountId, connector.id)).sort(), Array.from({ length: 6 }, (_, i) => `user${2 * i + 1}`).sort());
  });

  it('keeps both parts when nodes update the global settings\' two buckets at once (the account\'s voice lock)', async () => {
    const accountId = account();
    const services = nodes.map(
      (node) =>
        new GlobalSettingsService({
          globalSettings: node.globalSettings,
          unitOfWork: narrowed(node, (r) => ({ globalSettings: r.globalSettings, voiceConnectors: r.voiceConnectors, events: r.events })),
          clock: new ManualClock(T0),
          ids: cryptoIds,
        }),
    );
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        services[round % 3]!.update(accountId, { voiceConnector: { cdrBucket: `trunks-${round}` } }),
        services[(round + 1) % 3]!.update(accountId, { businessCalling: { cdrBucket: `calls-${round}` } }),
      ]);
      const settings = await services[2]!.get(accountId);
      assert.deepEqual([settings?.voiceConnectorCdrBucket, settings?.businessCallingCdrBucket], [`trunks-${round}`, `calls-${round}`], `round ${round}`);
    }
  });
});

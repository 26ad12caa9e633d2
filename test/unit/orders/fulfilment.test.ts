/**
 * Fulfilment over real SQLite storage, the simulated carrier (no latency) and a manual clock, driven through the job
 * queue as the worker drives it: terminal statuses and failure reasons, the owned-number records it leaves, aging
 * released numbers, and the fence that keeps a holder whose lease ran out from settling.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SimulatedCarrier } from '../../../src/carrier/simulated-carrier.ts';
import { JobQueue } from '../../../src/domain/jobs/job-queue.ts';
import { FULFIL_ORDER, FulfilmentService, fulfilmentWrites, type FulfilmentWrites } from '../../../src/domain/orders/fulfilment.ts';
import type { Order } from '../../../src/domain/orders/order.ts';
import type { Carrier } from '../../../src/domain/ports/carrier.ts';
import type { ClaimedJob } from '../../../src/domain/jobs/job-queue.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 4, 5, 6, 7, 8);
const LEASE_MS = 30_000;
const AGING_MS = 3 * 86_400_000;
const REFUSED = '+12065559999';

let storage: Storage;
let clock: ManualClock;
const ids = seededIds('fulfilment');
const eventIds = seededIds('fulfilment-events');

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
});
afterEach(() => storage.close());

const simulated = (): Carrier => new SimulatedCarrier({ latencyMs: 0, failNumbers: [REFUSED], failPrefixes: [], failRate: 0, seed: 's', inPool: () => true });

const fulfilment = (carrier: Carrier = simulated(), phoneNumbers: Pick<Storage['phoneNumbers'], 'agingSince'> = storage.phoneNumbers): FulfilmentService =>
  new FulfilmentService({
    orders: storage.orders,
    phoneNumbers,
    carrier,
    clock,
    ids: eventIds,
    agingMs: AGING_MS,
    describe: (e164) =>
      e164.startsWith('+44') ? { country: 'GB', type: 'Local' } : e164.startsWith('+1844') ? { country: 'US', type: 'TollFree' } : { country: 'US', type: 'Local' },
  });

const queue = (owner: string): JobQueue<FulfilmentWrites> =>
  new JobQueue<FulfilmentWrites>({
    jobs: storage.jobs,
    unitOfWork: narrowed(storage, fulfilmentWrites),
    clock,
    owner,
    leaseMs: LEASE_MS,
    handlers: {},
  });

/** Stores a `Processing` order and its job, as the order service does. */
async function place(accountId: string, numbers: string[], name?: string): Promise<Order> {
  const order: Order = {
    id: ids.uuid(),
    accountId,
    productType: 'VoiceConnector',
    status: 'Processing',
    numbers: numbers.map((e164) => ({ e164, status: 'Processing' })),
    createdAt: clock.now(),
    updatedAt: clock.now(),
    ...(name === undefined ? {} : { name }),
  };
  await storage.transaction(async (repos) => {
    await repos.orders.insert(order);
    await repos.jobs.enqueue({ id: order.id, kind: FULFIL_ORDER, accountId, runAt: order.createdAt });
  });
  return order;
}

/** Claims every due job for `owner` and fulfils them under its fence. */
async function fulfilAll(owner = 'worker') {
  const q = queue(owner);
  const jobs = await q.claim(100);
  return { jobs, result: await fulfilment().run(jobs, q.fence(jobs)) };
}

describe('FulfilmentService', () => {
  it('settles an order whose numbers are all acquired as Successful, owned Unassigned, and completes its job', async () => {
    const order = await place(ALICE, ['+12065550100', '+18445550100']);
    clock.advance(1_500);
    const { result } = await fulfilAll();
    assert.deepEqual(result, { orders: 1, acquired: 2, failed: 0, lagsMs: [1_500] });
    const stored = await storage.orders.get(ALICE, order.id);
    assert.equal(stored?.status, 'Successful');
    assert.deepEqual(stored?.numbers.map((n) => n.status), ['Acquired', 'Acquired']);
    assert.equal(stored?.updatedAt.getTime(), T0 + 1_500);
    const tollFree = await storage.phoneNumbers.get(ALICE, '+18445550100');
    assert.deepEqual([tollFree?.status, tollFree?.type, tollFree?.orderId], ['Unassigned', 'TollFree', order.id]);
    assert.equal(await storage.jobs.count(), 0);
  });

  it('settles Partial with the refused number Failed and its reason, and Failed when nothing is acquired', async () => {
    const partial = await place(ALICE, ['+12065550100', REFUSED]);
    const failed = await place(BOB, [REFUSED]);
    const { result } = await fulfilAll();
    assert.deepEqual([result.orders, result.acquired, result.failed], [2, 1, 2]);
    const p = await storage.orders.get(ALICE, partial.id);
    assert.equal(p?.status, 'Partial');
    assert.deepEqual(p?.numbers.find((n) => n.e164 === REFUSED), { e164: REFUSED, status: 'Failed', failureReason: 'carrier-refused' });
    assert.equal((await storage.orders.get(BOB, failed.id))?.status, 'Failed');
    assert.equal((await storage.phoneNumbers.get(ALICE, REFUSED))?.status, 'AcquireFailed', 'the reservation is given up');
  });

  it("gives the order's name to every number it reserves, acquired or not; an order without one names none", async () => {
    const named = await place(ALICE, ['+12065550100', REFUSED], 'Support line');
    const plain = await place(ALICE, ['+12065550101']);
    await fulfilAll();
    const acquired = await storage.phoneNumbers.get(ALICE, '+12065550100');
    assert.deepEqual([acquired?.status, acquired?.name, acquired?.orderId], ['Unassigned', 'Support line', named.id]);
    assert.deepEqual([(await storage.phoneNumbers.get(ALICE, REFUSED))?.name], ['Support line'], 'the failed attempt, as listed, too');
    const unnamed = await storage.phoneNumbers.get(ALICE, '+12065550101');
    assert.deepEqual([unnamed?.orderId, Object.hasOwn(unnamed!, 'name')], [plain.id, false]);
    assert.equal((await storage.orders.get(ALICE, named.id))?.name, 'Support line', 'the order keeps its name');
  });

  it("gives an acquired U.S. local number its account's default calling name, in progress; not a toll-free or foreign one", async () => {
    const settings = storage.phoneNumberSettings;
    await settings.put(ALICE, { callingName: 'Acme Corp', at: clock.now(), unchangedSince: clock.now() });
    await settings.put(BOB, { callingName: '', at: clock.now(), unchangedSince: clock.now() });
    const order = await place(ALICE, ['+12065550100', '+18445550100', '+442071838750', REFUSED]);
    await place(BOB, ['+12065550101']);
    clock.advance(1_000);
    await fulfilAll();
    const named = await storage.phoneNumbers.get(ALICE, '+12065550100');
    assert.deepEqual(
      [named?.status, named?.callingName, named?.callingNameStatus, named?.callingNameDueAt?.getTime(), named?.updatedAt.getTime()],
      ['Unassigned', 'Acme Corp', 'UpdateInProgress', T0 + 1_000 + 60_000, T0 + 1_000],
      'propagating for the default 60 s',
    );
    for (const [accountId, e164] of [[ALICE, '+18445550100'], [ALICE, '+442071838750'], [ALICE, REFUSED], [BOB, '+12065550101']] as const) {
      const other = await storage.phoneNumbers.get(accountId, e164);
      assert.ok(other !== undefined, e164);
      assert.deepEqual([other.callingName, other.callingNameStatus], [undefined, undefined], `${e164} takes no calling name`);
    }
    const acquired = (await storage.events.after(ALICE, { afterSeq: 0, limit: 100, types: ['Phone Number Acquired'] })).filter((e) => e.resources.some((r) => r.id === order.id));
    const detail = new Map(acquired.map((e) => [e.detail.PhoneNumberId, e.detail]));
    assert.deepEqual([detail.get('+12065550100')?.CallingName, detail.get('+12065550100')?.CallingNameStatus], ['Acme Corp', 'UpdateInProgress']);
    assert.deepEqual([detail.get('+18445550100')?.CallingName, detail.get('+442071838750')?.CallingName], [undefined, undefined]);
  });

  it("leaves the numbers an account already owns as they are when it sets a default, and takes the default as it stands at the settlement", async () => {
    await place(ALICE, ['+12065550100']);
    await fulfilAll();
    const order = await place(ALICE, ['+12065550101']);
    await storage.phoneNumberSettings.put(ALICE, { callingName: 'Later Name', at: clock.now(), unchangedSince: clock.now() });
    await fulfilAll();
    assert.equal((await storage.phoneNumbers.get(ALICE, '+12065550100'))?.callingName, undefined, 'owned before the default');
    const later = await storage.phoneNumbers.get(ALICE, '+12065550101');
    assert.deepEqual([later?.orderId, later?.callingName], [order.id, 'Later Name'], 'ordered before, settled after the default was set');
  });

  it('fails a number owned by another account, or already owned by the ordering account, with distinct reasons', async () => {
    await place(ALICE, ['+12065550100']);
    await fulfilAll();
    const bobs = await place(BOB, ['+12065550100', '+12065550101']);
    const again = await place(ALICE, ['+12065550100']);
    await fulfilAll();
    const bob = await storage.orders.get(BOB, bobs.id);
    assert.equal(bob?.status, 'Partial');
    assert.equal(bob?.numbers.find((n) => n.e164 === '+12065550100')?.failureReason, 'owned-by-another-account');
    const alice = await storage.orders.get(ALICE, again.id);
    assert.deepEqual([alice?.status, alice?.numbers[0]?.failureReason], ['Failed', 'already-owned']);
    assert.equal((await storage.phoneNumbers.get(ALICE, '+12065550100'))?.status, 'Unassigned', 'the owner keeps it');
  });

  it('refuses a released number while it ages, and sells it once aging is over', async () => {
    await storage.bulk.insertOwnedNumbers([{ e164: '+12065550100', accountId: BOB, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() }]);
    await storage.phoneNumbers.queueDeletion(BOB, '+12065550100', { at: clock.now(), deletionAt: clock.now() });
    clock.advance(1);
    assert.equal((await storage.phoneNumbers.releaseDue(clock.now(), 10)).length, 1);
    const early = await place(ALICE, ['+12065550100']);
    await fulfilAll();
    const refused = await storage.orders.get(ALICE, early.id);
    assert.deepEqual([refused?.status, refused?.numbers[0]?.failureReason], ['Failed', 'not-available']);
    clock.advance(AGING_MS);
    const late = await place(ALICE, ['+12065550100']);
    await fulfilAll();
    assert.equal((await storage.orders.get(ALICE, late.id))?.status, 'Successful');
  });

  it('refuses a number whose release committed between the aging check and the reservation', async () => {
    await storage.bulk.insertOwnedNumbers([{ e164: '+12065550100', accountId: BOB, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() }]);
    await storage.phoneNumbers.queueDeletion(BOB, '+12065550100', { at: clock.now(), deletionAt: clock.now() });
    clock.advance(1);
    const order = await place(ALICE, ['+12065550100']);
    // The deletion sweep releases the number just after fulfilment checked for aging numbers (still owned: none).
    const releasedAfterTheCheck = {
      agingSince: async (e164s: string[], since: Date) => {
        const aging = await storage.phoneNumbers.agingSince(e164s, since);
        assert.equal((await storage.phoneNumbers.releaseDue(clock.now(), 10)).length, 1);
        return aging;
      },
    };
    const q = queue('worker');
    const jobs = await q.claim(100);
    const result = await fulfilment(simulated(), releasedAfterTheCheck).run(jobs, q.fence(jobs));
    assert.deepEqual([result.orders, result.acquired, result.failed], [1, 0, 1]);
    const refused = await storage.orders.get(ALICE, order.id);
    assert.deepEqual([refused?.status, refused?.numbers[0]?.failureReason], ['Failed', 'not-available']);
    const record = await storage.phoneNumbers.get(ALICE, '+12065550100');
    assert.deepEqual([record?.status, record?.active], ['AcquireFailed', false], 'the reservation is given up, not sold');
  });

  it('lets a holder whose lease ran out settle nothing; the next holder settles the order once', async () => {
    const order = await place(ALICE, ['+12065550100']);
    const stale = queue('stale');
    const staleJobs: ClaimedJob[] = await stale.claim(100);
    assert.equal(staleJobs.length, 1);
    clock.advance(LEASE_MS + 1);
    const { jobs, result } = await fulfilAll('current');
    assert.deepEqual(jobs.map((j) => j.id), [order.id]);
    assert.equal(result.orders, 1);
    const late = await fulfilment().run(staleJobs, stale.fence(staleJobs));
    assert.deepEqual(late, { orders: 0, acquired: 0, failed: 0, lagsMs: [] });
    const stored = await storage.orders.get(ALICE, order.id);
    assert.deepEqual([stored?.status, stored?.numbers[0]?.status], ['Successful', 'Acquired']);
    assert.equal((await fulfilment().run(jobs, queue('current').fence(jobs))).orders, 0, 'a repeated run finds nothing to settle');
  });

  it('reserves nothing for a holder whose lease ran out before it reserved', async () => {
    const order = await place(ALICE, ['+12065550100']);
    const stale = queue('stale');
    const staleJobs = await stale.claim(100);
    clock.advance(LEASE_MS + 1);
    const result = await fulfilment().run(staleJobs, stale.fence(staleJobs));
    assert.equal(result.orders, 0);
    assert.equal(await storage.phoneNumbers.get(ALICE, '+12065550100'), undefined, 'no reservation left behind');
    assert.equal((await storage.orders.get(ALICE, order.id))?.status, 'Processing', 'still waiting for the next holder');
  });

  it('settles nothing for a holder whose lease ran out while the carrier answered; the next holder settles', async () => {
    const order = await place(ALICE, ['+12065550100']);
    const stale = queue('stale');
    const staleJobs = await stale.claim(100);
    const slow: Carrier = {
      acquire: async (requests, signal) => {
        clock.advance(LEASE_MS + 1);
        return simulated().acquire(requests, signal);
      },
    };
    const late = await fulfilment(slow).run(staleJobs, stale.fence(staleJobs));
    assert.equal(late.orders, 0);
    assert.equal((await storage.orders.get(ALICE, order.id))?.status, 'Processing');
    assert.equal((await storage.phoneNumbers.get(ALICE, '+12065550100'))?.status, 'AcquireInProgress', 'reserved, not settled');
    const { result } = await fulfilAll('current');
    assert.deepEqual([result.orders, result.acquired], [1, 1]);
    assert.equal((await storage.orders.get(ALICE, order.id))?.status, 'Successful');
    assert.equal((await storage.phoneNumbers.get(ALICE, '+12065550100'))?.status, 'Unassigned');
  });
});

/**
 * The console's overview as every `Storage` adapter must read it: orders created in the window by bucket (aligned to
 * the epoch, the first possibly before `since`) and current status; the numbers the account holds now by status and
 * product type (deletion-queue entries past their time, failed acquisitions and released records left out); orders in
 * Processing and the oldest; orders settled in the window and their lags' median and 95th percentile by nearest rank;
 * another account's rows never counted; bad windows refused. Rows are written through the repositories (orders
 * inserted and settled, number records stored as `dialtone import` stores them). Dialect-free: fresh account ids and
 * numbers, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OrderStatus, ProductType } from '../../src/domain/orders/order.ts';
import type { OverviewWindow } from '../../src/domain/ports/overview.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../../src/domain/phone-numbers/phone-number.ts';
import type { Storage } from '../../src/storage/storage.ts';

/** On the hour, so that hourly buckets start at T0, T0 + 1 h, ... */
const T0 = Date.UTC(2026, 6, 1, 10);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

/** Fresh numbers of one random +1 206 block: the active-owner index is server-wide. */
function numberBlock(): () => string {
  const block = `+1206${randomInt(200, 999)}${randomInt(0, 99).toString().padStart(2, '0')}`;
  let next = 0;
  return () => `${block}${(next++).toString().padStart(3, '0')}`;
}

/** An order created at `created`; settled with `status` at `settled` unless that is `Processing`. */
interface OrderSpec {
  created: number;
  status: OrderStatus;
  settled?: number;
  productType?: ProductType;
}

async function writeOrders(storage: Storage, accountId: string, specs: OrderSpec[]): Promise<void> {
  const e164 = numberBlock();
  for (const spec of specs) {
    const id = randomUUID();
    const numbers = [e164(), e164()];
    await storage.orders.insert({
      id,
      accountId,
      productType: spec.productType ?? 'VoiceConnector',
      status: 'Processing',
      numbers: numbers.map((n) => ({ e164: n, status: 'Processing' })),
      createdAt: at(spec.created),
      updatedAt: at(spec.created),
    });
    if (spec.status === 'Processing') continue;
    const outcomes = { Successful: ['Acquired', 'Acquired'], Partial: ['Acquired', 'Failed'], Failed: ['Failed', 'Failed'] } as const;
    await storage.orders.settle(accountId, id, {
      status: spec.status,
      numbers: numbers.map((n, i) => {
        const status = outcomes[spec.status as keyof typeof outcomes][i]!;
        return status === 'Failed' ? { e164: n, status, failureReason: 'not-available' } : { e164: n, status };
      }),
      at: at(spec.settled!),
    });
  }
}

/** A number record as `dialtone import` stores it. */
function record(accountId: string, e164: string, status: PhoneNumberStatus, productType: ProductType, extra: Partial<OwnedNumber> = {}): OwnedNumber {
  return { e164, accountId, status, productType, type: 'Local', country: 'US', createdAt: at(-HOUR), updatedAt: at(-HOUR), active: true, ...extra };
}

/**
 * The numbers the account holds at `now` as `ListPhoneNumbers` lists them, every page, minus its `AcquireFailed`
 * records: by status and product type, as `overview` answers them.
 */
export async function heldAsListed(storage: Storage, accountId: string, now: Date): Promise<{ status: string; productType: string; count: number }[]> {
  const counts = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await storage.phoneNumbers.listListed(accountId, { limit: 100, now, ...(after === undefined ? {} : { after }) });
    for (const n of page.filter((record) => record.status !== 'AcquireFailed')) {
      const key = `${n.status}\n${n.productType}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (page.length < 100) break;
    after = page[page.length - 1]!.e164;
  }
  return [...counts]
    .map(([key, count]) => {
      const [status, productType] = key.split('\n') as [string, string];
      return { status, productType, count };
    })
    .sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : a.productType < b.productType ? -1 : a.productType > b.productType ? 1 : 0));
}

const HOURLY: OverviewWindow = { since: at(0), until: at(3 * HOUR), bucketSeconds: 3600 };
const NOW = at(3 * HOUR + 30 * SECOND);

/** The orders of the main scenario (see the first test for what each one checks). */
const ORDERS: OrderSpec[] = [
  { created: 5 * MINUTE, status: 'Successful', settled: 5 * MINUTE + 400 },
  { created: 20 * MINUTE, status: 'Failed', settled: 20 * MINUTE + 1_200 },
  { created: HOUR - 1, status: 'Processing' },
  { created: HOUR + MINUTE, status: 'Successful', settled: HOUR + MINUTE + 800, productType: 'SipMediaApplicationDialIn' },
  { created: 2 * HOUR + 10 * MINUTE, status: 'Partial', settled: 2 * HOUR + 10 * MINUTE + 3_000 },
  // Settled after the window: counted in its creation bucket by its status now, not among the settled.
  { created: 2 * HOUR + 30 * MINUTE, status: 'Successful', settled: 3 * HOUR + 5 * SECOND },
  // Created just before the window, settled inside it: among the settled, in no bucket.
  { created: -1, status: 'Successful', settled: 10 },
  // Created at the window's end (excluded) and two hours before it: both Processing, the second the oldest.
  { created: 3 * HOUR, status: 'Processing' },
  { created: -2 * HOUR, status: 'Processing' },
  // Settled before the window.
  { created: -HOUR, status: 'Successful', settled: -HOUR + 500 },
];

export function runOverviewContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: console overview`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('counts orders by creation bucket and current status, the processing ones and the oldest, and the settled lags', async () => {
      const a = account();
      await writeOrders(storage, a, ORDERS);
      const overview = await storage.overview.overview(a, HOURLY, NOW);
      assert.deepEqual(overview.orders, [
        { start: at(0), counts: { Successful: 1, Failed: 1, Processing: 1 } },
        { start: at(HOUR), counts: { Successful: 1 } },
        { start: at(2 * HOUR), counts: { Partial: 1, Successful: 1 } },
      ]);
      // Settled in [T0, T0 + 3 h): lags 400, 1200, 800, 3000 and 11 ms. Nearest rank of 5: the 3rd and the 5th.
      assert.deepEqual(overview.fulfilment, {
        processing: 3,
        oldestProcessingSeconds: (5 * HOUR + 30 * SECOND) / SECOND,
        settled: 5,
        lagSecondsP50: 0.8,
        lagSecondsP95: 3,
      });
      assert.deepEqual(overview.numbers, []);
    });

    it('aligns buckets to the epoch: the first starts before an unaligned since and counts only what is inside', async () => {
      const a = account();
      await writeOrders(storage, a, ORDERS);
      const late = await storage.overview.overview(a, { since: at(30 * MINUTE), until: at(90 * MINUTE), bucketSeconds: 3600 }, NOW);
      assert.deepEqual(late.orders, [
        { start: at(0), counts: { Processing: 1 } },
        { start: at(HOUR), counts: { Successful: 1 } },
      ]);
      const quarters = await storage.overview.overview(a, { since: at(0), until: at(HOUR), bucketSeconds: 900 }, NOW);
      assert.deepEqual(quarters.orders, [
        { start: at(0), counts: { Successful: 1 } },
        { start: at(15 * MINUTE), counts: { Failed: 1 } },
        { start: at(45 * MINUTE), counts: { Processing: 1 } },
      ]);
      assert.equal(quarters.fulfilment.settled, 3, 'settled in the first hour: the orders created at -1 ms, 5 and 20 minutes');
      // A bucket size that does not divide an hour: each order in the bucket of floor(created / size) * size.
      const bucketMs = (7 * 60 + 1) * SECOND;
      const expected = new Map<number, Record<string, number>>();
      for (const order of ORDERS.filter((o) => o.created >= 0 && o.created < 3 * HOUR)) {
        const start = Math.floor((T0 + order.created) / bucketMs) * bucketMs;
        const counts = expected.get(start) ?? {};
        counts[order.status] = (counts[order.status] ?? 0) + 1;
        expected.set(start, counts);
      }
      const odd = await storage.overview.overview(a, { since: at(0), until: at(3 * HOUR), bucketSeconds: 7 * 60 + 1 }, NOW);
      assert.deepEqual(odd.orders, [...expected].sort(([x], [y]) => x - y).map(([start, counts]) => ({ start: new Date(start), counts })));
      assert.notEqual(T0 % bucketMs, 0, 'the window starts inside a bucket');
    });

    it('gives the median and the 95th percentile by nearest rank', async () => {
      const a = account();
      // Lags 100, 200, ..., 2000 ms, written in a shuffled order.
      const lags = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
      const shuffled = [...lags].sort(() => Math.random() - 0.5);
      await writeOrders(storage, a, shuffled.map((lag, i) => ({ created: i * MINUTE, status: 'Successful', settled: i * MINUTE + lag })));
      let figures = (await storage.overview.overview(a, HOURLY, NOW)).fulfilment;
      assert.equal(figures.settled, 20);
      assert.equal(figures.lagSecondsP50, 1, 'rank 10 of 20');
      assert.equal(figures.lagSecondsP95, 1.9, 'rank 19 of 20');
      // One more, slower than all: rank 11 and 20 of 21.
      await writeOrders(storage, a, [{ created: 50 * MINUTE, status: 'Failed', settled: 50 * MINUTE + 60 * SECOND }]);
      figures = (await storage.overview.overview(a, HOURLY, NOW)).fulfilment;
      assert.deepEqual([figures.settled, figures.lagSecondsP50, figures.lagSecondsP95], [21, 1.1, 2]);
      // Only one settled in a window: both percentiles are its lag.
      const one = (await storage.overview.overview(a, { since: at(0), until: at(MINUTE), bucketSeconds: 60 }, NOW)).fulfilment;
      assert.deepEqual([one.settled, one.lagSecondsP50, one.lagSecondsP95], [1, shuffled[0]! / 1000, shuffled[0]! / 1000]);
    });

    it('counts the numbers the account holds now by status and product type', async () => {
      const a = account();
      const e164 = numberBlock();
      const records = [
        ...Array.from({ length: 3 }, () => record(a, e164(), 'Unassigned', 'VoiceConnector')),
        ...Array.from({ length: 2 }, () => record(a, e164(), 'Unassigned', 'SipMediaApplicationDialIn')),
        record(a, e164(), 'Unassigned', 'BusinessCalling'),
        record(a, e164(), 'Assigned', 'VoiceConnector'),
        record(a, e164(), 'AcquireInProgress', 'VoiceConnector'),
        record(a, e164(), 'DeleteInProgress', 'VoiceConnector', { deletionAt: at(4 * HOUR) }),
        // Past its deletion time, awaiting the sweep: the API no longer lists it.
        record(a, e164(), 'DeleteInProgress', 'VoiceConnector', { deletionAt: NOW }),
        // Never held, and released.
        record(a, e164(), 'AcquireFailed', 'VoiceConnector', { active: false }),
        record(a, e164(), 'DeleteInProgress', 'VoiceConnector', { active: false, releasedAt: at(-HOUR) }),
      ];
      await storage.phoneNumbers.insertRecords(records);
      const { numbers } = await storage.overview.overview(a, HOURLY, NOW);
      assert.deepEqual(numbers, [
        { status: 'AcquireInProgress', productType: 'VoiceConnector', count: 1 },
        { status: 'Assigned', productType: 'VoiceConnector', count: 1 },
        { status: 'DeleteInProgress', productType: 'VoiceConnector', count: 1 },
        { status: 'Unassigned', productType: 'BusinessCalling', count: 1 },
        { status: 'Unassigned', productType: 'SipMediaApplicationDialIn', count: 2 },
        { status: 'Unassigned', productType: 'VoiceConnector', count: 3 },
      ]);
      // An hour earlier, the queued number past its time now was still listed.
      const earlier = await storage.overview.overview(a, HOURLY, at(2 * HOUR));
      assert.deepEqual(earlier.numbers.find((n) => n.status === 'DeleteInProgress'), { status: 'DeleteInProgress', productType: 'VoiceConnector', count: 2 });
      // Moves through the lifecycle show at once.
      const unassigned = records[0]!.e164;
      assert.equal(await storage.phoneNumbers.queueDeletion(a, unassigned, { at: NOW, deletionAt: at(10 * HOUR) }), true);
      const after = await storage.overview.overview(a, HOURLY, NOW);
      assert.deepEqual(after.numbers.filter((n) => n.productType === 'VoiceConnector').map((n) => [n.status, n.count]), [
        ['AcquireInProgress', 1],
        ['Assigned', 1],
        ['DeleteInProgress', 2],
        ['Unassigned', 2],
      ]);
    });

    it('follows every change of a number: its status, product type, ownership, release and the reset of its account', async () => {
      const a = account();
      const e164 = numberBlock();
      const numbers = Array.from({ length: 6 }, () => e164());
      let now = NOW;
      const check = async (what: string) => {
        const { numbers: counted } = await storage.overview.overview(a, HOURLY, now);
        assert.deepEqual(counted, await heldAsListed(storage, a, now), what);
        return counted;
      };
      await storage.phoneNumbers.insertRecords(numbers.map((n) => record(a, n, 'AcquireInProgress', 'VoiceConnector', { orderId: 'order-1' })));
      await check('reserved');
      await storage.phoneNumbers.settleAcquisitionsOf(numbers.map((n, i) => ({ orderId: 'order-1', e164: n, acquired: i !== 5 })), NOW);
      assert.deepEqual(await check('acquired but one'), [{ status: 'Unassigned', productType: 'VoiceConnector', count: 5 }]);
      assert.deepEqual([...(await storage.phoneNumbers.markAssigned(a, numbers.slice(0, 2), { productType: 'VoiceConnector', at: NOW }))].sort(), numbers.slice(0, 2));
      await check('two assigned');
      assert.equal(await storage.phoneNumbers.changeProductType(a, numbers[2]!, { productType: 'SipMediaApplicationDialIn', from: ['Unassigned'], at: NOW }), true);
      await check('one of another product type');
      assert.equal(await storage.phoneNumbers.queueDeletion(a, numbers[3]!, { at: NOW, deletionAt: at(4 * HOUR) }), true);
      assert.equal(await storage.phoneNumbers.queueDeletion(a, numbers[4]!, { at: NOW, deletionAt: at(5 * HOUR) }), true);
      assert.equal(await storage.phoneNumbers.restore(a, numbers[4]!, NOW), true);
      assert.deepEqual(await check('one queued, one restored'), [
        { status: 'Assigned', productType: 'VoiceConnector', count: 2 },
        { status: 'DeleteInProgress', productType: 'VoiceConnector', count: 1 },
        { status: 'Unassigned', productType: 'SipMediaApplicationDialIn', count: 1 },
        { status: 'Unassigned', productType: 'VoiceConnector', count: 1 },
      ]);
      now = at(4 * HOUR);
      await check('past its deletion time, before the sweep');
      const released = await storage.phoneNumbers.releaseDue(now, 1_000);
      assert.ok(released.some((n) => n.e164 === numbers[3]));
      assert.equal((await check('released')).find((n) => n.status === 'DeleteInProgress'), undefined);
      await storage.resetAccount(a);
      assert.deepEqual(await check('reset'), []);
      await storage.phoneNumbers.insertRecords([record(a, numbers[0]!, 'Unassigned', 'BusinessCalling')]);
      assert.deepEqual(await check('after the reset'), [{ status: 'Unassigned', productType: 'BusinessCalling', count: 1 }]);
    });

    it("never counts another account's orders or numbers", async () => {
      const [a, b] = [account(), account()];
      await writeOrders(storage, a, ORDERS);
      // b: orders in the same buckets, a processing one older than a's oldest, a slow settlement, numbers.
      await writeOrders(storage, b, [
        { created: 6 * MINUTE, status: 'Successful', settled: 6 * MINUTE + 90 * SECOND },
        { created: -5 * HOUR, status: 'Processing' },
        { created: HOUR + 2 * MINUTE, status: 'Failed', settled: HOUR + 2 * MINUTE + 100 },
      ]);
      const e164 = numberBlock();
      await storage.phoneNumbers.insertRecords([record(b, e164(), 'Unassigned', 'VoiceConnector'), record(b, e164(), 'Assigned', 'VoiceConnector')]);
      await storage.phoneNumbers.insertRecords([record(a, e164(), 'Unassigned', 'VoiceConnector')]);

      const ofA = await storage.overview.overview(a, HOURLY, NOW);
      assert.deepEqual(ofA.orders.map((bucket) => bucket.counts), [{ Successful: 1, Failed: 1, Processing: 1 }, { Successful: 1 }, { Partial: 1, Successful: 1 }]);
      assert.deepEqual(ofA.fulfilment, { processing: 3, oldestProcessingSeconds: 18_030, settled: 5, lagSecondsP50: 0.8, lagSecondsP95: 3 });
      assert.deepEqual(ofA.numbers, [{ status: 'Unassigned', productType: 'VoiceConnector', count: 1 }]);

      const ofB = await storage.overview.overview(b, HOURLY, NOW);
      assert.deepEqual(ofB.orders, [
        { start: at(0), counts: { Successful: 1 } },
        { start: at(HOUR), counts: { Failed: 1 } },
      ]);
      assert.deepEqual(ofB.fulfilment, { processing: 1, oldestProcessingSeconds: (5 * HOUR + 3 * HOUR + 30 * SECOND) / SECOND, settled: 2, lagSecondsP50: 0.1, lagSecondsP95: 90 });
      assert.deepEqual(ofB.numbers, [
        { status: 'Assigned', productType: 'VoiceConnector', count: 1 },
        { status: 'Unassigned', productType: 'VoiceConnector', count: 1 },
      ]);

      const empty = await storage.overview.overview(account(), HOURLY, NOW);
      assert.deepEqual(empty, { orders: [], numbers: [], fulfilment: { processing: 0, oldestProcessingSeconds: null, settled: 0, lagSecondsP50: null, lagSecondsP95: null } });
    });

    it('reads the same inside a snapshot', async () => {
      const a = account();
      await writeOrders(storage, a, ORDERS);
      await storage.phoneNumbers.insertRecords([record(a, numberBlock()(), 'Assigned', 'SipMediaApplicationDialIn')]);
      const outside = await storage.overview.overview(a, HOURLY, NOW);
      const inside = await storage.snapshot((repos) => repos.overview.overview(a, HOURLY, NOW));
      assert.deepEqual(inside, outside);
      assert.equal(outside.numbers.length, 1);
    });

    it('refuses an empty or reversed window, a bucket that is not a positive whole number of seconds, and too many buckets', async () => {
      const a = account();
      const refused = async (window: OverviewWindow, pattern: RegExp, now = NOW) => {
        await assert.rejects(storage.overview.overview(a, window, now), (error: unknown) => error instanceof RangeError && pattern.test(error.message));
      };
      await refused({ since: at(HOUR), until: at(HOUR), bucketSeconds: 60 }, /must end after it starts/);
      await refused({ since: at(HOUR), until: at(0), bucketSeconds: 60 }, /must end after it starts/);
      for (const bucketSeconds of [0, -60, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await refused({ ...HOURLY, bucketSeconds }, /bucketSeconds must be a positive whole number/);
      }
      await refused({ since: new Date(Number.NaN), until: at(0), bucketSeconds: 60 }, /valid dates/);
      await refused(HOURLY, /valid dates/, new Date(Number.NaN));
      // 720 hours by the second: 2,592,000 buckets.
      await refused({ since: at(-720 * HOUR), until: at(0), bucketSeconds: 1 }, /holds 2592000 buckets of 1 s; at most 10000/);
      const widest = await storage.overview.overview(a, { since: at(-720 * HOUR), until: at(0), bucketSeconds: 300 }, NOW);
      assert.deepEqual(widest.orders, []);
    });
  });
}

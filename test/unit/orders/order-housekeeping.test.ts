/**
 * Order housekeeping over real SQLite storage and a manual clock: finished orders are deleted once they finished longer
 * ago than the retention (never orders in Processing; never with retention 0), in batches bounded per sweep; claims of
 * invocation ids once they are older than the window.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OrderHousekeeping } from '../../../src/domain/orders/order-housekeeping.ts';
import type { Order, OrderStatus } from '../../../src/domain/orders/order.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const ALICE = '111111111111';
const T0 = Date.UTC(2026, 3, 4, 5, 6, 7);
const DAY = 86_400_000;
const RETENTION = 90 * DAY;
const WINDOW = 600_000;

let storage: Storage;
let clock: ManualClock;
let serial = 0;

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
});
afterEach(() => storage.close());

function housekeeping(options: { retentionMs?: number; orderBatch?: number; maxBatches?: number } = {}): OrderHousekeeping {
  return new OrderHousekeeping({
    orders: storage.orders,
    invocations: storage.orderInvocations,
    clock,
    retentionMs: options.retentionMs ?? RETENTION,
    invocationWindowMs: WINDOW,
    ...(options.orderBatch === undefined ? {} : { orderBatch: options.orderBatch }),
    ...(options.maxBatches === undefined ? {} : { maxBatches: options.maxBatches }),
  });
}

async function place(status: OrderStatus, finishedAt = T0): Promise<Order> {
  serial += 1;
  const order: Order = {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    accountId: ALICE,
    productType: 'VoiceConnector',
    status,
    numbers: [{ e164: '+12065550100', status: status === 'Processing' ? 'Processing' : 'Acquired' }],
    createdAt: new Date(finishedAt - 1_000),
    updatedAt: new Date(finishedAt),
  };
  await storage.orders.insert(order);
  return order;
}

const listed = async (): Promise<string[]> => (await storage.orders.list(ALICE, { limit: 100 })).map((o) => o.id);

describe('OrderHousekeeping', () => {
  it('deletes finished orders once they finished longer ago than the retention; never an order in Processing', async () => {
    const finished = await Promise.all((['Successful', 'Partial', 'Failed'] as const).map((status) => place(status)));
    const processing = await place('Processing', T0 - 400 * DAY);
    clock.set(new Date(T0 + RETENTION));
    assert.deepEqual(await housekeeping().sweep(), { prunedOrders: 0, prunedInvocations: 0 }, 'kept for the whole retention');
    clock.advance(1);
    assert.deepEqual(await housekeeping().sweep(), { prunedOrders: 3, prunedInvocations: 0 });
    assert.deepEqual(await listed(), [processing.id]);
    for (const order of finished) assert.equal(await storage.orders.get(ALICE, order.id), undefined);
  });

  it('keeps every order with retention 0', async () => {
    const order = await place('Successful');
    clock.advance(100 * 365 * DAY);
    assert.equal((await housekeeping({ retentionMs: 0 }).sweep()).prunedOrders, 0);
    assert.deepEqual(await listed(), [order.id]);
  });

  it('deletes in bounded batches, a bounded number per sweep, until nothing is due', async () => {
    for (let i = 0; i < 7; i++) await place('Successful', T0 + i);
    clock.set(new Date(T0 + RETENTION + DAY));
    const sweeper = housekeeping({ orderBatch: 2, maxBatches: 2 });
    assert.equal((await sweeper.sweep()).prunedOrders, 4);
    assert.equal((await sweeper.sweep()).prunedOrders, 3);
    assert.equal((await sweeper.sweep()).prunedOrders, 0);
    assert.deepEqual(await listed(), []);
  });

  it('deletes claims of invocation ids once they are older than the window', async () => {
    const claim = { accountId: ALICE, invocationId: 'call-1', orderId: 'o-1', fingerprint: 'f', at: new Date(T0) };
    assert.equal((await storage.orderInvocations.claim(claim, new Date(0))).claimed, true);
    clock.set(new Date(T0 + WINDOW));
    assert.equal((await housekeeping().sweep()).prunedInvocations, 0);
    clock.advance(1);
    assert.equal((await housekeeping().sweep()).prunedInvocations, 1);
    assert.equal((await storage.orderInvocations.claim({ ...claim, orderId: 'o-2' }, new Date(T0 + 1))).claimed, true, 'the id is free');
  });

  it('refuses a negative retention or window', () => {
    assert.throws(() => housekeeping({ retentionMs: -1 }), /retentionMs/);
  });
});

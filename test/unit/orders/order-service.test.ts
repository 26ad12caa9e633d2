/**
 * The order service over real SQLite storage, a manual clock and seeded ids: a new order is stored with its numbers
 * and its fulfilment job in one transaction (or not at all), quotas come from the quota port, reads stay inside the
 * account, and listing pages by creation time with tokens bound to the account.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { knownProductTypes } from '../../../src/domain/numbers/product-type.ts';
import { FULFIL_ORDER } from '../../../src/domain/orders/fulfilment.ts';
import type { Order } from '../../../src/domain/orders/order.ts';
import { OrderService } from '../../../src/domain/orders/order-service.ts';
import type { AccountQuotas, QuotaSource } from '../../../src/domain/ports/quotas.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { seededIds, timeOrderedUuid } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';
import { orderIdTimeMs } from '../../support/order-ids.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 3, 4, 5, 6, 7);
const LIMITS = { maxNumbersPerOrder: 10 };

let storage: Storage;
let clock: ManualClock;
let created: number;

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
  created = 0;
});
afterEach(() => storage.close());

function service(options: { quotas?: QuotaSource; onCreated?: () => void; seed?: string } = {}): OrderService {
  return new OrderService({
    orders: storage.orders,
    unitOfWork: narrowed(storage, (repos) => ({ orders: repos.orders, usage: repos.usage, jobs: repos.jobs, events: repos.events })),
    clock,
    ids: seededIds(options.seed ?? 'orders'),
    tokens: new PageTokens(Buffer.alloc(32, 3)),
    limits: LIMITS,
    quotas: options.quotas,
    onCreated: options.onCreated ?? (() => (created += 1)),
  });
}

const quotas = (q: Partial<AccountQuotas>): QuotaSource => ({
  quotasOf: () => Promise.resolve({ maxNumbersPerOrder: 10, maxPhoneNumbersPerAccount: 100, maxProcessingOrdersPerAccount: 10, ...q }),
});

/** The jobs due now, leased to a throwaway owner (the queue is otherwise empty in these tests). */
const dueJobs = () => storage.jobs.claim({ owner: 'test', now: clock.now(), leaseMs: 1_000, limit: 100 });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => assert.fail('expected a DomainError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DomainError, String(error));
  return error;
}

describe('OrderService.create', () => {
  it('stores the order with every number Processing and its fulfilment job, then says so once', async () => {
    const expectedId = timeOrderedUuid(seededIds('orders'), new Date(T0));
    const order = await service().create(ALICE, 'VoiceConnector', ['12065550100', '+12065550101']);
    assert.equal(order.id, expectedId);
    assert.match(order.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID v7');
    assert.equal(order.status, 'Processing');
    assert.deepEqual(order.numbers, [
      { e164: '+12065550100', status: 'Processing' },
      { e164: '+12065550101', status: 'Processing' },
    ]);
    assert.equal(order.createdAt.getTime(), T0);
    assert.deepEqual(await storage.orders.get(ALICE, order.id), order);
    assert.deepEqual(await dueJobs(), [{ id: order.id, kind: FULFIL_ORDER, accountId: ALICE, attempts: 0 }]);
    assert.equal(created, 1);
  });

  it('gives orders ids in the order of their creation times, the same millisecond or not', async () => {
    const orders: Order[] = [];
    for (const step of [0, 0, 1, 0, 250, 86_400_000]) {
      clock.advance(step);
      orders.push(await service({ seed: `o${orders.length}` }).create(ALICE, 'VoiceConnector', [`+1206555${String(orders.length).padStart(4, '0')}`]));
    }
    const ids = orders.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length);
    // The first 12 hex digits are the creation time; what follows is random (two orders of one millisecond in any order).
    for (const order of orders) assert.equal(orderIdTimeMs(order.id), order.createdAt.getTime());
    const distinctTimes = orders.filter((o, i) => i === 0 || o.createdAt.getTime() !== orders[i - 1]!.createdAt.getTime());
    assert.deepEqual(distinctTimes.map((o) => o.id).sort(), distinctTimes.map((o) => o.id));
  });

  it('keeps the name it was given for its numbers; an empty name is no name', async () => {
    const orders = service();
    const named = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { name: 'Support line' });
    assert.equal(named.name, 'Support line');
    assert.equal((await storage.orders.get(ALICE, named.id))?.name, 'Support line');
    const empty = await orders.create(ALICE, 'VoiceConnector', ['+12065550101'], { name: '' });
    assert.equal(Object.hasOwn(empty, 'name'), false);
    assert.equal(Object.hasOwn((await storage.orders.get(ALICE, empty.id))!, 'name'), false);
  });

  it('stores nothing for an order the rules refuse', async () => {
    const error = await rejection(service().create(ALICE, 'BusinessCalling', ['+18445550100']));
    assert.equal(error.kind, 'invalid');
    assert.match(error.message, /\+18445550100/);
    assert.deepEqual(await storage.orders.list(ALICE, { limit: 10 }), []);
    assert.equal(await storage.jobs.count(), 0);
    assert.equal(created, 0);
  });

  it('takes the numbers-per-order limit from the quota port over the global limit', async () => {
    const error = await rejection(service({ quotas: quotas({ maxNumbersPerOrder: 1 }) }).create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101']));
    assert.equal(error.kind, 'limit-exceeded');
    assert.match(error.message, /limit is 1 phone numbers per order/);
  });

  it('refuses an order over the processing-orders quota and stores nothing for it', async () => {
    const orders = service({ quotas: quotas({ maxProcessingOrdersPerAccount: 1 }) });
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100']);
    const error = await rejection(orders.create(ALICE, 'VoiceConnector', ['+12065550101']));
    assert.equal(error.kind, 'limit-exceeded');
    assert.match(error.message, /maxProcessingOrdersPerAccount/);
    assert.deepEqual((await storage.orders.list(ALICE, { limit: 10 })).map((o) => o.id), [first.id]);
    assert.equal(await storage.jobs.count(), 1);
    await orders.create(BOB, 'VoiceConnector', ['+12065550101']);
    assert.equal(await storage.jobs.count(), 2, "another account's quota is its own");
  });

  it('refuses an order that would take the account past its phone-number quota', async () => {
    const orders = service({ quotas: quotas({ maxPhoneNumbersPerAccount: 3 }) });
    await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101']);
    const error = await rejection(orders.create(ALICE, 'VoiceConnector', ['+12065550102', '+12065550103']));
    assert.equal(error.kind, 'limit-exceeded');
    assert.match(error.message, /maxPhoneNumbersPerAccount/);
    await orders.create(ALICE, 'VoiceConnector', ['+12065550102']);
  });

  it('answers the committed order even when waking the worker throws', async () => {
    const order = await service({
      onCreated: () => {
        throw new Error('worker gone');
      },
    }).create(ALICE, 'VoiceConnector', ['+12065550100']);
    assert.equal((await storage.orders.get(ALICE, order.id))?.status, 'Processing');
  });
});

describe('OrderService.get and list', () => {
  it('finds an order by its id in any letter case, only in its own account', async () => {
    const orders = service();
    const order = await orders.create(ALICE, 'VoiceConnector', ['+12065550100']);
    assert.equal((await orders.get(ALICE, order.id.toUpperCase())).id, order.id);
    const error = await rejection(orders.get(BOB, order.id));
    assert.equal(error.kind, 'not-found');
  });

  it('pages the account orders oldest first; the last page has no token; a token works only for its account', async () => {
    const orders = service();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await orders.create(ALICE, 'VoiceConnector', [`+1206555010${i}`])).id);
      clock.advance(1_000);
    }
    await orders.create(BOB, 'VoiceConnector', ['+12065550109']);
    const pages: string[][] = [];
    let nextToken: string | undefined;
    let aliceToken: string | undefined;
    do {
      const page = await orders.list(ALICE, { maxResults: 2, nextToken });
      pages.push(page.orders.map((o) => o.id));
      aliceToken ??= page.nextToken;
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(pages, [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    assert.ok(aliceToken);
    assert.equal((await rejection(orders.list(BOB, { maxResults: 2, nextToken: aliceToken }))).kind, 'invalid');
  });
});

describe('OrderService scoped by the API of the request', () => {
  const VOICE = { productTypes: knownProductTypes(['VoiceConnector', 'SipMediaApplicationDialIn']) };

  it('neither finds nor lists an order of a product type the API does not know; pages stay full', async () => {
    const orders = service();
    const placed = [];
    for (const [i, productType] of (['BusinessCalling', 'VoiceConnector', 'BusinessCalling', 'SipMediaApplicationDialIn', 'VoiceConnector'] as const).entries()) {
      placed.push(await orders.create(ALICE, productType, [`+1206555010${i}`]));
      clock.advance(1_000);
    }
    const business = placed.filter((o) => o.productType === 'BusinessCalling');
    const voice = placed.filter((o) => o.productType !== 'BusinessCalling');
    assert.equal((await rejection(orders.get(ALICE, business[0]!.id, VOICE))).kind, 'not-found');
    assert.equal((await orders.get(ALICE, voice[0]!.id, VOICE)).id, voice[0]!.id);
    assert.equal((await orders.get(ALICE, business[0]!.id)).id, business[0]!.id, 'an API that knows Business Calling finds it');

    const first = await orders.list(ALICE, { maxResults: 2 }, VOICE);
    assert.deepEqual(first.orders.map((o) => o.id), voice.slice(0, 2).map((o) => o.id));
    const second = await orders.list(ALICE, { maxResults: 2, nextToken: first.nextToken }, VOICE);
    assert.deepEqual([second.orders.map((o) => o.id), second.nextToken], [[voice[2]!.id], undefined]);
    assert.equal((await orders.list(ALICE, { maxResults: 99 })).orders.length, 5);

    const everything = await orders.list(ALICE, { maxResults: 1 });
    assert.equal((await rejection(orders.list(ALICE, { maxResults: 1, nextToken: everything.nextToken }, VOICE))).kind, 'invalid', 'a token belongs to its listing');
    assert.equal((await rejection(orders.list(ALICE, { maxResults: 1, nextToken: first.nextToken }))).kind, 'invalid');
  });
});

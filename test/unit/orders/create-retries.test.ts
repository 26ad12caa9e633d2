/**
 * Retry-safe creates in the order service, over real SQLite storage and a manual clock: a create that carries the SDK's
 * invocation id answers, to every retry within the window, the order the call created (as it is now), without counting
 * against a quota again; the same id with another request is refused; unusable ids are ignored; past the window the
 * id no longer matches; accounts do not share ids.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { INVOCATION_ID_HEADER, usableInvocationId } from '../../../src/domain/orders/create-retries.ts';
import { OrderService } from '../../../src/domain/orders/order-service.ts';
import type { AccountQuotas, QuotaSource } from '../../../src/domain/ports/quotas.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 3, 4, 5, 6, 7);
const WINDOW_MS = 10 * 60_000;
const ID = '1e730bd2-17e1-4654-a210-a39c127b862c';

let storage: Storage;
let clock: ManualClock;
let created: number;

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
  created = 0;
});
afterEach(() => storage.close());

function service(options: { quotas?: QuotaSource; windowMs?: number } = {}): OrderService {
  return new OrderService({
    orders: storage.orders,
    unitOfWork: narrowed(storage, (repos) => ({ orders: repos.orders, usage: repos.usage, jobs: repos.jobs, events: repos.events, orderInvocations: repos.orderInvocations })),
    clock,
    ids: seededIds('retries'),
    tokens: new PageTokens(Buffer.alloc(32, 3)),
    limits: { maxNumbersPerOrder: 10 },
    quotas: options.quotas,
    onCreated: () => (created += 1),
    invocationWindowMs: options.windowMs ?? WINDOW_MS,
  });
}

const quotas = (q: () => Partial<AccountQuotas>): QuotaSource => ({
  quotasOf: () => Promise.resolve({ maxNumbersPerOrder: 10, maxPhoneNumbersPerAccount: 100, maxProcessingOrdersPerAccount: 10, ...q() }),
});

const orderIds = async (accountId: string): Promise<string[]> => (await storage.orders.list(accountId, { limit: 100 })).map((o) => o.id);

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => assert.fail('expected a DomainError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DomainError, String(error));
  return error;
}

describe('OrderService.create with an invocation id', () => {
  it('answers a retry of the call with the order the call created, as it is now; creates and wakes the worker once', async () => {
    const orders = service();
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101'], { invocationId: ID });
    clock.advance(1_500);
    assert.deepEqual(await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101'], { invocationId: ID }), first);
    await storage.orders.settle(ALICE, first.id, {
      numbers: [{ e164: '+12065550100', status: 'Acquired' }, { e164: '+12065550101', status: 'Failed', failureReason: 'carrier-refused' }],
      status: 'Partial',
      at: clock.now(),
    });
    const settled = await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101'], { invocationId: ID });
    assert.equal(settled.id, first.id);
    assert.equal(settled.status, 'Partial', 'the order as it is now');
    assert.deepEqual(settled, await storage.orders.get(ALICE, first.id));
    assert.deepEqual(await orderIds(ALICE), [first.id]);
    assert.equal(await storage.jobs.count(), 1);
    assert.equal(created, 1, 'only a new order wakes the worker');
  });

  it('treats the same numbers written differently as the same request, and a Name as part of it', async () => {
    const orders = service();
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID, name: 'Front desk' });
    const again = await orders.create(ALICE, 'VoiceConnector', ['12065550100'], { invocationId: ID, name: 'Front desk' });
    assert.equal(again.id, first.id);
    const unnamed = await orders.create(ALICE, 'VoiceConnector', ['+12065550101'], { invocationId: 'other-call', name: '' });
    assert.equal((await orders.create(ALICE, 'VoiceConnector', ['+12065550101'], { invocationId: 'other-call' })).id, unnamed.id, "'' is no name");
  });

  it('does not count a retry against the quotas again', async () => {
    const orders = service({ quotas: quotas(() => ({ maxProcessingOrdersPerAccount: 1, maxPhoneNumbersPerAccount: 2 })) });
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101'], { invocationId: ID });
    for (let i = 0; i < 3; i++) assert.equal((await orders.create(ALICE, 'VoiceConnector', ['+12065550100', '+12065550101'], { invocationId: ID })).id, first.id);
    const error = await rejection(orders.create(ALICE, 'VoiceConnector', ['+12065550102'], { invocationId: 'a-new-call' }));
    assert.equal(error.kind, 'limit-exceeded', 'a new call still counts');
  });

  it('refuses the id with another request, naming the header, and stores nothing for it', async () => {
    const orders = service();
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    const others: [Parameters<OrderService['create']>[1], string[], string | undefined][] = [
      ['SipMediaApplicationDialIn', ['+12065550100'], undefined],
      ['VoiceConnector', ['+12065550101'], undefined],
      ['VoiceConnector', ['+12065550100', '+12065550101'], undefined],
      ['VoiceConnector', ['+12065550100'], 'a name'],
    ];
    for (const [productType, numbers, name] of others) {
      const error = await rejection(orders.create(ALICE, productType, numbers, { invocationId: ID, ...(name === undefined ? {} : { name }) }));
      assert.equal(error.kind, 'invalid');
      assert.ok(error.message.includes(`${INVOCATION_ID_HEADER} ${ID}`), error.message);
      assert.match(error.message, /last 10 minutes/);
      assert.deepEqual(error.fields, ['productType', 'phoneNumbers', 'name']);
    }
    assert.deepEqual(await orderIds(ALICE), [first.id]);
    assert.equal(await storage.jobs.count(), 1);
  });

  it('keeps ids apart by account', async () => {
    const orders = service();
    const alices = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    const bobs = await orders.create(BOB, 'SipMediaApplicationDialIn', ['+12065550101'], { invocationId: ID });
    assert.notEqual(bobs.id, alices.id);
    assert.equal((await orders.create(BOB, 'SipMediaApplicationDialIn', ['+12065550101'], { invocationId: ID })).id, bobs.id);
    assert.deepEqual(await orderIds(BOB), [bobs.id]);
  });

  it('matches for the whole window and no longer after it: the id then starts a new order', async () => {
    const orders = service();
    const first = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    clock.advance(WINDOW_MS);
    assert.equal((await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID })).id, first.id, 'at the end of the window');
    clock.advance(1);
    const later = await orders.create(ALICE, 'VoiceConnector', ['+12065550101'], { invocationId: ID });
    assert.notEqual(later.id, first.id, 'past the window, even another request is a new call');
    assert.equal((await orders.create(ALICE, 'VoiceConnector', ['+12065550101'], { invocationId: ID })).id, later.id, 'and its retries find it');
    assert.deepEqual((await orderIds(ALICE)).sort(), [first.id, later.id].sort());
  });

  it('ignores ids that are not usable: the request proceeds, every time as a new order', async () => {
    const orders = service();
    for (const raw of ['x'.repeat(65), 'under_score', 'two, ids', 'üñí', '', 'a b']) {
      assert.equal(usableInvocationId(raw), undefined, raw);
      const a = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: raw });
      const b = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: raw });
      assert.notEqual(a.id, b.id, JSON.stringify(raw));
    }
    assert.equal(usableInvocationId('A'.repeat(64)), 'A'.repeat(64));
    assert.equal(usableInvocationId(ID), ID);
  });

  it('ignores every id when the window is 0', async () => {
    const orders = service({ windowMs: 0 });
    const a = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    const b = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    assert.notEqual(a.id, b.id);
  });

  it('keeps no claim for a create that was refused: the retry is judged afresh', async () => {
    let maxProcessingOrdersPerAccount = 0;
    const orders = service({ quotas: quotas(() => ({ maxProcessingOrdersPerAccount })) });
    assert.equal((await rejection(orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID }))).kind, 'limit-exceeded');
    maxProcessingOrdersPerAccount = 1;
    const order = await orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID });
    assert.deepEqual(await orderIds(ALICE), [order.id]);
  });

  it('creates one order for concurrent duplicates and answers it to each', async () => {
    const orders = service({ quotas: quotas(() => ({ maxProcessingOrdersPerAccount: 1 })) });
    const answers = await Promise.all(Array.from({ length: 6 }, () => orders.create(ALICE, 'VoiceConnector', ['+12065550100'], { invocationId: ID })));
    assert.equal(new Set(answers.map((o) => o.id)).size, 1);
    assert.deepEqual(await orderIds(ALICE), [answers[0]!.id]);
    assert.equal(await storage.jobs.count(), 1);
  });
});

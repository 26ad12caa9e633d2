/**
 * What every adapter's group commit of creates (`Storage.orderIntake`) must do, whatever its database: a create
 * refused by a quota inside a batch answers its own refusal and leaves the others of the batch stored (and the
 * counters equal to a recount); retries of one call (one invocation id) answer one order, within a batch and in a later
 * one, and the same id with another request is refused. Driven by the real order service over the adapter's intake.
 * The adapters' own files add what they check their own way (commits seen from another connection, failures).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Order } from '../../src/domain/orders/order.ts';
import { OrderService } from '../../src/domain/orders/order-service.ts';
import type { OrderIntake } from '../../src/domain/ports/order-intake.ts';
import type { AccountQuotas } from '../../src/domain/ports/quotas.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import type { Storage } from '../../src/storage/storage.ts';

export const ALICE = '111111111111';
export const BOB = '222222222222';
export const QUOTAS: AccountQuotas = { maxNumbersPerOrder: 10, maxPhoneNumbersPerAccount: 1_000, maxProcessingOrdersPerAccount: 1_000 };

/** The storage under test, and what another connection to its database sees. */
export interface GroupCommitSubject {
  storage: Storage;
  /** Whether the order is committed (seen from a connection of the test's own). */
  committed(orderId: string): Promise<boolean>;
  /** The account's orders committed. */
  storedOrders(accountId: string): Promise<number>;
}

/** The order service over `storage`'s intake (or `intake`), with `quotas` (null: none). */
export function orderService(storage: Storage, options: { intake?: OrderIntake; quotas?: AccountQuotas | null } = {}): OrderService {
  const quotas = options.quotas === undefined ? QUOTAS : options.quotas;
  return new OrderService({
    orders: storage.orders,
    intake: options.intake ?? storage.orderIntake!,
    clock: new ManualClock(Date.UTC(2026, 7, 1)),
    ids: cryptoIds,
    tokens: new PageTokens(Buffer.alloc(32, 3)),
    limits: quotas ?? QUOTAS,
    ...(quotas !== null && { quotas: { quotasOf: () => Promise.resolve(quotas) } }),
    invocationWindowMs: 60_000,
  });
}

/** Distinct valid US numbers: +1 206 555 0100… */
export const number = (i: number): string => `+1206555${String(100 + i).padStart(4, '0')}`;

/** Settles every promise; answers the orders and the errors, in order. */
export async function settled(creates: Promise<Order>[]): Promise<{ orders: Order[]; errors: unknown[] }> {
  const results = await Promise.allSettled(creates);
  return {
    orders: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}

/** The shared cases, as tests of the calling `describe`; `subject()` is read in each test (after its beforeEach). */
export function runGroupCommitContract(subject: () => GroupCommitSubject): void {
  it('answers a create refused by a quota inside the batch with its own refusal, and stores the others', async () => {
    const { storage, committed, storedOrders } = subject();
    const orders = orderService(storage, { quotas: { ...QUOTAS, maxProcessingOrdersPerAccount: 5 } });
    const alice = Array.from({ length: 20 }, (_, i) => orders.create(ALICE, 'VoiceConnector', [number(i)], { invocationId: `call-${i}` }));
    const bob = Array.from({ length: 3 }, (_, i) => orders.create(BOB, 'VoiceConnector', [number(100 + i)]));
    const a = await settled(alice);
    const b = await settled(bob);
    assert.equal(a.orders.length, 5, 'exactly the quota of orders in Processing');
    assert.equal(a.errors.length, 15);
    for (const error of a.errors) {
      assert.ok(error instanceof DomainError && error.kind === 'limit-exceeded', String(error));
      assert.match(error.message, /^The account has 5 orders in Processing/);
    }
    assert.equal(b.orders.length, 3, "another account's creates in the same batch are not disturbed");
    for (const order of [...a.orders, ...b.orders]) assert.ok(await committed(order.id));
    assert.equal(await storedOrders(ALICE), 5);
    assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
    // A refused create leaves no claim of its id: a retry of it, once there is room, creates its order.
    const retried = await orderService(storage).create(ALICE, 'VoiceConnector', [number(5)], { invocationId: 'call-5' });
    assert.ok(!a.orders.some((o) => o.id === retried.id) && (await committed(retried.id)));
  });

  it('answers retries of one call with one order, within a batch and in a later one; a reused id with another request is refused', async () => {
    const { storage, storedOrders } = subject();
    const orders = orderService(storage);
    const request = [number(1), number(2)];
    const first = await settled([
      ...Array.from({ length: 10 }, () => orders.create(ALICE, 'VoiceConnector', request, { invocationId: 'call-1' })),
      orders.create(ALICE, 'VoiceConnector', [number(3)], { invocationId: 'call-1' }),
      orders.create(ALICE, 'VoiceConnector', [number(4)], { invocationId: 'call-2' }),
    ]);
    assert.equal(first.orders.length, 11);
    const ids = new Set(first.orders.slice(0, 10).map((o) => o.id));
    assert.equal(ids.size, 1, 'every retry within the batch answers the order of the first attempt');
    assert.equal(first.errors.length, 1);
    assert.ok(first.errors[0] instanceof DomainError && first.errors[0].kind === 'invalid', 'the same id with another request is refused');
    const later = await orders.create(ALICE, 'VoiceConnector', request, { invocationId: 'call-1' });
    assert.equal(later.id, [...ids][0], 'a retry in a later batch answers the same order');
    assert.equal(await storedOrders(ALICE), 2);
  });
}

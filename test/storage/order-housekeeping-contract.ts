/**
 * Retention and invocation ids on a real `Storage` (part of the storage contract, so it runs on SQLite and
 * PostgreSQL): finished orders past a cutoff are deleted oldest first with their numbers, in batches of at most the
 * limit, never orders in Processing and never owned numbers; a claim of an invocation id wins once, answers the earlier
 * claim while it is live, is replaced once it is older than the window, commits and rolls back with its transaction,
 * and of concurrent claims exactly one wins. Deletes reach every account: so that the contract also runs on a database
 * shared with other cases, each case works in an era of its own, earlier than that of every case before it and than
 * any other case's timestamps, and leaves alone what earlier cases left behind.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Order, OrderStatus } from '../../src/domain/orders/order.ts';
import type { InvocationHolder, OrderInvocation } from '../../src/domain/ports/order-invocations.ts';
import type { Storage } from '../../src/storage/storage.ts';

const DAY = 86_400_000;
const hexId = (): string => randomUUID().replaceAll('-', '');

function order(accountId: string, status: OrderStatus, updatedAt: number, e164s = ['+14155550100', '+14155550101']): Order {
  return {
    id: hexId(),
    accountId,
    productType: 'VoiceConnector',
    status,
    numbers: e164s.map((e164) => ({ e164, status: status === 'Processing' ? 'Processing' : 'Acquired' })),
    createdAt: new Date(updatedAt - 1_000),
    updatedAt: new Date(updatedAt),
  };
}

function invocation(accountId: string, invocationId: string, at: number, fingerprint = 'fp-1'): OrderInvocation {
  return { accountId, invocationId, orderId: randomUUID(), fingerprint, at: new Date(at) };
}

/** Declares the retention and invocation-id cases inside a storage contract's `describe`. */
export function orderHousekeepingCases(storage: () => Storage): void {
  it('retention: deletes finished orders that finished before the cutoff, oldest first, at most the limit, with their numbers', async () => {
    const era = Date.UTC(1999, 0, 1);
    const [alice, bob] = [hexId(), hexId()];
    const old = [
      order(alice, 'Successful', era + 3 * DAY),
      order(bob, 'Failed', era + 1 * DAY),
      order(alice, 'Partial', era + 2 * DAY),
    ];
    const processing = order(alice, 'Processing', era);
    const atCutoff = order(bob, 'Successful', era + 10 * DAY);
    for (const o of [...old, processing, atCutoff]) await storage().orders.insert(o);
    const cutoff = new Date(era + 10 * DAY);

    assert.equal(await storage().orders.pruneFinished(cutoff, 2), 2, 'a batch stops at the limit');
    assert.equal(await storage().orders.get(bob, old[1]!.id), undefined, 'the oldest first');
    assert.equal(await storage().orders.get(alice, old[2]!.id), undefined);
    assert.deepEqual(await storage().orders.get(alice, old[0]!.id), old[0]);
    assert.equal(await storage().orders.pruneFinished(cutoff, 2), 1);
    assert.equal(await storage().orders.pruneFinished(cutoff, 2), 0);

    assert.deepEqual(await storage().orders.list(alice, { limit: 10 }), [processing], 'an order in Processing is never deleted');
    assert.deepEqual(await storage().orders.list(bob, { limit: 10 }), [atCutoff], 'an order that finished at the cutoff is kept');
    const gone = old.map((o) => ({ accountId: o.accountId, orderId: o.id }));
    assert.deepEqual(await storage().orders.getMany(gone), []);
    // The numbers went with their orders: the same ids and positions can be written again.
    for (const o of old) await storage().orders.insert(o);
    assert.equal(await storage().orders.pruneFinished(cutoff, 100), 3);
  });

  it('retention: keeps owned numbers, whose order id then names a deleted order', async () => {
    const era = Date.UTC(1998, 0, 1);
    const accountId = hexId();
    const e164 = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const finished = order(accountId, 'Successful', era, [e164]);
    await storage().orders.insert(finished);
    await storage().phoneNumbers.reserve([{ e164, accountId, orderId: finished.id, productType: 'VoiceConnector', type: 'Local', country: 'US', at: new Date(era) }]);
    await storage().phoneNumbers.settleAcquisitionsOf([{ orderId: finished.id, e164, acquired: true }], new Date(era));
    assert.equal(await storage().orders.pruneFinished(new Date(era + DAY), 10), 1);
    assert.equal(await storage().orders.get(accountId, finished.id), undefined);
    const owned = await storage().phoneNumbers.get(accountId, e164);
    assert.equal(owned?.status, 'Unassigned');
    assert.equal(owned?.orderId, finished.id);
  });

  it('retention: a batch inside a transaction is undone with it', async () => {
    const era = Date.UTC(1997, 0, 1);
    const finished = order(hexId(), 'Failed', era);
    await storage().orders.insert(finished);
    const boom = new Error('boom');
    await assert.rejects(
      storage().transaction(async (repos) => {
        assert.equal(await repos.orders.pruneFinished(new Date(era + DAY), 10), 1);
        throw boom;
      }),
      (error) => error === boom,
    );
    assert.deepEqual(await storage().orders.get(finished.accountId, finished.id), finished);
    assert.equal(await storage().orders.pruneFinished(new Date(era + DAY), 10), 1);
  });

  it('invocations: the first claim wins; a live claim answers later ones; an expired one is replaced; accounts apart', async () => {
    const era = Date.UTC(1996, 0, 1);
    const [alice, bob] = [hexId(), hexId()];
    const first = invocation(alice, 'call-1', era);
    assert.deepEqual(await storage().orderInvocations.claim(first, new Date(era - 600_000)), { claimed: true, orderId: first.orderId, fingerprint: 'fp-1', at: new Date(era) });

    const retry = invocation(alice, 'call-1', era + 599_000, 'fp-other');
    const held: InvocationHolder = { claimed: false, orderId: first.orderId, fingerprint: 'fp-1', at: new Date(era) };
    assert.deepEqual(await storage().orderInvocations.claim(retry, new Date(era - 1_000)), held);
    assert.deepEqual(await storage().orderInvocations.claim(retry, new Date(era)), held, 'a claim made at `since` is live');

    const bobs = invocation(bob, 'call-1', era + 1);
    assert.equal((await storage().orderInvocations.claim(bobs, new Date(era - 600_000))).claimed, true, 'another account');

    const later = invocation(alice, 'call-1', era + 600_001, 'fp-2');
    assert.deepEqual(await storage().orderInvocations.claim(later, new Date(era + 1)), { claimed: true, orderId: later.orderId, fingerprint: 'fp-2', at: later.at });
    assert.deepEqual(await storage().orderInvocations.claim(invocation(alice, 'call-1', era + 600_002), new Date(era + 2)), {
      claimed: false,
      orderId: later.orderId,
      fingerprint: 'fp-2',
      at: later.at,
    });
  });

  it('invocations: a claim commits and rolls back with its transaction', async () => {
    const era = Date.UTC(1995, 0, 1);
    const accountId = hexId();
    const lost = invocation(accountId, 'call-2', era);
    const boom = new Error('boom');
    await assert.rejects(
      storage().transaction(async (repos) => {
        assert.equal((await repos.orderInvocations.claim(lost, new Date(era - 1))).claimed, true);
        throw boom;
      }),
      (error) => error === boom,
    );
    const next = invocation(accountId, 'call-2', era + 1);
    assert.equal((await storage().transaction((repos) => repos.orderInvocations.claim(next, new Date(era - 1)))).claimed, true);
    assert.equal((await storage().orderInvocations.claim(invocation(accountId, 'call-2', era + 2), new Date(era - 1))).orderId, next.orderId);
  });

  it('invocations: of concurrent claims in transactions exactly one wins, and every other answers its order', async () => {
    const era = Date.UTC(1994, 0, 1);
    const accountId = hexId();
    const claims = Array.from({ length: 6 }, (_, i) => invocation(accountId, 'call-3', era + i));
    const answers = await Promise.all(
      claims.map((claim) =>
        storage().transaction(async (repos) => {
          const holder = await repos.orderInvocations.claim(claim, new Date(era - 600_000));
          // The winner keeps its transaction open a little: the others meet its uncommitted claim (PostgreSQL waits).
          if (holder.claimed) await sleep(50);
          return holder;
        }),
      ),
    );
    const winners = answers.filter((a) => a.claimed);
    assert.equal(winners.length, 1, JSON.stringify(answers));
    assert.ok(claims.some((c) => c.orderId === winners[0]!.orderId));
    assert.deepEqual(new Set(answers.map((a) => a.orderId)), new Set([winners[0]!.orderId]));
  });

  it('invocations: deletes claims made before a time, oldest first, at most the limit', async () => {
    const era = Date.UTC(1993, 0, 1);
    const accountId = hexId();
    const claims = Array.from({ length: 5 }, (_, i) => invocation(accountId, `call-4-${i}`, era + i * 1_000));
    for (const claim of [...claims].reverse()) await storage().orderInvocations.claim(claim, new Date(0));
    const before = new Date(era + 3_000);
    assert.equal(await storage().orderInvocations.pruneBefore(before, 2), 2);
    assert.equal(await storage().orderInvocations.pruneBefore(before, 2), 1);
    assert.equal(await storage().orderInvocations.pruneBefore(before, 2), 0);
    // Deleted claims are free again; the two at or after `before` still hold.
    for (const [i, claimed] of [[0, true], [2, true], [3, false], [4, false]] as const) {
      const again = invocation(accountId, `call-4-${i}`, era + 10_000);
      assert.equal((await storage().orderInvocations.claim(again, new Date(era))).claimed, claimed, `call-4-${i}`);
    }
  });
}

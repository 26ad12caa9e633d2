/**
 * Webhook subscriptions' delivery state as every `Storage` adapter must keep it: a claim leases a due subscription
 * once (only while its account has events past its cursor); every write of a delivery is fenced by the claim's token;
 * `save` writes the cursor and keeps or gives up the lease; `fail` records the attempt and releases until the next
 * one; a dead letter or a record of pruned events moves the cursor in the same transaction (a failing subscription
 * stays failing); records of pruned events list with the dead letters by sequence but are never got, removed or
 * redelivered by an event id. Dialect-free: fresh account ids and random ids, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { NewEvent } from '../../src/domain/events/event.ts';
import type { DeadLetter, PrunedEvents, StoredWebhook } from '../../src/domain/webhooks/subscription.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 5, 7, 8, 9, 10, 456);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

function subscription(accountId: string): StoredWebhook {
  return {
    id: randomUUID(),
    accountId,
    url: 'http://127.0.0.1:9/hooks',
    enabled: true,
    createdAt: at(0),
    updatedAt: at(0),
    delivery: { cursorSeq: 0, attempts: 0, nextAttemptAt: at(0) },
    secretCiphertext: 'sealed',
  };
}

function events(accountId: string, count: number): NewEvent[] {
  return Array.from({ length: count }, () => ({ id: randomUUID(), accountId, type: 'Phone Number Acquired', at: at(1), resources: [], detail: {} }));
}

export function runWebhookContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: webhook delivery contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    const claim = (token: string, now = at(10)) => storage.webhooks.claim({ lease: { token, until: new Date(now.getTime() + 5_000) }, now, limit: 1_000 });
    const ids = (claimed: StoredWebhook[]) => claimed.map((w) => w.id);

    it('leases a subscription with events past its cursor once; saves are fenced by the token; a save without a lease gives it up', async () => {
      const a = account();
      const w = subscription(a);
      await storage.webhooks.insert(w);
      assert.deepEqual(ids(await claim('t1')), [], 'nothing past its cursor yet');
      await storage.transaction((r) => r.events.append(events(a, 3)));
      assert.deepEqual(ids(await claim('t1')), [w.id]);
      assert.deepEqual(ids(await claim('t2')), [], 'leased');
      assert.equal(await storage.webhooks.save(w.id, 't2', { cursorSeq: 3, attempts: 0 }), false, 'not the holder');
      assert.equal(await storage.webhooks.save(w.id, 't1', { cursorSeq: 2, attempts: 0, deliveredAt: at(11), leaseUntil: at(9_000) }), true);
      let stored = (await storage.webhooks.get(a, w.id))!;
      assert.deepEqual(stored.delivery, { cursorSeq: 2, attempts: 0, nextAttemptAt: at(0), deliveredAt: at(11) });
      assert.deepEqual(ids(await claim('t2', at(8_000))), [], 'the save renewed the lease');
      // The last event delivered and the lease given up: nothing is due until another event comes.
      assert.equal(await storage.webhooks.save(w.id, 't1', { cursorSeq: 3, attempts: 0 }), true);
      assert.equal(await storage.webhooks.save(w.id, 't1', { cursorSeq: 3, attempts: 0 }), false, 'the lease is gone');
      assert.deepEqual(ids(await claim('t2')), []);
      await storage.transaction((r) => r.events.append(events(a, 1)));
      const [again] = await claim('t2');
      assert.equal(again?.delivery.cursorSeq, 3);
      stored = (await storage.webhooks.get(a, w.id))!;
      assert.equal(stored.delivery.deliveredAt?.getTime(), at(11).getTime(), 'a save without deliveredAt keeps it');
    });

    it('a failed attempt records the cursor reached and the failure, and releases the subscription until its next attempt', async () => {
      const a = account();
      const w = subscription(a);
      await storage.webhooks.insert(w);
      await storage.transaction((r) => r.events.append(events(a, 4)));
      await claim('t1');
      const failure = { cursorSeq: 2, deliveredAt: at(12), attempts: 1, nextAttemptAt: at(1_000), failingSince: at(13), lastError: 'the target answered HTTP 503', lastStatus: 503 };
      assert.equal(await storage.webhooks.fail(w.id, 't0', failure), false, 'not the holder');
      assert.equal(await storage.webhooks.fail(w.id, 't1', failure), true);
      assert.deepEqual((await storage.webhooks.get(a, w.id))!.delivery, {
        cursorSeq: 2,
        attempts: 1,
        nextAttemptAt: at(1_000),
        failingSince: at(13),
        lastError: 'the target answered HTTP 503',
        lastStatus: 503,
        deliveredAt: at(12),
      });
      assert.deepEqual(ids(await claim('t2', at(999))), [], 'not due before its next attempt');
      assert.deepEqual(ids(await claim('t2', at(1_000))), [w.id]);
    });

    it('dead letters and records of pruned events move the cursor with them; the failure stays while failingSince is given', async () => {
      const a = account();
      const w = subscription(a);
      await storage.webhooks.insert(w);
      const appended = events(a, 9);
      await storage.transaction((r) => r.events.append(appended));
      await claim('t1');
      const letter: DeadLetter = {
        subscriptionId: w.id,
        accountId: a,
        eventId: appended[0]!.id,
        seq: 1,
        type: 'Phone Number Acquired',
        attempts: 4,
        lastStatus: 500,
        lastError: 'the target answered HTTP 500',
        deadLetteredAt: at(20),
        body: '{"id":"…"}',
      };
      const pruned: PrunedEvents = { subscriptionId: w.id, accountId: a, seq: 2, throughSeq: 7, lastError: '6 event(s) were deleted', deadLetteredAt: at(21) };
      assert.equal(await storage.webhooks.deadLetter(w.id, 't0', letter, { cursorSeq: 1, attempts: 0 }), false, 'not the holder');
      assert.deepEqual(await storage.webhooks.deadLetters(a, w.id, 10), [], 'nothing stored without the lease');
      assert.equal(await storage.webhooks.deadLetter(w.id, 't1', letter, { cursorSeq: 1, attempts: 0, failingSince: at(5), leaseUntil: at(9_000) }), true);
      assert.deepEqual((await storage.webhooks.get(a, w.id))!.delivery, {
        cursorSeq: 1,
        attempts: 0,
        nextAttemptAt: at(0),
        failingSince: at(5),
        lastError: 'the target answered HTTP 500',
        lastStatus: 500,
      });
      assert.equal(await storage.webhooks.deadLetter(w.id, 't1', pruned, { cursorSeq: 7, attempts: 0, failingSince: at(5), leaseUntil: at(9_000) }), true);
      const afterPruned = (await storage.webhooks.get(a, w.id))!.delivery;
      assert.equal(afterPruned.cursorSeq, 7);
      assert.equal(afterPruned.lastError, 'the target answered HTTP 500', 'a record of pruned events is not an attempt: the last error stays');
      assert.deepEqual(await storage.webhooks.deadLetters(a, w.id, 10), [letter, pruned]);
      assert.deepEqual(await storage.webhooks.deadLetters(account(), w.id, 10), [], 'another account sees none');
      assert.deepEqual(await storage.webhooks.getDeadLetter(a, w.id, letter.eventId), letter);
      assert.equal(await storage.webhooks.getDeadLetter(a, w.id, 'pruned-2'), undefined, 'a record of pruned events has no event id');
      assert.equal(await storage.webhooks.removeDeadLetter(a, w.id, 'pruned-2'), false);
      assert.equal(await storage.webhooks.removeDeadLetter(a, w.id, letter.eventId), true);
      assert.deepEqual(await storage.webhooks.deadLetters(a, w.id, 10), [pruned]);
      // A delivery clears the failure.
      assert.equal(await storage.webhooks.save(w.id, 't1', { cursorSeq: 8, attempts: 0, deliveredAt: at(30), leaseUntil: at(9_000) }), true);
      assert.deepEqual((await storage.webhooks.get(a, w.id))!.delivery, { cursorSeq: 8, attempts: 0, nextAttemptAt: at(0), deliveredAt: at(30) });
      // Deleting the subscription takes its records along.
      assert.equal(await storage.webhooks.delete(a, w.id), true);
      assert.deepEqual(await storage.webhooks.deadLetters(a, w.id, 10), []);
    });

    it('a new URL, or enabling again, gives a failing subscription a fresh start', async () => {
      const a = account();
      const w = subscription(a);
      await storage.webhooks.insert(w);
      await storage.transaction((r) => r.events.append(events(a, 1)));
      await claim('t1');
      await storage.webhooks.fail(w.id, 't1', { cursorSeq: 0, attempts: 2, nextAttemptAt: at(60_000), failingSince: at(10), lastError: 'ECONNREFUSED' });
      assert.equal(await storage.webhooks.update(a, w.id, { url: 'http://127.0.0.1:10/hooks', updatedAt: at(50) }), true);
      const fresh = (await storage.webhooks.get(a, w.id))!.delivery;
      assert.equal(fresh.failingSince, undefined);
      assert.equal(fresh.nextAttemptAt.getTime(), at(50).getTime(), 'tried at once');
      assert.equal(fresh.attempts, 2, 'the attempts at the head event still count');
      await storage.webhooks.update(a, w.id, { types: ['Phone Number Acquired'], updatedAt: at(60) });
      assert.equal((await storage.webhooks.get(a, w.id))!.delivery.nextAttemptAt.getTime(), at(50).getTime(), 'other changes leave the schedule');
    });
  });
}

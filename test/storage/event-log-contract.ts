/**
 * The event outbox contract (`EventRepository`), run on every storage adapter: per-account sequences from 1 in the
 * order appended (a batch larger than one statement takes too, its text kept byte for byte), reads after a sequence
 * with a type filter, a rollback leaves no event, pruning never makes a
 * sequence number given again, and two transactions of one account number their events in commit order.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { NewEvent } from '../../src/domain/events/event.ts';
import type { EventType } from '../../src/domain/events/event-types.ts';
import type { Storage } from '../../src/storage/storage.ts';

const A = '410000000001';
const B = '410000000002';
const T0 = Date.UTC(2026, 5, 1);

function event(accountId: string, type: EventType, at: number, detail: Record<string, unknown> = {}): NewEvent {
  return { id: randomUUID(), accountId, type, at: new Date(at), resources: [{ kind: 'phone-number', id: '+12065550100' }], detail };
}

export function runEventLogContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: event outbox`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(() => storage.close());

    it('numbers each account from 1 in the order appended, and reads back after a sequence, by type', async () => {
      const first = [event(A, 'Phone Number Order Created', T0, { n: 1 }), event(B, 'Phone Number Acquired', T0), event(A, 'Phone Number Acquired', T0 + 1, { n: 2 })];
      await storage.transaction((repos) => repos.events.append(first));
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Order Settled', T0 + 2, { n: 3 })]));
      const all = await storage.events.after(A, { afterSeq: 0, limit: 10 });
      assert.deepEqual(all.map((e) => [e.seq, e.type, e.detail['n']]), [
        [1, 'Phone Number Order Created', 1],
        [2, 'Phone Number Acquired', 2],
        [3, 'Phone Number Order Settled', 3],
      ]);
      assert.equal(all[0]!.id, first[0]!.id);
      assert.equal(all[1]!.at.getTime(), T0 + 1);
      assert.deepEqual(all[0]!.resources, [{ kind: 'phone-number', id: '+12065550100' }]);
      assert.deepEqual((await storage.events.after(B, { afterSeq: 0, limit: 10 })).map((e) => e.seq), [1]);
      assert.deepEqual((await storage.events.after(A, { afterSeq: 1, limit: 1 })).map((e) => e.seq), [2]);
      assert.deepEqual((await storage.events.after(A, { afterSeq: 0, limit: 10, types: ['Phone Number Order Settled', 'Phone Number Order Created'] })).map((e) => e.seq), [1, 3]);
      assert.deepEqual(await storage.events.after(A, { afterSeq: 0, limit: 10, types: [] }), []);
      assert.equal(await storage.events.lastSeq(A), 3);
      assert.equal(await storage.events.lastSeq('419999999999'), 0);
    });

    it('numbers a batch larger than one statement takes in the order appended, text kept byte for byte', async () => {
      const account = String(420_000_000_000 + Math.floor(Math.random() * 1_000_000));
      const awkward = ['NULL', '', 'a "quoted", {braced} \\ back\\slashed', 'é – ✓ 𝄞', '\n\t'];
      const batch = Array.from({ length: 10_050 }, (_, i) => event(account, 'Phone Number Acquired', T0 + i, { n: i, s: awkward[i % awkward.length] }));
      await storage.transaction((repos) => repos.events.append(batch));
      const read = [];
      for (let after = 0; ; ) {
        const page = await storage.events.after(account, { afterSeq: after, limit: 5_000 });
        if (page.length === 0) break;
        read.push(...page);
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(read.map((e) => e.seq), batch.map((_, i) => i + 1));
      assert.deepEqual(read.map((e) => [e.id, e.at.getTime(), e.detail]), batch.map((e) => [e.id, e.at.getTime(), e.detail]));
      assert.equal(await storage.events.lastSeq(account), batch.length);
    });

    it('keeps no event of a transaction that rolls back', async () => {
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Order Created', T0)]));
      await assert.rejects(
        storage.transaction(async (repos) => {
          await repos.events.append([event(A, 'Phone Number Acquired', T0)]);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Released', T0)]));
      const all = await storage.events.after(A, { afterSeq: 0, limit: 10 });
      assert.deepEqual(all.map((e) => e.type), ['Phone Number Order Created', 'Phone Number Released']);
      assert.deepEqual(all.map((e) => e.seq), [1, 2]);
    });

    it('prunes events older than a time; the sequence goes on from where it was', async () => {
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Order Created', T0), event(A, 'Phone Number Acquired', T0 + 10), event(B, 'Phone Number Acquired', T0 + 20)]));
      assert.equal(await storage.events.prune(new Date(T0 + 15), 1), 1);
      assert.equal(await storage.events.prune(new Date(T0 + 15), 10), 1);
      assert.equal(await storage.events.prune(new Date(T0 + 15), 10), 0);
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Released', T0 + 30)]));
      assert.deepEqual((await storage.events.after(A, { afterSeq: 0, limit: 10 })).map((e) => e.seq), [3]);
      assert.deepEqual((await storage.events.after(B, { afterSeq: 0, limit: 10 })).map((e) => e.seq), [1]);
    });

    it('announces the accounts of each commit that appended events, after the commit, and never a rollback', async () => {
      const heard: string[][] = [];
      const stop = storage.eventCommits.onCommitted((accounts) => heard.push([...accounts].sort()));
      await storage.transaction(async (repos) => {
        await repos.events.append([event(B, 'Phone Number Acquired', T0), event(A, 'Phone Number Acquired', T0)]);
        assert.deepEqual(heard, [], 'not before the commit');
      });
      assert.deepEqual(heard, [[A, B]]);
      await assert.rejects(
        storage.transaction(async (repos) => {
          await repos.events.append([event(A, 'Phone Number Acquired', T0)]);
          throw new Error('undone');
        }),
      );
      await storage.transaction(async () => undefined);
      assert.deepEqual(heard, [[A, B]], 'a rollback and a transaction without events are not announced');
      stop();
      await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Acquired', T0)]));
      assert.equal(heard.length, 1, 'an unsubscribed listener hears nothing');
    });

    it('numbers the events of two transactions of one account in the order they commit', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let appended!: () => void;
      const inside = new Promise<void>((resolve) => (appended = resolve));
      const first = storage.transaction(async (repos) => {
        await repos.events.append([event(A, 'Phone Number Order Created', T0, { tx: 'first' })]);
        appended();
        await held;
      });
      await inside;
      const second = storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Order Created', T0, { tx: 'second' })]));
      // The second waits for the first (the account's sequence is locked, or the database has one writer).
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await Promise.all([first, second]);
      const all = await storage.events.after(A, { afterSeq: 0, limit: 10 });
      assert.deepEqual(all.map((e) => [e.seq, e.detail['tx']]), [[1, 'first'], [2, 'second']]);
    });
  });
}

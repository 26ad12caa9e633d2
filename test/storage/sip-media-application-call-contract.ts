/**
 * SIP media application calls as every `Storage` adapter must keep them, whatever the database: round trips (SIP
 * headers and arguments as objects, empty or not, timestamps to the millisecond), reads and touches within one
 * account, application and transaction only, reads of the calls created strictly after `since`, pruning of one
 * account's calls created strictly before `before` (at most `limit`, oldest first, counted), the foreign key that
 * refuses a call of an application of another account (or of none), and the calls deleted with their application.
 * Dialect-free: each case uses fresh account ids and random application and transaction ids, so it also runs on a
 * shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SipMediaApplicationCall } from '../../src/domain/sip/sip-media-application-call.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 7, 9, 10, 11, 12, 345);
const MIN = 60_000;
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

/** Where a call lives: its account and its application. */
interface Scope {
  accountId: string;
  sipMediaApplicationId: string;
}

function call(scope: Scope, overrides: Partial<SipMediaApplicationCall> = {}): SipMediaApplicationCall {
  return {
    transactionId: randomUUID(),
    accountId: scope.accountId,
    sipMediaApplicationId: scope.sipMediaApplicationId,
    fromPhoneNumber: `+1206${randomInt(2_000_000, 10_000_000)}`,
    toPhoneNumber: `+1425${randomInt(2_000_000, 10_000_000)}`,
    sipHeaders: {},
    arguments: {},
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runSipMediaApplicationCallContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: SIP media application call contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    /** A new SIP media application of the account, as the scope of its calls. */
    async function applicationOf(accountId: string): Promise<Scope> {
      const id = randomUUID();
      await storage.sipMediaApplications.insert({
        id,
        accountId,
        name: 'outbound',
        awsRegion: 'us-east-1',
        endpoints: [{ lambdaArn: `arn:aws:lambda:us-east-1:${accountId}:function:outbound` }],
        tags: [],
        createdAt: at(-MIN),
        updatedAt: at(-MIN),
      });
      return { accountId, sipMediaApplicationId: id };
    }

    /** The call as `get` reads it with a `since` long before every call of the contract. */
    const read = (c: Pick<SipMediaApplicationCall, 'accountId' | 'sipMediaApplicationId' | 'transactionId'>) =>
      storage.sipMediaApplicationCalls.get(c.accountId, c.sipMediaApplicationId, c.transactionId, at(-365 * 24 * 60 * MIN));

    it('round-trips a call with headers and arguments and one with empty ones, timestamps to the millisecond', async () => {
      const scope = await applicationOf(account());
      const repo = storage.sipMediaApplicationCalls;
      const full = call(scope, {
        sipHeaders: { 'X-Account-Id': '42', 'User-to-User': 'abc;encoding=hex', Diversion: '<sip:+12065550100@example.com>;reason="unconditional"', 'x-empty': '' },
        arguments: { FirstName: 'Zoë', LastName: 'D\'Arcy "Doe"', json: '{"a":[1,2]}', blank: '' },
        createdAt: at(1),
        updatedAt: at(2_346),
      });
      const bare = call(scope);
      await repo.insert(full);
      await repo.insert(bare);

      const got = await read(full);
      assert.deepEqual(got, full);
      assert.deepEqual(Object.keys(got!.sipHeaders), Object.keys(full.sipHeaders), 'header names in the order given');
      assert.deepEqual(Object.keys(got!.arguments), Object.keys(full.arguments), 'argument names in the order given');
      assert.ok(got!.createdAt instanceof Date && got!.updatedAt instanceof Date);
      assert.equal(got!.createdAt.getTime() % 1000, 346, 'milliseconds kept');
      assert.equal(got!.updatedAt.getTime(), at(2_346).getTime());
      const gotBare = await read(bare);
      assert.deepEqual(gotBare, bare);
      assert.deepEqual([gotBare!.sipHeaders, gotBare!.arguments], [{}, {}], 'empty objects stay empty objects');
      assert.equal(await read({ ...scope, transactionId: randomUUID() }), undefined);
      await assert.rejects(repo.insert({ ...bare, createdAt: at(5), updatedAt: at(5) }), 'a transaction id is stored once');
      assert.deepEqual(await read(bare), bare, 'the refused duplicate changed nothing');
    });

    it("gets and touches a call only in its account, application and transaction; another scope's is not found", async () => {
      const a = account();
      const scope = await applicationOf(a);
      const sibling = await applicationOf(a);
      const repo = storage.sipMediaApplicationCalls;
      const c = call(scope, { sipHeaders: { 'X-Call': '1' } });
      const other = call(sibling);
      await repo.insert(c);
      await repo.insert(other);
      const strangers = [
        { ...c, sipMediaApplicationId: sibling.sipMediaApplicationId },
        { ...c, accountId: account() },
        { ...c, sipMediaApplicationId: randomUUID() },
        { ...c, transactionId: other.transactionId },
        { ...c, transactionId: randomUUID() },
      ];
      for (const s of strangers) {
        assert.equal(await read(s), undefined, JSON.stringify(s));
        assert.equal(await repo.touch(s.accountId, s.sipMediaApplicationId, s.transactionId, at(7)), false, JSON.stringify(s));
      }
      assert.deepEqual(await read(c), c, 'untouched by the other scopes');
      assert.deepEqual(await read(other), other);
    });

    it('gets a call only when it was created strictly after `since`', async () => {
      const scope = await applicationOf(account());
      const repo = storage.sipMediaApplicationCalls;
      const c = call(scope, { createdAt: at(0), updatedAt: at(10 * MIN) });
      await repo.insert(c);
      const get = (since: Date) => repo.get(scope.accountId, scope.sipMediaApplicationId, c.transactionId, since);
      assert.deepEqual(await get(at(-1)), c, 'created 1 ms after since');
      assert.equal(await get(at(0)), undefined, 'created at since');
      assert.equal(await get(at(1)), undefined, 'created before since');
      assert.equal(await get(at(5 * MIN)), undefined, 'a later updatedAt does not count');
    });

    it('touch sets updatedAt only, and answers false for a call it does not know', async () => {
      const scope = await applicationOf(account());
      const repo = storage.sipMediaApplicationCalls;
      const c = call(scope, { sipHeaders: { 'X-A': 'b' }, arguments: { k: 'v' } });
      await repo.insert(c);
      assert.equal(await repo.touch(scope.accountId, scope.sipMediaApplicationId, c.transactionId, at(61_001)), true);
      assert.deepEqual(await read(c), { ...c, updatedAt: at(61_001) });
      assert.equal(await repo.touch(scope.accountId, scope.sipMediaApplicationId, c.transactionId, at(61_001)), true, 'the same time again: still found');
      assert.equal(await repo.touch(scope.accountId, scope.sipMediaApplicationId, c.transactionId, at(-5)), true, 'an earlier time is set as given');
      assert.deepEqual(await read(c), { ...c, updatedAt: at(-5) });
      assert.equal(await repo.touch(scope.accountId, scope.sipMediaApplicationId, randomUUID(), at(9)), false);
    });

    it("prunes only the account's calls created before `before`, at most `limit`, oldest first, and counts them", async () => {
      const a = account();
      const scope = await applicationOf(a);
      const sibling = await applicationOf(a);
      const stranger = await applicationOf(account());
      const repo = storage.sipMediaApplicationCalls;
      const before = at(10 * MIN);
      // Old calls of the account, over two applications, inserted out of creation order.
      const old = [
        call(scope, { createdAt: at(3 * MIN), updatedAt: at(20 * MIN) }),
        call(sibling, { createdAt: at(1 * MIN) }),
        call(scope, { createdAt: at(10 * MIN - 1) }),
        call(sibling, { createdAt: at(2 * MIN) }),
        call(scope, { createdAt: at(0) }),
      ];
      const kept = [call(scope, { createdAt: before }), call(sibling, { createdAt: at(10 * MIN + 1) }), call(scope, { createdAt: at(60 * MIN) })];
      const theirs = call(stranger, { createdAt: at(0) });
      for (const c of [...old, ...kept, theirs]) await repo.insert(c);
      const byAge = [...old].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
      const present = async (calls: readonly SipMediaApplicationCall[]): Promise<boolean[]> => Promise.all(calls.map(async (c) => (await read(c)) !== undefined));

      assert.equal(await repo.prune(a, before, 2), 2, 'at most limit');
      assert.deepEqual(await present(byAge), [false, false, true, true, true], 'the two oldest went first');
      assert.equal(await repo.prune(a, before, 2), 2);
      assert.deepEqual(await present(byAge), [false, false, false, false, true]);
      assert.equal(await repo.prune(a, before, 100), 1, 'only what is left');
      assert.equal(await repo.prune(a, before, 100), 0, 'nothing left to prune');
      assert.deepEqual(await present(kept), [true, true, true], 'created at or after before: kept (updatedAt does not count)');
      assert.deepEqual(await read(theirs), theirs, "another account's old call stays");
      assert.equal(await repo.prune(account(), at(120 * MIN), 100), 0, 'an account without calls');
      assert.equal(await repo.prune(stranger.accountId, before, 100), 1);
      assert.equal(await read(theirs), undefined);
    });

    it("is refused by the database for an application that is not the account's, and deletes an application's calls with it", async () => {
      const [a, b] = [account(), account()];
      const scope = await applicationOf(a);
      const spare = await applicationOf(a);
      await applicationOf(b);
      const repo = storage.sipMediaApplicationCalls;
      const c = call(scope);
      // SQLite: "FOREIGN KEY constraint failed"; PostgreSQL: "… violates foreign key constraint …".
      const foreignKey = (error: unknown): boolean => error instanceof Error && /foreign key/i.test(error.message);
      await assert.rejects(repo.insert({ ...c, accountId: b }), foreignKey, "another account's application");
      await assert.rejects(repo.insert({ ...c, sipMediaApplicationId: randomUUID() }), foreignKey, 'no application with that id');
      await repo.insert(c);
      assert.deepEqual(await read(c), c, 'the refused inserts stored nothing (the transaction id was free)');
      assert.equal(await read({ ...c, accountId: b }), undefined);

      const more = call(scope, { createdAt: at(5) });
      const survivor = call(spare);
      await repo.insert(more);
      await repo.insert(survivor);
      assert.equal(await storage.sipMediaApplications.delete(b, scope.sipMediaApplicationId), 'not-found', "not b's to delete");
      assert.deepEqual(await read(c), c);
      assert.equal(await storage.sipMediaApplications.delete(a, scope.sipMediaApplicationId), 'deleted');
      assert.equal(await read(c), undefined, 'gone with its application');
      assert.equal(await read(more), undefined);
      assert.deepEqual(await read(survivor), survivor, "another application's call stays");
      assert.equal(await repo.touch(a, scope.sipMediaApplicationId, c.transactionId, at(9)), false);
      assert.equal(await repo.prune(a, at(MIN), 100), 1, 'only the survivor was left to prune');
    });
  });
}

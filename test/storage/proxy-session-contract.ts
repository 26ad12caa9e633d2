/**
 * Proxy sessions as every `Storage` adapter must keep them, whatever the database: round trips (every optional field
 * present or absent), reads and writes within one account and one voice connector only, keyset listing by creation
 * then id (all, open or closed at a time, the expiry itself being closed), updates that move the expiry counted from
 * the creation, the open sessions of some participants, the sessions of a pair, the connector's associated numbers,
 * and the sessions deleted with their connector. Dialect-free: each case uses fresh account ids, random connector and
 * session ids and random numbers, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SessionScope } from '../../src/domain/ports/proxy-sessions.ts';
import type { Participant, ProxySession } from '../../src/domain/proxy-sessions/proxy-session.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 6, 8, 9, 10, 11, 789);
const MIN = 60_000;
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));
/** A random number under `prefix` (`+1206` by default), unlikely to be any other case's. */
const number = (prefix = '+1206'): string => `${prefix}${randomInt(2_000_000, 10_000_000)}`;
const ids = (sessions: readonly ProxySession[]): string[] => sessions.map((s) => s.id);
const sortedIds = (sessions: readonly ProxySession[]): string[] => ids(sessions).sort();
/** By (createdAt, id) ascending, as `list` answers. */
const byCreation = (sessions: readonly ProxySession[]): string[] =>
  ids([...sessions].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)));

function participant(phoneNumber = number(), proxyPhoneNumber = number()): Participant {
  return { phoneNumber, proxyPhoneNumber };
}

function session(scope: SessionScope, overrides: Partial<ProxySession> = {}): ProxySession {
  return {
    id: randomUUID(),
    accountId: scope.accountId,
    voiceConnectorId: scope.voiceConnectorId,
    capabilities: ['Voice'],
    expiryMinutes: 60,
    participants: [participant(), participant()],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runProxySessionContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: proxy session contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    /** A new voice connector of the account, as the scope of its sessions. */
    async function connectorOf(accountId: string): Promise<SessionScope> {
      const id = newVoiceConnectorId(cryptoIds);
      await storage.voiceConnectors.insert({ id, accountId, name: 'proxy trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at(0), updatedAt: at(0) });
      return { accountId, voiceConnectorId: id };
    }

    async function insertAll(sessions: readonly ProxySession[]): Promise<void> {
      for (const s of sessions) await storage.proxySessions.insert(s);
    }

    it('round-trips a session with every field and one with only the required ones, absent fields having no key', async () => {
      const scope = await connectorOf(account());
      const repo = storage.proxySessions;
      const full = session(scope, {
        name: 'rider é "driver"',
        capabilities: ['Voice', 'SMS'],
        expiryMinutes: 525_600,
        numberSelectionBehavior: 'AvoidSticky',
        geoMatchLevel: 'AreaCode',
        geoMatchParams: { country: 'US', areaCode: '206' },
        participants: [participant(), participant(number('+4420'))],
        createdAt: at(1),
        updatedAt: at(2_345),
      });
      const bare = session(scope, { capabilities: ['SMS'], expiryMinutes: 1 });
      const empties = session(scope, { capabilities: ['SMS', 'Voice'], numberSelectionBehavior: 'PreferSticky', geoMatchLevel: 'Country', geoMatchParams: { country: '', areaCode: '' } });
      await insertAll([full, bare, empties]);

      const got = await repo.get(scope, full.id);
      assert.deepEqual(got, full);
      assert.deepEqual(got!.capabilities, ['Voice', 'SMS'], 'capabilities in the order given');
      assert.equal(got!.createdAt.getTime() % 1000, 790, 'milliseconds kept');
      assert.equal(got!.updatedAt.getTime(), at(2_345).getTime());
      const gotBare = await repo.get(scope, bare.id);
      assert.deepEqual(gotBare, bare);
      for (const key of ['name', 'numberSelectionBehavior', 'geoMatchLevel', 'geoMatchParams']) {
        assert.equal(Object.hasOwn(gotBare!, key), false, `no ${key} key when none was given`);
      }
      assert.deepEqual(await repo.get(scope, empties.id), empties, 'empty geography strings stay empty strings');
      assert.equal(await repo.get(scope, randomUUID()), undefined);
      await assert.rejects(repo.insert({ ...bare }), 'an id is stored once');
    });

    it("gets, updates and deletes a session only in its account and connector; another scope's id is not found", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a);
      const strangers: SessionScope[] = [sibling, { accountId: account(), voiceConnectorId: scope.voiceConnectorId }, { accountId: a, voiceConnectorId: newVoiceConnectorId(cryptoIds) }];
      const repo = storage.proxySessions;
      const s = session(scope);
      await repo.insert(s);
      for (const other of strangers) {
        assert.equal(await repo.get(other, s.id), undefined);
        assert.equal(await repo.update(other, s.id, { capabilities: ['SMS'], expiryMinutes: 5, updatedAt: at(9) }), undefined);
        assert.equal(await repo.delete(other, s.id), false);
        assert.deepEqual(await repo.list(other, { now: at(0), limit: 10 }), []);
      }
      assert.deepEqual(await repo.get(scope, s.id), s, 'untouched by the other scopes');
      assert.equal(await repo.delete(scope, s.id), true);
      assert.equal(await repo.get(scope, s.id), undefined);
      assert.equal(await repo.delete(scope, s.id), false, 'already deleted');
    });

    it('lists by creation then id after a cursor, all or open or closed at a time, the expiry itself being closed', async () => {
      const a = account();
      const scope = await connectorOf(a);
      const repo = storage.proxySessions;
      const now = at(5 * MIN);
      const made = [
        session(scope, { createdAt: at(0), expiryMinutes: 10 }), // expires at(10 MIN): open
        session(scope, { createdAt: at(0), expiryMinutes: 5 }), // expires at `now`: closed
        session(scope, { createdAt: at(MIN), expiryMinutes: 4 }), // expires at `now`: closed
        session(scope, { createdAt: at(MIN + 1), expiryMinutes: 4 }), // expires 1 ms after `now`: open
        session(scope, { createdAt: at(-MIN), expiryMinutes: 1 }), // expired at at(0): closed
        session(scope, { createdAt: at(2 * MIN), expiryMinutes: 60 }), // open
      ];
      await insertAll(made);
      await repo.insert(session(await connectorOf(a), { createdAt: at(3) }));
      await repo.insert(session(await connectorOf(account()), { createdAt: at(3) }));
      const all = byCreation(made);
      const openIds = byCreation([made[0]!, made[3]!, made[5]!]);
      const closedIds = byCreation([made[1]!, made[2]!, made[4]!]);

      assert.deepEqual(ids(await repo.list(scope, { now, limit: 10 })), all, 'no filter: every status');
      assert.deepEqual(ids(await repo.list(scope, { now, limit: 3 })), all.slice(0, 3));
      const cursorOf = (id: string) => {
        const s = made.find((x) => x.id === id)!;
        return { createdAt: s.createdAt, id: s.id };
      };
      assert.deepEqual(ids(await repo.list(scope, { now, after: cursorOf(all[1]!), limit: 10 })), all.slice(2), 'strictly after the cursor');
      assert.deepEqual(ids(await repo.list(scope, { now, after: cursorOf(all[1]!), limit: 2 })), all.slice(2, 4));
      assert.deepEqual(ids(await repo.list(scope, { now, after: cursorOf(all.at(-1)!), limit: 10 })), []);

      assert.deepEqual(ids(await repo.list(scope, { open: true, now, limit: 10 })), openIds);
      assert.deepEqual(ids(await repo.list(scope, { open: false, now, limit: 10 })), closedIds, 'a session whose expiry is `now` is closed');
      assert.deepEqual(ids(await repo.list(scope, { open: true, now, after: cursorOf(openIds[0]!), limit: 1 })), openIds.slice(1, 2));
      assert.deepEqual(ids(await repo.list(scope, { open: false, now, after: cursorOf(closedIds[0]!), limit: 10 })), closedIds.slice(1));
      assert.deepEqual(ids(await repo.list(scope, { open: true, now: at(5 * MIN - 1), limit: 10 })), byCreation(made.slice(0, 4).concat(made[5]!)), 'a millisecond earlier');
      assert.deepEqual(ids(await repo.list(scope, { open: true, now: at(62 * MIN), limit: 10 })), [], 'all closed in the end');

      assert.deepEqual(await repo.list(scope, { now, limit: 0 }), []);
      assert.deepEqual(await repo.list(scope, { open: true, now, limit: 0 }), []);
      await assert.rejects(repo.list(scope, { now, limit: -1 }), RangeError);
    });

    it('updates the capabilities, minutes and updatedAt, the expiry following the minutes from the creation', async () => {
      const scope = await connectorOf(account());
      const repo = storage.proxySessions;
      const s = session(scope, { name: 'kept', capabilities: ['Voice'], expiryMinutes: 10, geoMatchLevel: 'Country' });
      const other = session(scope, { expiryMinutes: 10 });
      await insertAll([s, other]);
      const [who] = s.participants;
      const openAt = async (now: Date): Promise<{ listed: boolean; closed: boolean; found: boolean }> => ({
        listed: ids(await repo.list(scope, { open: true, now, limit: 10 })).includes(s.id),
        closed: ids(await repo.list(scope, { open: false, now, limit: 10 })).includes(s.id),
        found: ids(await repo.openWith(scope, [who.phoneNumber], now)).includes(s.id),
      });
      const OPEN = { listed: true, closed: false, found: true };
      const CLOSED = { listed: false, closed: true, found: false };

      // Longer: 30 minutes from the creation (at(30 MIN)), not from the update (which would be at(50 MIN)).
      const longer = await repo.update(scope, s.id, { capabilities: ['SMS', 'Voice'], expiryMinutes: 30, updatedAt: at(20 * MIN + 7) });
      const expected = { ...s, capabilities: ['SMS', 'Voice'], expiryMinutes: 30, updatedAt: at(20 * MIN + 7) };
      assert.deepEqual(longer, expected);
      assert.deepEqual(await repo.get(scope, s.id), expected);
      assert.deepEqual(await openAt(at(25 * MIN)), OPEN, 'open past the first 10 minutes');
      assert.deepEqual(await openAt(at(30 * MIN - 1)), OPEN);
      assert.deepEqual(await openAt(at(30 * MIN)), CLOSED, 'closed 30 minutes after the creation');

      // Shorter: 5 minutes from the creation.
      const shorter = await repo.update(scope, s.id, { capabilities: ['SMS'], expiryMinutes: 5, updatedAt: at(MIN) });
      assert.deepEqual(shorter, { ...s, capabilities: ['SMS'], expiryMinutes: 5, updatedAt: at(MIN) });
      assert.deepEqual(await openAt(at(5 * MIN - 1)), OPEN);
      assert.deepEqual(await openAt(at(5 * MIN)), CLOSED, 'the old expiry does not linger');

      assert.deepEqual(await repo.get(scope, other.id), other, 'the other session is untouched');
      assert.equal(await repo.update(scope, randomUUID(), { capabilities: ['Voice'], expiryMinutes: 5, updatedAt: at(MIN) }), undefined);
    });

    it("finds the connector's open sessions where either participant is one of the numbers", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const [A, B, C, D, E, F] = [number(), number(), number(), number(), number(), number()];
      const repo = storage.proxySessions;
      const now = at(10 * MIN);
      const first = session(scope, { participants: [participant(A), participant(B)] });
      const second = session(scope, { participants: [participant(C), participant(A)] });
      const closed = session(scope, { participants: [participant(A), participant(D)], expiryMinutes: 10 });
      const others = session(scope, { participants: [participant(E), participant(F)] });
      await insertAll([first, second, closed, others]);
      await repo.insert(session(await connectorOf(a), { participants: [participant(A), participant(D)] }));
      await repo.insert(session(await connectorOf(account()), { participants: [participant(A), participant(D)] }));

      assert.deepEqual(sortedIds(await repo.openWith(scope, [A], now)), sortedIds([first, second]), 'as participant 1 or 2');
      assert.deepEqual(sortedIds(await repo.openWith(scope, [B, E], now)), sortedIds([first, others]));
      assert.deepEqual(sortedIds(await repo.openWith(scope, [C, A, B], now)), sortedIds([first, second]), 'each session once');
      assert.deepEqual(await repo.openWith(scope, [D], now), [], 'closed, or on other connectors');
      assert.deepEqual(ids(await repo.openWith(scope, [D], at(10 * MIN - 1))), [closed.id], 'open a millisecond earlier');
      assert.deepEqual(await repo.openWith(scope, [first.participants[0].proxyPhoneNumber], now), [], 'a proxy number is not a participant');
      assert.deepEqual(await repo.openWith(scope, [], now), []);
      const [found] = await repo.openWith(scope, [F], now);
      assert.deepEqual(found, others, 'whole sessions');
    });

    it("answers a pair's sessions in either order and any status, newest first, limited; not those sharing one number", async () => {
      const a = account();
      const scope = await connectorOf(a);
      const [A, B, C] = [number(), number(), number()];
      const repo = storage.proxySessions;
      const oldest = session(scope, { participants: [participant(A), participant(B)], createdAt: at(0), expiryMinutes: 1 });
      const reversed = session(scope, { participants: [participant(B), participant(A)], createdAt: at(10) });
      const newest = session(scope, { participants: [participant(A), participant(B)], createdAt: at(20) });
      const half = session(scope, { participants: [participant(A), participant(C)], createdAt: at(30) });
      const otherHalf = session(scope, { participants: [participant(C), participant(B)], createdAt: at(40) });
      await insertAll([reversed, half, newest, oldest, otherHalf]);
      await repo.insert(session(await connectorOf(a), { participants: [participant(A), participant(B)], createdAt: at(50) }));
      await repo.insert(session(await connectorOf(account()), { participants: [participant(A), participant(B)], createdAt: at(50) }));

      assert.deepEqual(ids(await repo.ofPair(scope, [A, B], 10)), ids([newest, reversed, oldest]));
      assert.deepEqual(ids(await repo.ofPair(scope, [B, A], 10)), ids([newest, reversed, oldest]), 'the pair in either order');
      assert.deepEqual(await repo.ofPair(scope, [A, B], 2), [newest, reversed], 'limited, whole sessions');
      assert.deepEqual(ids(await repo.ofPair(scope, [A, C], 10)), [half.id]);
      assert.deepEqual(await repo.ofPair(scope, [A, number()], 10), []);
    });

    it('answers the numbers associated with the connector in E.164 order, not those of another connector or account', async () => {
      const [a, b] = [account(), account()];
      const scope = await connectorOf(a);
      const sibling = await connectorOf(a);
      const empty = await connectorOf(a);
      const theirs = await connectorOf(b);
      const mine = [number('+4420'), number('+1425'), number('+1206'), number('+1206')];
      const siblings = [number('+1312')];
      const others = [number('+1206')];
      const owned = (accountId: string, e164s: string[]) =>
        e164s.map((e164) => ({ e164, accountId, productType: 'VoiceConnector' as const, type: 'Local' as const, country: e164.startsWith('+44') ? 'GB' : 'US', at: at(0) }));
      assert.equal(await storage.bulk.insertOwnedNumbers([...owned(a, [...mine, ...siblings]), ...owned(b, others)]), 6);
      await storage.transaction(async (repos) => {
        await repos.associations.associate(a, mine, { kind: 'VoiceConnectorId', id: scope.voiceConnectorId }, at(0));
        await repos.associations.associate(a, siblings, { kind: 'VoiceConnectorId', id: sibling.voiceConnectorId }, at(0));
        await repos.associations.associate(b, others, { kind: 'VoiceConnectorId', id: theirs.voiceConnectorId }, at(0));
      });

      assert.deepEqual(await storage.proxySessions.connectorNumbers(scope), [...mine].sort());
      assert.deepEqual(await storage.proxySessions.connectorNumbers(sibling), siblings);
      assert.deepEqual(await storage.proxySessions.connectorNumbers(theirs), others);
      assert.deepEqual(await storage.proxySessions.connectorNumbers(empty), []);
      assert.deepEqual(await storage.proxySessions.connectorNumbers({ accountId: b, voiceConnectorId: scope.voiceConnectorId }), [], "another account's scope");
    });

    it('deletes the sessions with their voice connector, and refuses a session of no connector', async () => {
      const a = account();
      const scope = await connectorOf(a);
      const kept = await connectorOf(a);
      const repo = storage.proxySessions;
      const doomed = [session(scope), session(scope, { createdAt: at(5), expiryMinutes: 1 })];
      const survivor = session(kept);
      await insertAll([...doomed, survivor]);

      assert.equal(await storage.voiceConnectors.delete(a, scope.voiceConnectorId), true, 'sessions do not hold their connector back');
      for (const s of doomed) assert.equal(await repo.get(scope, s.id), undefined);
      assert.deepEqual(await repo.list(scope, { now: at(0), limit: 10 }), []);
      assert.deepEqual(await repo.ofPair(scope, [doomed[0]!.participants[0].phoneNumber, doomed[0]!.participants[1].phoneNumber], 10), []);
      assert.deepEqual(await repo.get(kept, survivor.id), survivor, "another connector's sessions stay");

      await assert.rejects(repo.insert(session(scope)), 'the connector is gone');
      await assert.rejects(repo.insert(session({ accountId: account(), voiceConnectorId: kept.voiceConnectorId })), 'the connector is in another account');
    });
  });
}

/**
 * Voice connectors and groups as every `Storage` adapter must keep them, whatever the database: round trips, keyset
 * listing per account, the one-statement update, capped counts, group items in order with their foreign keys (same
 * account only, a member connector cannot be deleted), and the account lock inside transactions. Dialect-free: each case
 * uses fresh account ids and random ids, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import type { VoiceConnector, VoiceConnectorGroup } from '../../src/domain/voice-connectors/voice-connector.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 4, 6, 7, 8, 9, 123);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

function connector(accountId: string, overrides: Partial<VoiceConnector> = {}): VoiceConnector {
  return {
    id: newVoiceConnectorId(cryptoIds),
    accountId,
    name: 'trunk one',
    awsRegion: 'us-west-2',
    requireEncryption: true,
    tags: [],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function group(accountId: string, overrides: Partial<VoiceConnectorGroup> = {}): VoiceConnectorGroup {
  return { id: randomUUID(), accountId, region: 'eu-west-1', name: 'fallback', items: [], createdAt: at(0), updatedAt: at(0), ...overrides };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runVoiceConnectorContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: voice connector contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('round-trips a connector with every field, and one with only the required ones', async () => {
      const a = account();
      const full = connector(a, {
        integrationType: 'CONNECT_ANALYTICS_CONNECTOR',
        networkType: 'DUAL_STACK',
        tags: [{ key: 'team', value: 'voice' }, { key: 'empty', value: '' }],
        updatedAt: at(5),
      });
      const bare = connector(a, { requireEncryption: false });
      await storage.voiceConnectors.insert(full);
      await storage.voiceConnectors.insert(bare);
      assert.deepEqual(await storage.voiceConnectors.get(a, full.id), full);
      const got = await storage.voiceConnectors.get(a, bare.id);
      assert.deepEqual(got, bare);
      assert.equal(Object.hasOwn(got!, 'integrationType'), false, 'no key for what was not given');
      assert.equal(Object.hasOwn(got!, 'networkType'), false);
      assert.equal(await storage.voiceConnectors.get(account(), full.id), undefined, 'another account does not see it');
      assert.equal(await storage.voiceConnectors.get(a, newVoiceConnectorId(cryptoIds)), undefined);
    });

    it('lists an account\'s connectors by creation then id, after a cursor, never another account\'s', async () => {
      const [a, b] = [account(), account()];
      const made = [connector(a, { createdAt: at(20) }), connector(a, { createdAt: at(10) }), connector(a, { createdAt: at(10) }), connector(a, { createdAt: at(30) })];
      for (const c of made) await storage.voiceConnectors.insert(c);
      await storage.voiceConnectors.insert(connector(b, { createdAt: at(15) }));
      const expected = [...made].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)).map((c) => c.id);
      assert.deepEqual((await storage.voiceConnectors.list(a, { limit: 10 })).map((c) => c.id), expected);
      assert.deepEqual((await storage.voiceConnectors.list(a, { limit: 2 })).map((c) => c.id), expected.slice(0, 2));
      const second = made.find((c) => c.id === expected[1])!;
      const rest = await storage.voiceConnectors.list(a, { after: { createdAt: second.createdAt, id: second.id }, limit: 10 });
      assert.deepEqual(rest.map((c) => c.id), expected.slice(2));
      assert.deepEqual(await storage.voiceConnectors.list(a, { limit: 0 }), []);
      await assert.rejects(storage.voiceConnectors.list(a, { limit: -1 }), RangeError);
    });

    it('updates the name and encryption in place, only in the owning account', async () => {
      const a = account();
      const c = connector(a, { tags: [{ key: 'k', value: 'v' }], integrationType: 'CONNECT_CALL_TRANSFER_CONNECTOR' });
      await storage.voiceConnectors.insert(c);
      assert.equal(await storage.voiceConnectors.update(account(), c.id, { name: 'stolen', requireEncryption: false, updatedAt: at(9) }), undefined);
      const updated = await storage.voiceConnectors.update(a, c.id, { name: 'renamed', requireEncryption: false, updatedAt: at(60) });
      assert.deepEqual(updated, { ...c, name: 'renamed', requireEncryption: false, updatedAt: at(60) });
      assert.deepEqual(await storage.voiceConnectors.get(a, c.id), updated);
      assert.equal(await storage.voiceConnectors.update(a, 'nosuchconnector0000000', { name: 'x', requireEncryption: true, updatedAt: at(61) }), undefined);
    });

    it('replaces the tags, in their order, only in the owning account, leaving the rest of the connector as it was', async () => {
      const a = account();
      const c = connector(a, { tags: [{ key: 'k', value: 'v' }] });
      await storage.voiceConnectors.insert(c);
      const tags = [{ key: 'z', value: '' }, { key: 'k', value: 'quote " and \\ and é' }, { key: 'a', value: '1' }];
      assert.equal(await storage.voiceConnectors.setTags(a, c.id, tags), true);
      assert.deepEqual(await storage.voiceConnectors.get(a, c.id), { ...c, tags });
      assert.equal(await storage.voiceConnectors.setTags(account(), c.id, []), false, "another account's id is not found");
      assert.equal(await storage.voiceConnectors.setTags(a, 'nosuchconnector0000000', []), false);
      assert.equal(await storage.voiceConnectors.setTags(a, c.id, []), true);
      assert.deepEqual(await storage.voiceConnectors.get(a, c.id), { ...c, tags: [] });
    });

    it('keeps the SIP trunk settings on the connector: each written alone, null deletes, gone with the connector', async () => {
      const a = account();
      const c = connector(a);
      await storage.voiceConnectors.insert(c);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { credentials: [] }, 'none yet');
      assert.equal(await storage.voiceConnectors.settingsOf(account(), c.id), undefined, "another account's id is not found");
      const origination = { routes: [{ host: 'sip.example.com', port: 5060, protocol: 'UDP' as const, priority: 1, weight: 1 }], disabled: false };
      const termination = { cpsLimit: 2, defaultPhoneNumber: '+12065550100', callingRegions: ['US'], cidrAllowedList: ['203.0.113.0/24'], disabled: true };
      const credentials = [{ username: 'pbx é', passwordHash: 'scrypt$1$2$3$salt$hash' }];
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { origination }), true);
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { termination, credentials }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { origination, termination, credentials });
      assert.equal(await storage.voiceConnectors.putSettings(account(), c.id, { origination: null }), false);
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { origination: null, credentials: [] }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [] });
      const logging = { enableSipLogs: true, enableMediaMetricLogs: false };
      const streaming = { dataRetentionInHours: 6, disabled: false, notificationTargets: ['SNS' as const], mediaInsights: { disabled: true } };
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { logging, streaming }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging, streaming });
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { streaming: null }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging });
      const emergencyCalling = { dnis: [{ emergencyPhoneNumber: '+12065550911', testPhoneNumber: '+12065550912', callingCountry: 'US' }] };
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { emergencyCalling }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging, emergencyCalling });
      const proxy = { defaultSessionExpiryMinutes: 30, phoneNumberCountries: ['US', 'CA'], fallBackPhoneNumber: '+12065550100', disabled: true };
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { emergencyCalling: null, proxy }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging, proxy });
      const externalSystems = { sessionBorderControllerTypes: ['RIBBON_SBC', 'AVAYA_SBCE'] };
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { proxy: null, externalSystems }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging, externalSystems });
      assert.equal(await storage.voiceConnectors.putSettings(a, c.id, { externalSystems: null }), true);
      assert.deepEqual(await storage.voiceConnectors.settingsOf(a, c.id), { termination, credentials: [], logging });
      assert.deepEqual(await storage.voiceConnectors.get(a, c.id), c, 'the connector itself is as it was');
      assert.equal(await storage.voiceConnectors.delete(a, c.id), true);
      assert.equal(await storage.voiceConnectors.settingsOf(a, c.id), undefined);
    });

    it('counts up to the cap, tells which ids exist, and deletes only in the owning account', async () => {
      const [a, b] = [account(), account()];
      const mine = [connector(a), connector(a), connector(a)];
      for (const c of mine) await storage.voiceConnectors.insert(c);
      const theirs = connector(b);
      await storage.voiceConnectors.insert(theirs);
      assert.equal(await storage.voiceConnectors.count(a, 10), 3);
      assert.equal(await storage.voiceConnectors.count(a, 1), 2, 'counted up to cap + 1');
      assert.equal(await storage.voiceConnectors.count(account(), 3), 0);
      assert.deepEqual(await storage.voiceConnectors.existing(a, [mine[0]!.id, theirs.id, 'unknown', mine[0]!.id]), new Set([mine[0]!.id]));
      assert.deepEqual(await storage.voiceConnectors.existing(a, []), new Set());
      assert.equal(await storage.voiceConnectors.delete(a, theirs.id), false);
      assert.ok(await storage.voiceConnectors.get(b, theirs.id));
      assert.equal(await storage.voiceConnectors.delete(a, mine[1]!.id), true);
      assert.equal(await storage.voiceConnectors.delete(a, mine[1]!.id), false);
      assert.equal(await storage.voiceConnectors.count(a, 10), 2);
    });

    it('refuses a second connector with the same id', async () => {
      const c = connector(account());
      await storage.voiceConnectors.insert(c);
      await assert.rejects(storage.voiceConnectors.insert({ ...c, accountId: account() }));
    });

    it('round-trips a group with its items in order, lists and counts groups per account', async () => {
      const [a, b] = [account(), account()];
      const cs = [connector(a), connector(a), connector(a)];
      for (const c of cs) await storage.voiceConnectors.insert(c);
      const g1 = group(a, { items: [{ voiceConnectorId: cs[2]!.id, priority: 5 }, { voiceConnectorId: cs[0]!.id, priority: 1 }], createdAt: at(2) });
      const g2 = group(a, { createdAt: at(1) });
      const g3 = group(a, { items: [{ voiceConnectorId: cs[0]!.id, priority: 99 }], createdAt: at(3) });
      for (const g of [g1, g2, g3]) await storage.voiceConnectorGroups.insert(g);
      await storage.voiceConnectorGroups.insert(group(b));
      assert.deepEqual(await storage.voiceConnectorGroups.get(a, g1.id), g1);
      assert.deepEqual(await storage.voiceConnectorGroups.get(a, g2.id), g2);
      assert.equal(await storage.voiceConnectorGroups.get(b, g1.id), undefined);
      assert.deepEqual(await storage.voiceConnectorGroups.list(a, { limit: 10 }), [g2, g1, g3]);
      assert.deepEqual(await storage.voiceConnectorGroups.list(a, { after: { createdAt: g2.createdAt, id: g2.id }, limit: 1 }), [g1]);
      assert.equal(await storage.voiceConnectorGroups.count(a, 10), 3);
      assert.equal(await storage.voiceConnectorGroups.count(a, 0), 1);
      assert.deepEqual(await storage.voiceConnectorGroups.groupsWith(a, cs[0]!.id), [g1.id, g3.id].sort());
      assert.deepEqual(await storage.voiceConnectorGroups.groupsWith(a, cs[1]!.id), []);
      assert.deepEqual(await storage.voiceConnectorGroups.groupsWith(b, cs[0]!.id), []);
    });

    it('replaces a group\'s name and items at once; an empty list removes every item', async () => {
      const a = account();
      const cs = [connector(a), connector(a)];
      for (const c of cs) await storage.voiceConnectors.insert(c);
      const g = group(a, { items: [{ voiceConnectorId: cs[0]!.id, priority: 1 }] });
      await storage.voiceConnectorGroups.insert(g);
      const items = [{ voiceConnectorId: cs[1]!.id, priority: 3 }, { voiceConnectorId: cs[0]!.id, priority: 3 }];
      assert.equal(await storage.voiceConnectorGroups.replace(a, g.id, { name: 'swapped', items, updatedAt: at(70) }), true);
      assert.deepEqual(await storage.voiceConnectorGroups.get(a, g.id), { ...g, name: 'swapped', items, updatedAt: at(70) });
      assert.equal(await storage.voiceConnectorGroups.replace(account(), g.id, { name: 'x', items: [], updatedAt: at(71) }), false);
      assert.equal(await storage.voiceConnectorGroups.replace(a, randomUUID(), { name: 'x', items: [], updatedAt: at(71) }), false);
      assert.equal(await storage.voiceConnectorGroups.replace(a, g.id, { name: 'empty', items: [], updatedAt: at(72) }), true);
      assert.deepEqual((await storage.voiceConnectorGroups.get(a, g.id))?.items, []);
      assert.deepEqual(await storage.voiceConnectorGroups.groupsWith(a, cs[0]!.id), []);
    });

    it('keeps items inside the account: another account\'s or an unknown connector, or one twice, is refused', async () => {
      const [a, b] = [account(), account()];
      const mine = connector(a);
      const theirs = connector(b);
      await storage.voiceConnectors.insert(mine);
      await storage.voiceConnectors.insert(theirs);
      const cross = group(a, { items: [{ voiceConnectorId: theirs.id, priority: 1 }] });
      await assert.rejects(storage.voiceConnectorGroups.insert(cross));
      assert.equal(await storage.voiceConnectorGroups.get(a, cross.id), undefined, 'nothing of the refused group is stored');
      await assert.rejects(storage.voiceConnectorGroups.insert(group(a, { items: [{ voiceConnectorId: 'nosuchconnector0000000', priority: 1 }] })));
      const twice = group(a, { items: [{ voiceConnectorId: mine.id, priority: 1 }, { voiceConnectorId: mine.id, priority: 2 }] });
      await assert.rejects(storage.voiceConnectorGroups.insert(twice));
      const g = group(a, { items: [{ voiceConnectorId: mine.id, priority: 1 }] });
      await storage.voiceConnectorGroups.insert(g);
      await assert.rejects(storage.voiceConnectorGroups.replace(a, g.id, { name: 'x', items: [{ voiceConnectorId: theirs.id, priority: 1 }], updatedAt: at(1) }));
      assert.deepEqual(await storage.voiceConnectorGroups.get(a, g.id), g, 'a refused replace changes nothing');
    });

    it('refuses to delete a connector that is a member of a group; deleting the group frees it', async () => {
      const a = account();
      const c = connector(a);
      await storage.voiceConnectors.insert(c);
      const g = group(a, { items: [{ voiceConnectorId: c.id, priority: 1 }] });
      await storage.voiceConnectorGroups.insert(g);
      await assert.rejects(storage.voiceConnectors.delete(a, c.id));
      assert.ok(await storage.voiceConnectors.get(a, c.id));
      assert.equal(await storage.voiceConnectorGroups.delete(account(), g.id), false);
      assert.equal(await storage.voiceConnectorGroups.delete(a, g.id), true);
      assert.equal(await storage.voiceConnectorGroups.get(a, g.id), undefined);
      assert.equal(await storage.voiceConnectorGroups.delete(a, g.id), false);
      assert.equal(await storage.voiceConnectors.delete(a, c.id), true);
    });

    it('runs the writes of one account one at a time under lockAccount, and rolls a failed transaction back', async () => {
      const a = account();
      const log: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const firstLocked = new Promise<void>((resolve) => (locked = resolve));
      const first = storage.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(a);
        locked();
        log.push('first in');
        await held;
        await repos.voiceConnectors.insert(connector(a));
        log.push('first out');
      });
      await firstLocked;
      const second = storage.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(a);
        log.push(`second in, sees ${await repos.voiceConnectors.count(a, 10)}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await Promise.all([first, second]);
      assert.deepEqual(log, ['first in', 'first out', 'second in, sees 1']);

      const c = connector(a);
      await assert.rejects(
        storage.transaction(async (repos) => {
          await repos.voiceConnectors.lockAccount(a);
          await repos.voiceConnectors.insert(c);
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.equal(await storage.voiceConnectors.get(a, c.id), undefined);
      await storage.voiceConnectors.lockAccount(a);
    });
  });
}

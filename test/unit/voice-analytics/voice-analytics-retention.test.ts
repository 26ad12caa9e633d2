/**
 * Voice analytics' retention over real SQLite storage and a manual clock: the tasks of every account started at or
 * before the retention's start and the profiles expired at the clock's now are deleted, exactly what the reads stopped
 * showing; in batches of `batch`, at most `maxBatches` per sweep of each kind (1,000 and 10 by default), counted; no
 * event recorded.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../../src/domain/shared/ids.ts';
import { VoiceAnalyticsRetention } from '../../../src/domain/voice-analytics/voice-analytics-retention.ts';
import { retentionStart, TASK_RETENTION_MS, type VoiceAnalyticsTask } from '../../../src/domain/voice-analytics/voice-analytics-task.ts';
import type { VoiceProfile } from '../../../src/domain/voice-analytics/voice-profile.ts';
import { newVoiceConnectorId } from '../../../src/domain/voice-connectors/voice-connector-id.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 9, 12, 13, 14, 15, 678);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const at = (ms: number): Date => new Date(T0 + ms);

let storage: Storage;
let clock: ManualClock;
/** Each account's voice connector and voice profile domain. */
const connectors = new Map<string, string>();
const domains = new Map<string, string>();

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
  for (const accountId of [ALICE, BOB]) {
    const connector = newVoiceConnectorId(cryptoIds);
    await storage.voiceConnectors.insert({ id: connector, accountId, name: 'analytics', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at(-DAY), updatedAt: at(-DAY) });
    connectors.set(accountId, connector);
    const domain = randomUUID();
    await storage.voiceProfileDomains.insert({ id: domain, accountId, region: 'us-east-1', name: 'callers', kmsKeyArn: `arn:aws:kms:us-east-1:${accountId}:key/k`, tags: [], createdAt: at(-DAY), updatedAt: at(-DAY) });
    domains.set(accountId, domain);
  }
});
afterEach(() => storage.close());

function retention(options: { batch?: number; maxBatches?: number } = {}): VoiceAnalyticsRetention {
  return new VoiceAnalyticsRetention({ tasks: storage.voiceAnalyticsTasks, profiles: storage.voiceProfiles, clock, ...options });
}

/** A voice tone analysis of the account started at `createdAt` (ms after T0). */
async function taskAt(accountId: string, createdAt: number): Promise<VoiceAnalyticsTask> {
  const task: VoiceAnalyticsTask = {
    id: randomUUID(),
    kind: 'voice-tone',
    accountId,
    voiceConnectorId: connectors.get(accountId)!,
    transactionId: randomUUID(),
    languageCode: 'en-US',
    createdAt: at(createdAt),
  };
  await storage.voiceAnalyticsTasks.insert(task);
  return task;
}

/** A profile of the account's domain expiring at `expiresAt` (ms after T0). */
async function profileExpiringAt(accountId: string, expiresAt: number): Promise<VoiceProfile> {
  const profile: VoiceProfile = {
    id: randomUUID(),
    accountId,
    region: 'us-east-1',
    voiceProfileDomainId: domains.get(accountId)!,
    voiceprint: `vp-${randomUUID()}`,
    speakerSearchTaskId: randomUUID(),
    createdAt: at(-3 * 365 * DAY),
    updatedAt: at(-3 * 365 * DAY),
    expiresAt: at(expiresAt),
  };
  await storage.voiceProfiles.insert(profile);
  return profile;
}

/** Whether each task is still stored (read with a `since` before every start). */
const tasksStored = async (tasks: readonly VoiceAnalyticsTask[]): Promise<boolean[]> =>
  Promise.all(tasks.map(async (t) => (await storage.voiceAnalyticsTasks.find(t.accountId, t.kind, t.id, at(-365 * DAY))) !== undefined));
/** Whether each profile is still stored (read at a time before every expiry). */
const profilesStored = async (profiles: readonly VoiceProfile[]): Promise<boolean[]> =>
  Promise.all(profiles.map(async (p) => (await storage.voiceProfiles.get(p, p.id, at(-365 * DAY))) !== undefined));

describe('VoiceAnalyticsRetention', () => {
  it("deletes every account's tasks past their day and profiles expired at now, exactly what the reads no longer show", async () => {
    const now = clock.now();
    const since = retentionStart(now);
    assert.equal(since.getTime(), T0 - TASK_RETENTION_MS);
    const oldTasks = [await taskAt(ALICE, -2 * DAY), await taskAt(BOB, -DAY - 1), await taskAt(ALICE, -DAY)];
    const newTasks = [await taskAt(BOB, -DAY + 1), await taskAt(ALICE, 0)];
    const expired = [await profileExpiringAt(BOB, -DAY), await profileExpiringAt(ALICE, -1), await profileExpiringAt(BOB, 0)];
    const unexpired = [await profileExpiringAt(ALICE, 1), await profileExpiringAt(BOB, DAY)];

    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 3, prunedVoiceProfiles: 3 }, 'started a day ago at the latest; expired at now at the latest');
    assert.deepEqual(await tasksStored([...oldTasks, ...newTasks]), [false, false, false, true, true]);
    assert.deepEqual(await profilesStored([...expired, ...unexpired]), [false, false, false, true, true]);
    for (const t of newTasks) assert.ok(await storage.voiceAnalyticsTasks.find(t.accountId, t.kind, t.id, since), 'what is kept, the reads show');
    for (const p of unexpired) assert.ok(await storage.voiceProfiles.get(p, p.id, now));
    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 0, prunedVoiceProfiles: 0 }, 'idempotent');

    clock.advance(1);
    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 1, prunedVoiceProfiles: 1 }, 'a millisecond later, the next of each');
    assert.deepEqual(await tasksStored(newTasks), [false, true]);
    assert.deepEqual(await profilesStored(unexpired), [false, true]);
    clock.advance(DAY);
    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 1, prunedVoiceProfiles: 1 });
    assert.equal((await storage.events.lastSeq(ALICE)) + (await storage.events.lastSeq(BOB)), 0, 'no event recorded for what was pruned');
  });

  it('deletes in batches, at most maxBatches per sweep of each kind, a backlog over several sweeps', async () => {
    const tasks = [];
    for (let i = 0; i < 5; i++) tasks.push(await taskAt(i % 2 === 0 ? ALICE : BOB, -2 * DAY - i * MIN));
    const profiles = [];
    for (let i = 0; i < 3; i++) profiles.push(await profileExpiringAt(i % 2 === 0 ? BOB : ALICE, -i * MIN));
    const sweeps = retention({ batch: 2, maxBatches: 2 });

    assert.deepEqual(await sweeps.sweep(), { prunedVoiceAnalyticsTasks: 4, prunedVoiceProfiles: 3 }, 'two batches of two tasks; the profiles in a full and a short batch');
    assert.deepEqual(await tasksStored(tasks), [true, false, false, false, false], 'the oldest first');
    assert.deepEqual(await sweeps.sweep(), { prunedVoiceAnalyticsTasks: 1, prunedVoiceProfiles: 0 }, 'the rest at the next sweep');
    assert.deepEqual(await sweeps.sweep(), { prunedVoiceAnalyticsTasks: 0, prunedVoiceProfiles: 0 });
    assert.deepEqual(await retention({ batch: 1, maxBatches: 0 }).sweep(), { prunedVoiceAnalyticsTasks: 0, prunedVoiceProfiles: 0 }, 'no batch, nothing deleted');
  });

  it('deletes 1,000 rows per delete and 10 deletes per sweep of each kind by default', async () => {
    const old = at(-2 * DAY);
    await storage.transaction(async (repos) => {
      for (let i = 0; i < 11_001; i++) {
        await repos.voiceAnalyticsTasks.insert({ id: randomUUID(), kind: 'voice-tone', accountId: ALICE, voiceConnectorId: connectors.get(ALICE)!, transactionId: `call-${i}`, createdAt: old });
      }
    });
    assert.deepEqual(await retention({ maxBatches: 1 }).sweep(), { prunedVoiceAnalyticsTasks: 1_000, prunedVoiceProfiles: 0 }, 'one delete: 1,000 rows');
    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 10_000, prunedVoiceProfiles: 0 }, 'ten deletes');
    assert.deepEqual(await retention().sweep(), { prunedVoiceAnalyticsTasks: 1, prunedVoiceProfiles: 0 });
  });
});

/**
 * Retention of voice analytics, decided on the injected clock, as the outbox's (events/event-retention.ts): the tasks
 * past their day (started at or before {@link retentionStart}) and the voice profiles that have expired (as AWS deletes
 * expired voice profiles) are deleted across all accounts, in bounded batches, a few per sweep of each kind, so that a
 * backlog (a long stop, a test clock moved on by years) drains over several sweeps instead of in one long write.
 * Without it an expired profile, or the old tasks of an account that starts no other task, would stay stored for ever.
 * Each deletes exactly what the reads stopped showing at that time: every read of tasks keeps those started strictly
 * after `retentionStart(now)`, every read of profiles those expiring strictly after now. No event is recorded for what
 * is pruned: those tasks and profiles were already gone as far as the API could tell, and their going was not a change
 * anyone made.
 */
import type { VoiceAnalyticsTaskRepository } from '../ports/voice-analytics-tasks.ts';
import type { VoiceProfileRepository } from '../ports/voice-profiles.ts';
import { inBatches } from '../shared/batches.ts';
import type { Clock } from '../shared/clock.ts';
import { retentionStart } from './voice-analytics-task.ts';

/** Rows per delete, and deletes per sweep of each kind. */
const BATCH = 1_000;
const MAX_BATCHES = 10;

export interface VoiceAnalyticsRetentionOptions {
  tasks: Pick<VoiceAnalyticsTaskRepository, 'pruneStartedBy'>;
  profiles: Pick<VoiceProfileRepository, 'pruneExpired'>;
  clock: Clock;
  /** Rows per delete (default 1000) and deletes per sweep of each kind (default 10): for tests. */
  batch?: number;
  maxBatches?: number;
}

/** What one sweep deleted (a type, not an interface: sweepers take any record of counts). */
export type VoiceAnalyticsPrune = { prunedVoiceAnalyticsTasks: number; prunedVoiceProfiles: number };

export class VoiceAnalyticsRetention {
  readonly #o: VoiceAnalyticsRetentionOptions;

  constructor(options: VoiceAnalyticsRetentionOptions) {
    this.#o = options;
  }

  /** Deletes what is due at the clock's now, at most `maxBatches` batches of each kind. Idempotent; safe to run concurrently. */
  async sweep(): Promise<VoiceAnalyticsPrune> {
    const { tasks, profiles, clock } = this.#o;
    const now = clock.now();
    const since = retentionStart(now);
    const batch = this.#o.batch ?? BATCH;
    const maxBatches = this.#o.maxBatches ?? MAX_BATCHES;
    const prunedVoiceAnalyticsTasks = await inBatches((limit) => tasks.pruneStartedBy(since, limit), batch, maxBatches);
    const prunedVoiceProfiles = await inBatches((limit) => profiles.pruneExpired(now, limit), batch, maxBatches);
    return { prunedVoiceAnalyticsTasks, prunedVoiceProfiles };
  }
}

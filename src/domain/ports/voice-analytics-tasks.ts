/**
 * Voice analytics tasks (speaker search, voice tone analysis), as their service keeps them: within one account; and
 * the retention sweep's delete of the tasks past their day, across accounts.
 */
import type { CallLeg, VoiceAnalyticsKind, VoiceAnalyticsTask } from '../voice-analytics/voice-analytics-task.ts';
import type { CreationCursor } from './voice-connectors.ts';

/** Where a task is looked for: the account's connector, and the kind of task. */
export interface TaskScope {
  accountId: string;
  voiceConnectorId: string;
  kind: VoiceAnalyticsKind;
}

export interface VoiceAnalyticsTaskRepository {
  /** Stores the task (the database refuses one whose connector is not the account's). */
  insert(task: VoiceAnalyticsTask): Promise<void>;
  /** The task, when the connector has one of this kind and id started after `since`. */
  get(scope: TaskScope, id: string, since: Date): Promise<VoiceAnalyticsTask | undefined>;
  /**
   * Up to `limit` of the account's tasks started after `since`, of every connector and kind, strictly after `after`, by
   * (createdAt, id) ascending (what `dialtone export` reads).
   */
  list(accountId: string, options: { since: Date; after?: CreationCursor; limit: number }): Promise<VoiceAnalyticsTask[]>;
  /** The account's task of this kind and id started after `since`, on any of its connectors. */
  find(accountId: string, kind: VoiceAnalyticsKind, id: string, since: Date): Promise<VoiceAnalyticsTask | undefined>;
  /** The account's task of this kind started after `since` with this `ClientRequestToken`, on any connector. */
  byClientRequestToken(accountId: string, kind: VoiceAnalyticsKind, token: string, since: Date): Promise<VoiceAnalyticsTask | undefined>;
  /** The connector's tasks of this kind for the call (and leg, when given) started after `since` and not stopped. */
  unstopped(scope: TaskScope, call: { transactionId: string; callLeg?: CallLeg }, since: Date): Promise<VoiceAnalyticsTask[]>;
  /** Sets `stoppedAt` on a task not stopped yet; false when there is none such. */
  stop(scope: TaskScope, id: string, at: Date): Promise<boolean>;
  /** Deletes up to `limit` of the account's tasks started before `before`; answers how many. */
  prune(accountId: string, before: Date, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` tasks of any account started at or before `since`, the oldest first: exactly those that no
   * read taking this `since` shows (reads keep the tasks started strictly after it). Answers how many. The retention
   * sweep's (voice-analytics-retention.ts).
   */
  pruneStartedBy(since: Date, limit: number): Promise<number>;
}

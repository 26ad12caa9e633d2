/**
 * Voice analytics tasks of a voice connector's calls (StartSpeakerSearchTask, StartVoiceToneAnalysisTask) as the domain
 * sees them. AWS runs them on the audio of a call the connector carries; dialtone takes no SIP traffic and hears no
 * audio, so it keeps the task and answers its status from the clock. The rules are dialtone's (docs/api.md, "Voice
 * analytics tasks"):
 * - the connector has voice analytics on: a streaming configuration that is not `Disabled`, with a
 *   `MediaInsightsConfiguration` that is not `Disabled` either (AWS turns voice analytics on that way);
 * - any `TransactionId` names a call in progress on the connector (dialtone cannot know its calls);
 * - one task of a kind runs at a time for a call (for speaker search, for a call leg);
 * - a speaker search is `IN_PROGRESS` for {@link SPEAKER_SEARCH_MS}, then `SUCCEEDED` with its voiceprint and the
 *   domain's voice profiles of that voiceprint enrolled by then (voice-profile.ts); a voice tone analysis is `IN_PROGRESS` until stopped (the end of the call,
 *   which dialtone never sees); a stopped task is `STOPPED`, a search stopped after it succeeded stays `SUCCEEDED`;
 * - a task is known for {@link TASK_RETENTION_MS} after it started, then deleted by the retention sweep
 *   (voice-analytics-retention.ts).
 */
import { DomainError } from '../shared/domain-error.ts';
import type { VoiceConnectorSettings } from '../voice-connectors/voice-connector-settings.ts';

export type VoiceAnalyticsKind = 'speaker-search' | 'voice-tone';
export type CallLeg = 'Caller' | 'Callee';
export type TaskStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'STOPPED';

export interface VoiceAnalyticsTask {
  /** A UUID v4 in lower case. */
  id: string;
  kind: VoiceAnalyticsKind;
  accountId: string;
  voiceConnectorId: string;
  transactionId: string;
  /** The leg a speaker search listens to; absent for a voice tone analysis, which takes both. */
  callLeg?: CallLeg;
  /** The speaker search's voice profile domain. */
  voiceProfileDomainId?: string;
  /** The speaker search's voiceprint: whose voice the leg carries (voice-profile.ts). */
  voiceprint?: string;
  /** The voice tone analysis's language (the model's enum: `en-US`). */
  languageCode?: string;
  /** The start's `ClientRequestToken`, when it had one: a retry with the same token answers this task. */
  clientRequestToken?: string;
  createdAt: Date;
  /** When it was stopped; absent while it was not. */
  stoppedAt?: Date;
}

/** How long a speaker search listens before it answers: the 10 seconds of speech a voiceprint takes. */
export const SPEAKER_SEARCH_MS = 10_000;
/** How long a task is known after it started: a day. */
export const TASK_RETENTION_MS = 24 * 60 * 60_000;

/**
 * The start a task must be strictly later than to be known at `now` (every read of tasks takes it as `since`; the
 * retention sweep deletes the tasks started at or before it).
 */
export function retentionStart(now: Date): Date {
  return new Date(now.getTime() - TASK_RETENTION_MS);
}

/** The time a speaker search succeeds; undefined for a voice tone analysis, which runs until stopped. */
export function succeedsAt(task: Pick<VoiceAnalyticsTask, 'kind' | 'createdAt'>): Date | undefined {
  return task.kind === 'speaker-search' ? new Date(task.createdAt.getTime() + SPEAKER_SEARCH_MS) : undefined;
}

/** The task's status at `now`, and when it last changed. */
export function taskStateAt(task: VoiceAnalyticsTask, now: Date): { status: TaskStatus; changedAt: Date } {
  const success = succeedsAt(task);
  const succeeded = success !== undefined && success <= now && (task.stoppedAt === undefined || task.stoppedAt >= success);
  if (succeeded) return { status: 'SUCCEEDED', changedAt: success };
  if (task.stoppedAt !== undefined) return { status: 'STOPPED', changedAt: task.stoppedAt };
  return { status: 'IN_PROGRESS', changedAt: task.createdAt };
}

/** @throws DomainError `invalid` unless the connector's streaming runs with media insights (voice analytics on) */
export function checkVoiceAnalyticsOn(settings: VoiceConnectorSettings, voiceConnectorId: string): void {
  const streaming = settings.streaming;
  const on = streaming !== undefined && !streaming.disabled && streaming.mediaInsights !== undefined && streaming.mediaInsights.disabled !== true;
  if (!on) {
    throw new DomainError(
      'invalid',
      `Voice connector ${voiceConnectorId} has no voice analytics: put a streaming configuration that is not Disabled, with a MediaInsightsConfiguration that is not Disabled (PutVoiceConnectorStreamingConfiguration)`,
    );
  }
}

/** The name of a task's kind in messages. */
export function kindName(kind: VoiceAnalyticsKind): string {
  return kind === 'speaker-search' ? 'speaker search task' : 'voice tone analysis task';
}

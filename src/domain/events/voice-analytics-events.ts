/**
 * `Voice Analytics Task Started` and `… Stopped`: a speaker search or a voice tone analysis of a connector's call
 * started or stopped. AWS would send the tasks' results to EventBridge as the analysis runs; dialtone analyses nothing,
 * so these say when a task starts and stops, and a webhook can answer with results of its own.
 */
import type { IdSource } from '../shared/ids.ts';
import type { VoiceAnalyticsTask } from '../voice-analytics/voice-analytics-task.ts';
import { voiceConnectorArn } from '../voice-connectors/voice-connector.ts';
import type { NewEvent } from './event.ts';

function taskEvent(ids: IdSource, task: VoiceAnalyticsTask, region: string, type: NewEvent['type'], at: Date): NewEvent {
  return {
    id: ids.uuid(),
    accountId: task.accountId,
    type,
    at,
    resources: [
      { kind: 'vc', id: task.voiceConnectorId },
      { kind: task.kind === 'speaker-search' ? 'speaker-search-task' : 'voice-tone-analysis-task', id: task.id },
    ],
    detail: {
      TaskType: task.kind === 'speaker-search' ? 'SpeakerSearch' : 'VoiceToneAnalysis',
      TaskId: task.id,
      VoiceConnectorId: task.voiceConnectorId,
      VoiceConnectorArn: voiceConnectorArn({ id: task.voiceConnectorId, accountId: task.accountId, awsRegion: region }),
      TransactionId: task.transactionId,
      ...(task.callLeg !== undefined && { CallLeg: task.callLeg }),
      ...(task.voiceProfileDomainId !== undefined && { VoiceProfileDomainId: task.voiceProfileDomainId }),
      ...(task.languageCode !== undefined && { LanguageCode: task.languageCode }),
    },
  };
}

/** The task as started; `region` is its connector's. */
export function voiceAnalyticsTaskStarted(ids: IdSource, task: VoiceAnalyticsTask, region: string): NewEvent {
  return taskEvent(ids, task, region, 'Voice Analytics Task Started', task.createdAt);
}

/** The task stopped at `at`. */
export function voiceAnalyticsTaskStopped(ids: IdSource, task: VoiceAnalyticsTask, region: string, at: Date): NewEvent {
  return taskEvent(ids, task, region, 'Voice Analytics Task Stopped', at);
}

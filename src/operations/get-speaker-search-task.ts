import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { taskScope, toSpeakerSearchTask } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `GET /voice-connectors/{voiceConnectorId}/speaker-search-tasks/{speakerSearchTaskId}`: a task of the last day; once it
 * has succeeded, the voice profiles of its domain with its voiceprint.
 */
export function getSpeakerSearchTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'GetSpeakerSearchTask'> {
  return async (input, context) => {
    const task = await tasks.get(taskScope(context, input.VoiceConnectorId, 'speaker-search'), input.SpeakerSearchTaskId);
    return { SpeakerSearchTask: toSpeakerSearchTask(task, tasks.now(), await tasks.matches(task)) };
  };
}

import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { taskScope } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connectors/{voiceConnectorId}/speaker-search-tasks/{speakerSearchTaskId}?operation=stop` → 204. */
export function stopSpeakerSearchTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'StopSpeakerSearchTask'> {
  return async (input, context) => {
    await tasks.stop(taskScope(context, input.VoiceConnectorId, 'speaker-search'), input.SpeakerSearchTaskId);
  };
}

import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { taskScope } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connectors/{voiceConnectorId}/voice-tone-analysis-tasks/{id}?operation=stop` → 204. */
export function stopVoiceToneAnalysisTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'StopVoiceToneAnalysisTask'> {
  return async (input, context) => {
    await tasks.stop(taskScope(context, input.VoiceConnectorId, 'voice-tone'), input.VoiceToneAnalysisTaskId);
  };
}

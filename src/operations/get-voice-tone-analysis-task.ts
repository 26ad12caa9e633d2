import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { taskScope, toVoiceToneAnalysisTask } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/voice-tone-analysis-tasks/{id}?isCaller=`: a task of the last day, for the leg asked. */
export function getVoiceToneAnalysisTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'GetVoiceToneAnalysisTask'> {
  return async (input, context) => {
    const task = await tasks.get(taskScope(context, input.VoiceConnectorId, 'voice-tone'), input.VoiceToneAnalysisTaskId);
    return { VoiceToneAnalysisTask: toVoiceToneAnalysisTask(task, tasks.now(), input.IsCaller) };
  };
}

import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { toVoiceToneAnalysisTask } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-connectors/{voiceConnectorId}/voice-tone-analysis-tasks` → 201, `IN_PROGRESS` until stopped: a voice
 * tone analysis of both legs of a call. The answer's `CallDetails` names the caller's leg.
 */
export function startVoiceToneAnalysisTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'StartVoiceToneAnalysisTask'> {
  return async (input, context) => {
    const task = await tasks.startVoiceToneAnalysis(context.accountId, input.VoiceConnectorId, {
      transactionId: input.TransactionId,
      languageCode: input.LanguageCode,
      ...(input.ClientRequestToken !== undefined && { clientRequestToken: input.ClientRequestToken }),
    });
    return { VoiceToneAnalysisTask: toVoiceToneAnalysisTask(task, tasks.now(), true) };
  };
}

import type { VoiceAnalyticsTaskService } from '../domain/voice-analytics/voice-analytics-task-service.ts';
import { toSpeakerSearchTask } from './mappers/voice-analytics.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-connectors/{voiceConnectorId}/speaker-search-tasks` → 201, `IN_PROGRESS`: a speaker search of one leg of
 * a call (the `Caller` when `CallLeg` is absent) against a voice profile domain of the request's region.
 */
export function startSpeakerSearchTask(tasks: VoiceAnalyticsTaskService): VoiceHandler<'StartSpeakerSearchTask'> {
  return async (input, context) => {
    const task = await tasks.startSpeakerSearch(context.accountId, input.VoiceConnectorId, context.region, {
      transactionId: input.TransactionId,
      voiceProfileDomainId: input.VoiceProfileDomainId,
      ...(input.CallLeg !== undefined && { callLeg: input.CallLeg }),
      ...(input.ClientRequestToken !== undefined && { clientRequestToken: input.ClientRequestToken }),
    });
    return { SpeakerSearchTask: toSpeakerSearchTask(task, tasks.now()) };
  };
}

/** Voice analytics tasks → the model's `SpeakerSearchTask` and `VoiceToneAnalysisTask`. */
import { taskStateAt, type VoiceAnalyticsTask } from '../../domain/voice-analytics/voice-analytics-task.ts';
import type { TaskScope } from '../../domain/ports/voice-analytics-tasks.ts';
import type { SpeakerMatch } from '../../domain/voice-analytics/voice-analytics-task-service.ts';
import { voiceProfileArn, type VoiceProfile } from '../../domain/voice-analytics/voice-profile.ts';
import type * as Voice from '../../generated/chime-sdk-voice.ts';
import type { RequestContext } from '../handler.ts';

/** What a voice analytics task's voiceprint status reads once its search has succeeded. */
const VOICEPRINT_GENERATED = 'VoiceprintGenerationSuccess';

export function taskScope(context: RequestContext, voiceConnectorId: string, kind: TaskScope['kind']): TaskScope {
  return { accountId: context.accountId, voiceConnectorId, kind };
}

/** The task and its status at `now`; a search that succeeded has its voiceprint and the voice profiles it found. */
export function toSpeakerSearchTask(task: VoiceAnalyticsTask, now: Date, matches: readonly SpeakerMatch[] = []): Voice.SpeakerSearchTask {
  const { status, changedAt } = taskStateAt(task, now);
  return {
    SpeakerSearchTaskId: task.id,
    SpeakerSearchTaskStatus: status,
    CallDetails: { VoiceConnectorId: task.voiceConnectorId, TransactionId: task.transactionId, IsCaller: task.callLeg !== 'Callee' },
    ...(status === 'SUCCEEDED' && {
      SpeakerSearchDetails: {
        Results: matches.map((match) => ({ VoiceProfileId: match.voiceProfileId, ConfidenceScore: match.confidenceScore })),
        VoiceprintGenerationStatus: VOICEPRINT_GENERATED,
      },
    }),
    CreatedTimestamp: task.createdAt,
    UpdatedTimestamp: changedAt,
    StartedTimestamp: task.createdAt,
  };
}

/** The task and its status at `now`, for the call leg asked (`IsCaller`): an analysis takes both legs. */
export function toVoiceToneAnalysisTask(task: VoiceAnalyticsTask, now: Date, isCaller: boolean): Voice.VoiceToneAnalysisTask {
  const { status, changedAt } = taskStateAt(task, now);
  return {
    VoiceToneAnalysisTaskId: task.id,
    VoiceToneAnalysisTaskStatus: status,
    CallDetails: { VoiceConnectorId: task.voiceConnectorId, TransactionId: task.transactionId, IsCaller: isCaller },
    CreatedTimestamp: task.createdAt,
    UpdatedTimestamp: changedAt,
    StartedTimestamp: task.createdAt,
  };
}

/** A profile → the model's `VoiceProfile` (and `VoiceProfileSummary`, which has the same members). */
export function toVoiceProfile(profile: VoiceProfile): Voice.VoiceProfile {
  return {
    VoiceProfileId: profile.id,
    VoiceProfileArn: voiceProfileArn(profile),
    VoiceProfileDomainId: profile.voiceProfileDomainId,
    CreatedTimestamp: profile.createdAt,
    UpdatedTimestamp: profile.updatedAt,
    ExpirationTimestamp: profile.expiresAt,
  };
}

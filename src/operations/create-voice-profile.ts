import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { toVoiceProfile } from './mappers/voice-analytics.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-profiles` → 201: the voiceprint of a speaker search that has succeeded, enrolled in the search's domain. */
export function createVoiceProfile(profiles: VoiceProfileService): VoiceHandler<'CreateVoiceProfile'> {
  return async (input, context) => ({ VoiceProfile: toVoiceProfile(await profiles.create(domainScope(context), input.SpeakerSearchTaskId)) });
}

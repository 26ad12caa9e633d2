import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { toVoiceProfile } from './mappers/voice-analytics.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-profiles/{voiceProfileId}`: a new voiceprint from another search of the profile's domain; it lasts anew. */
export function updateVoiceProfile(profiles: VoiceProfileService): VoiceHandler<'UpdateVoiceProfile'> {
  return async (input, context) => ({
    VoiceProfile: toVoiceProfile(await profiles.update(domainScope(context), input.VoiceProfileId, input.SpeakerSearchTaskId)),
  });
}

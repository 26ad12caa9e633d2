import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-profiles/{voiceProfileId}` → 204; searches no longer find it. */
export function deleteVoiceProfile(profiles: VoiceProfileService): VoiceHandler<'DeleteVoiceProfile'> {
  return async (input, context) => {
    await profiles.delete(domainScope(context), input.VoiceProfileId);
  };
}

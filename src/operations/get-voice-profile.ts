import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { toVoiceProfile } from './mappers/voice-analytics.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-profiles/{voiceProfileId}`: a profile of the account in the request's region, until it expires. */
export function getVoiceProfile(profiles: VoiceProfileService): VoiceHandler<'GetVoiceProfile'> {
  return async (input, context) => ({ VoiceProfile: toVoiceProfile(await profiles.get(domainScope(context), input.VoiceProfileId)) });
}

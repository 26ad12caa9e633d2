import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-profile-domains/{VoiceProfileDomainId}`: 204. */
export function deleteVoiceProfileDomain(domains: VoiceProfileDomainService): VoiceHandler<'DeleteVoiceProfileDomain'> {
  return async (input, context) => {
    await domains.delete(domainScope(context), input.VoiceProfileDomainId);
  };
}

import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { domainScope, toVoiceProfileDomain } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-profile-domains/{VoiceProfileDomainId}`: a domain of the request's region. */
export function getVoiceProfileDomain(domains: VoiceProfileDomainService): VoiceHandler<'GetVoiceProfileDomain'> {
  return async (input, context) => ({
    VoiceProfileDomain: toVoiceProfileDomain(await domains.get(domainScope(context), input.VoiceProfileDomainId)),
  });
}

import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { domainScope, toVoiceProfileDomain } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-profile-domains/{VoiceProfileDomainId}`: sets `Name` and/or `Description` (both optional; absent stays). */
export function updateVoiceProfileDomain(domains: VoiceProfileDomainService): VoiceHandler<'UpdateVoiceProfileDomain'> {
  return async (input, context) => {
    const domain = await domains.update(domainScope(context), input.VoiceProfileDomainId, {
      ...(input.Name !== undefined && { name: input.Name }),
      ...(input.Description !== undefined && { description: input.Description }),
    });
    return { VoiceProfileDomain: toVoiceProfileDomain(domain) };
  };
}

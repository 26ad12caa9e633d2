import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { domainScope, toVoiceProfileDomain } from './mappers/voice-profile-domains.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-profile-domains` → 201 with the new domain, in the region of the request; a retry with the same
 * `ClientRequestToken` answers the domain the first call made.
 */
export function createVoiceProfileDomain(domains: VoiceProfileDomainService): VoiceHandler<'CreateVoiceProfileDomain'> {
  return async (input, context) => {
    const domain = await domains.create(domainScope(context), {
      name: input.Name,
      ...(input.Description !== undefined && { description: input.Description }),
      kmsKeyArn: input.ServerSideEncryptionConfiguration.KmsKeyArn,
      ...(input.ClientRequestToken !== undefined && { clientRequestToken: input.ClientRequestToken }),
      tags: input.Tags?.map((tag) => ({ key: tag.Key, value: tag.Value })),
    });
    return { VoiceProfileDomain: toVoiceProfileDomain(domain) };
  };
}

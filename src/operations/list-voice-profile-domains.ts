import type { VoiceProfileDomainService } from '../domain/voice-profile-domains/voice-profile-domain-service.ts';
import { domainScope, toVoiceProfileDomainSummary } from './mappers/voice-profile-domains.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-profile-domains`: the account's domains in the request's region, oldest first, paged by `NextToken`. */
export function listVoiceProfileDomains(domains: VoiceProfileDomainService): VoiceHandler<'ListVoiceProfileDomains'> {
  return async (input, context) => {
    const page = await domains.list(domainScope(context), { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken });
    return { VoiceProfileDomains: page.items.map(toVoiceProfileDomainSummary), NextToken: page.nextToken };
  };
}

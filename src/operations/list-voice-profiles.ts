import type { VoiceProfileService } from '../domain/voice-analytics/voice-profile-service.ts';
import { toVoiceProfile } from './mappers/voice-analytics.ts';
import { domainScope } from './mappers/voice-profile-domains.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-profiles?voice-profile-domain-id=`: the domain's profiles, oldest first, paged by `NextToken`. */
export function listVoiceProfiles(profiles: VoiceProfileService): VoiceHandler<'ListVoiceProfiles'> {
  return async (input, context) => {
    const page = await profiles.list(domainScope(context), input.VoiceProfileDomainId, { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken });
    return { VoiceProfiles: page.items.map(toVoiceProfile), NextToken: page.nextToken };
  };
}

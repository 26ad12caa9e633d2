/** Domain voice profile domains ↔ the model's `VoiceProfileDomain` and `VoiceProfileDomainSummary`. */
import type * as Voice from '../../generated/chime-sdk-voice.ts';
import { voiceProfileDomainArn, type VoiceProfileDomain } from '../../domain/voice-profile-domains/voice-profile-domain.ts';
import type { DomainScope } from '../../domain/ports/voice-profile-domains.ts';
import type { RequestContext } from '../handler.ts';

export function toVoiceProfileDomain(domain: VoiceProfileDomain): Voice.VoiceProfileDomain {
  return { ...toVoiceProfileDomainSummary(domain), ServerSideEncryptionConfiguration: { KmsKeyArn: domain.kmsKeyArn } };
}

/** What a listing shows of a domain: all but its key. */
export function toVoiceProfileDomainSummary(domain: VoiceProfileDomain): Voice.VoiceProfileDomainSummary {
  return {
    VoiceProfileDomainId: domain.id,
    VoiceProfileDomainArn: voiceProfileDomainArn(domain),
    Name: domain.name,
    ...(domain.description !== undefined && { Description: domain.description }),
    CreatedTimestamp: domain.createdAt,
    UpdatedTimestamp: domain.updatedAt,
  };
}

/** A domain lives in the region of the request's SigV4 scope, within the caller's account. */
export function domainScope(context: Pick<RequestContext, 'accountId' | 'region'>): DomainScope {
  return { accountId: context.accountId, region: context.region };
}

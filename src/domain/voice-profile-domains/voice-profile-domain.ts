/**
 * Voice profile domains as the domain sees them: a regional, account-scoped collection of the voice profiles that
 * Chime SDK voice analytics would enrol, encrypted with the account's KMS key. dialtone stores the domain; it enrols no
 * voice and calls no KMS. Wire names live in operations/, not here.
 */
import type { Tag } from '../voice-connectors/voice-connector.ts';

export interface VoiceProfileDomain {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  /** The region of the request that created it (its SigV4 scope): a domain lives, and is found, in one region. */
  region: string;
  name: string;
  /** Absent when never given. */
  description?: string;
  /** The KMS key that would encrypt the domain's enrolment data. */
  kmsKeyArn: string;
  /** The create's `ClientRequestToken`, when it had one: a retry with the same token answers this domain. */
  clientRequestToken?: string;
  tags: Tag[];
  createdAt: Date;
  updatedAt: Date;
}

/** @example voiceProfileDomainArn(d) → 'arn:aws:chime:us-east-1:111111111111:voice-profile-domain/0f1e…' */
export function voiceProfileDomainArn(domain: Pick<VoiceProfileDomain, 'id' | 'accountId' | 'region'>): string {
  return `arn:aws:chime:${domain.region}:${domain.accountId}:voice-profile-domain/${domain.id}`;
}

/**
 * What a voice profile domain's create and update must respect beyond the model's own constraints (which the protocol
 * layer checks: the name's length and characters, the description's length, the token's pattern).
 */
import { DomainError } from '../shared/domain-error.ts';
import type { VoiceProfileDomain } from './voice-profile-domain.ts';

/** The member, as the one model that has voice profile domains (chime-sdk-voice) names it. */
const KEY_MEMBER = 'ServerSideEncryptionConfiguration.KmsKeyArn';

/** A KMS key's ARN: `arn:<partition>:kms:<region>:<account>:key/<key id>` (a multi-Region key's id begins `mrk-`). */
const KMS_KEY_ARN = /^arn:[a-z][a-z0-9-]*:kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/;

/**
 * The key must be a KMS key of the domain's region, named by its key ARN (AWS encrypts the domain's data with it, and a
 * KMS key is regional). An alias is refused: the key behind it could change. The key may belong to another account.
 * @throws DomainError `invalid`
 */
export function checkKmsKeyArn(arn: string, region: string): void {
  const match = KMS_KEY_ARN.exec(arn);
  if (match === null) {
    throw new DomainError(
      'invalid',
      `${KEY_MEMBER} must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key id>); an alias or another kind of ARN is not accepted`,
    );
  }
  if (match[1] !== region) {
    throw new DomainError('invalid', `${KEY_MEMBER} names a key of ${match[1]}; a voice profile domain of ${region} needs a KMS key of ${region}`);
  }
}

/** What a create asks for, compared with a domain made earlier with the same `ClientRequestToken`. */
export interface DomainRequest {
  name: string;
  description?: string;
  kmsKeyArn: string;
}

/**
 * Whether `request` repeats the create that made `existing` (same token): the same name, description and key. Tags are
 * not compared, since TagResource may have changed them since.
 */
export function sameCreate(existing: VoiceProfileDomain, request: DomainRequest): boolean {
  return existing.name === request.name && existing.description === request.description && existing.kmsKeyArn === request.kmsKeyArn;
}

/**
 * A new domain fits the account's quota in the region (`count` of its domains there, read up to `max + 1`).
 * @throws DomainError `limit-exceeded`
 */
export function checkRegionQuota(count: number, max: number, region: string): void {
  if (count < max) return;
  const has = count > max ? `more than ${max}` : String(count);
  throw new DomainError('limit-exceeded', `The account has ${has} voice profile domains in ${region}; the limit is ${max} per region (maxVoiceProfileDomainsPerRegion)`);
}

/** @throws DomainError `not-found`: the domain is not in the account and region (a domain is found in its region only) */
export function voiceProfileDomainNotFound(scope: { region: string }, id: string): never {
  throw new DomainError('not-found', `No voice profile domain with id ${id} exists in ${scope.region} in this account`);
}

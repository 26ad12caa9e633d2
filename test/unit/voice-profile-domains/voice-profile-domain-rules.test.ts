import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import type { VoiceProfileDomain } from '../../../src/domain/voice-profile-domains/voice-profile-domain.ts';
import { checkKmsKeyArn, checkRegionQuota, sameCreate } from '../../../src/domain/voice-profile-domains/voice-profile-domain-rules.ts';

function refuses(run: () => unknown, kind: string, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof DomainError && error.kind === kind && message.test(error.message));
}

describe('voice profile domain rules', () => {
  it('takes the key ARN of a KMS key of the domain\'s region, of any account or partition, multi-Region keys too', () => {
    checkKmsKeyArn('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'us-east-1');
    checkKmsKeyArn('arn:aws:kms:us-west-2:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab', 'us-west-2');
    checkKmsKeyArn('arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k', 'us-gov-west-1');
  });

  it('refuses a key of another region, an alias, another service, and text that is no ARN', () => {
    refuses(() => checkKmsKeyArn('arn:aws:kms:eu-west-2:111122223333:key/k', 'us-east-1'), 'invalid', /names a key of eu-west-2; a voice profile domain of us-east-1 needs a KMS key of us-east-1/);
    for (const arn of ['arn:aws:kms:us-east-1:111122223333:alias/voice', 'arn:aws:s3:::bucket', 'arn:aws:kms:us-east-1:1111:key/k', 'arn:aws:kms:us-east-1:111122223333:key/', 'key/k']) {
      refuses(() => checkKmsKeyArn(arn, 'us-east-1'), 'invalid', /^ServerSideEncryptionConfiguration\.KmsKeyArn must be the ARN of a KMS key/);
    }
  });

  it('counts a retry only when name, description and key are the same', () => {
    const existing: VoiceProfileDomain = {
      id: 'd',
      accountId: '111122223333',
      region: 'us-east-1',
      name: 'callers',
      description: 'enrolled',
      kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      clientRequestToken: 't',
      tags: [{ key: 'added', value: 'later' }],
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    const same = { name: 'callers', description: 'enrolled', kmsKeyArn: existing.kmsKeyArn };
    assert.equal(sameCreate(existing, same), true);
    assert.equal(sameCreate(existing, { ...same, name: 'other' }), false);
    assert.equal(sameCreate(existing, { name: 'callers', kmsKeyArn: existing.kmsKeyArn }), false, 'no description is not the same description');
    assert.equal(sameCreate(existing, { ...same, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/other' }), false);
  });

  it('lets a domain in below the quota and refuses it at the quota, naming the region and the limit', () => {
    checkRegionQuota(2, 3, 'us-east-1');
    refuses(() => checkRegionQuota(3, 3, 'us-east-1'), 'limit-exceeded', /has 3 voice profile domains in us-east-1; the limit is 3 per region \(maxVoiceProfileDomainsPerRegion\)/);
    refuses(() => checkRegionQuota(4, 3, 'eu-west-2'), 'limit-exceeded', /has more than 3 voice profile domains in eu-west-2/);
  });
});

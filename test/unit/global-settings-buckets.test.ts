/** The bucket names global settings take (src/domain/global-settings/global-settings-service.ts): S3's rules for general purpose buckets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBucketName } from '../../src/domain/global-settings/global-settings-service.ts';

describe('S3 bucket names', () => {
  it('takes 3 to 63 lower-case letters, digits, dots and hyphens with a letter or digit at each end', () => {
    for (const name of ['abc', 'a-b.c', 'dialtone-cdrs', '123', 'a'.repeat(63), 'my.bucket.example']) assert.equal(isBucketName(name), true, name);
  });

  it('refuses what S3 refuses', () => {
    for (const name of ['', 'ab', 'a'.repeat(64), 'Abc', 'a_b', '-ab', 'ab-', '.ab', 'ab.', 'a..b', '10.0.0.1', 'a b', 'é-bucket']) {
      assert.equal(isBucketName(name), false, name);
    }
  });
});

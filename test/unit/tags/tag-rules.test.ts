/** The tag rules without storage (src/domain/tags/tag-rules.ts) and the ARNs that name taggable resources (resource-arn.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taggableResource } from '../../../src/domain/tags/resource-arn.ts';
import { addTags, checkTagKeys, checkTags, MAX_TAGS_PER_RESOURCE, removeTags } from '../../../src/domain/tags/tag-rules.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';

const tags = (...pairs: [string, string][]) => pairs.map(([key, value]) => ({ key, value }));

/** Asserts a DomainError of `kind` whose message matches. */
function refuses(run: () => unknown, kind: string, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof DomainError && error.kind === kind && message.test(error.describe((f) => f)));
}

describe('tag rules', () => {
  it('accepts distinct keys, empty values and keys that merely contain aws:', () => {
    checkTags(tags(['team', 'voice'], ['empty', ''], ['my:aws:key', 'x'], ['awsome', 'y']));
    checkTagKeys(['team', 'x:aws:', 'aws']);
  });

  it('refuses a key given twice and a key with the reserved prefix in any case, without echoing the key', () => {
    refuses(() => checkTags(tags(['secret-key', '1'], ['other', '2'], ['secret-key', '3'])), 'invalid', /^Each tag key may be given once; tag 3 repeats/);
    for (const key of ['aws:x', 'AWS:x', 'Aws:', 'aWs:cloudformation:stack-name']) {
      refuses(() => checkTags(tags(['ok', '1'], [key, '2'])), 'invalid', /^The key of tag 2 begins with "aws:"/);
      refuses(() => checkTagKeys(['ok', key]), 'invalid', /^The key of tag key 2 begins with "aws:"/);
    }
    assert.throws(
      () => checkTags(tags(['secret-key', '1'], ['secret-key', '1'])),
      (error: unknown) => error instanceof DomainError && !error.describe((f) => f).includes('secret-key'),
    );
  });

  it('adds new keys last and replaces a value in place, telling which keys changed', () => {
    const current = tags(['a', '1'], ['b', '2']);
    assert.deepEqual(addTags(current, tags(['c', '3'], ['a', '9'], ['b', '2'])), { tags: tags(['a', '9'], ['b', '2'], ['c', '3']), changedKeys: ['c', 'a'] });
    assert.deepEqual(addTags(current, tags(['a', '1'])), { tags: current, changedKeys: [] });
    assert.deepEqual(current, tags(['a', '1'], ['b', '2']), 'the current tags are not changed in place');
  });

  it(`allows ${MAX_TAGS_PER_RESOURCE} tags on a resource, counting the ones it has, and refuses one more`, () => {
    const full = Array.from({ length: MAX_TAGS_PER_RESOURCE }, (_, i) => ({ key: `k${i}`, value: '' }));
    assert.equal(addTags(full.slice(0, 30), full.slice(20)).tags.length, MAX_TAGS_PER_RESOURCE);
    assert.equal(addTags(full, tags(['k3', 'new'])).changedKeys.length, 1, 'replacing a value at the limit is fine');
    refuses(() => addTags(full, tags(['k50', ''])), 'limit-exceeded', /has 50 tags and these would make 51; a resource may have at most 50/);
  });

  it('removes the given keys, ignoring keys it lacks and repeats', () => {
    const current = tags(['a', '1'], ['b', '2'], ['c', '3']);
    assert.deepEqual(removeTags(current, ['c', 'zz', 'a', 'c']), { tags: tags(['b', '2']), changedKeys: ['c', 'a'] });
    assert.deepEqual(removeTags(current, ['zz']), { tags: current, changedKeys: [] });
  });
});

describe('taggable resource ARNs', () => {
  it('reads a voice connector ARN and a SIP media application ARN, in any partition', () => {
    assert.deepEqual(taggableResource('arn:aws:chime:us-east-1:111111111111:vc/abcdef1ghij2klmno3pqr4'), {
      kind: 'vc',
      region: 'us-east-1',
      accountId: '111111111111',
      id: 'abcdef1ghij2klmno3pqr4',
    });
    assert.deepEqual(taggableResource('arn:aws-us-gov:chime:us-gov-west-1:222222222222:sma/0f1e2d3c-4b5a-4968-8776-655443322110'), {
      kind: 'sma',
      region: 'us-gov-west-1',
      accountId: '222222222222',
      id: '0f1e2d3c-4b5a-4968-8776-655443322110',
    });
    assert.deepEqual(taggableResource('arn:aws:chime:us-west-2:333333333333:voice-profile-domain/0f1e2d3c-4b5a-4968-8776-655443322110'), {
      kind: 'voice-profile-domain',
      region: 'us-west-2',
      accountId: '333333333333',
      id: '0f1e2d3c-4b5a-4968-8776-655443322110',
    });
  });

  it('names nothing for other kinds, other services and text of another shape', () => {
    for (const arn of [
      'arn:aws:chime:us-east-1:111111111111:vcg/0f1e2d3c',
      'arn:aws:chime::111111111111:meeting/0f1e2d3c',
      'arn:aws:chime:us-east-1:111111111111:sip-rule/0f1e2d3c',
      'arn:aws:chime:us-east-1:111111111111:voice-profile/0f1e2d3c',
      'arn:aws:lambda:us-east-1:111111111111:vc/abc',
      'arn:aws:chime:us-east-1:11111111111:vc/abc',
      'arn:aws:chime:us-east-1:111111111111:vc/',
      'arn:aws:chime:us-east-1:111111111111:vc/abc/def',
      'arn:aws:chime:us-east-1:111111111111:vc/abc\n',
      'arn',
    ]) {
      assert.equal(taggableResource(arn), undefined, arn);
    }
  });
});

/** The storage-free rules of SIP media applications and SIP rules: regions, endpoints, triggers and targets. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { checkEndpoints, checkRegion, checkTargets, lambdaRegion, parseTrigger, resolveTargets } from '../../../src/domain/sip/sip-rules.ts';

const invalid = (run: () => unknown, message: RegExp): void =>
  assert.throws(run, (error: unknown) => error instanceof DomainError && error.kind === 'invalid' && message.test(error.message));

describe('SIP rules without storage', () => {
  test('an application lives in a voice region, and its Lambda function in the same region', () => {
    checkRegion('eu-west-2', ['us-east-1', 'eu-west-2']);
    invalid(() => checkRegion('sa-east-1', ['us-east-1', 'us-west-2']), /^awsRegion sa-east-1 is not a region of SIP media applications; use one of us-east-1, us-west-2$/);
    assert.equal(lambdaRegion('arn:aws:lambda:eu-west-2:123456789012:function:f:$LATEST'), 'eu-west-2');
    checkEndpoints([{ lambdaArn: 'arn:aws:lambda:eu-west-2:123456789012:function:f' }], 'eu-west-2');
    invalid(() => checkEndpoints([{ lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }], 'eu-west-2'), /is in us-east-1; it must be in the application's region eu-west-2/);
    invalid(() => checkEndpoints([{ lambdaArn: '' }], 'eu-west-2'), /needs a LambdaArn/);
  });

  test('a ToPhoneNumber trigger is an E.164 number; a RequestUriHostname trigger names a connector', () => {
    assert.deepEqual(parseTrigger('ToPhoneNumber', '+12065550100'), { e164: '+12065550100' });
    for (const bad of ['12065550100', '+02065550100', '+1206555010012345', 'desk']) invalid(() => parseTrigger('ToPhoneNumber', bad), /E\.164/);
    assert.deepEqual(parseTrigger('RequestUriHostname', 'abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws'), { voiceConnectorId: 'abcdef1ghij2klmno3pqr4' });
    for (const bad of ['.voiceconnector.chime.aws', 'example.com', 'a.b.voiceconnector.chime.aws', 'ABC.voiceconnector.chime.aws']) {
      invalid(() => parseTrigger('RequestUriHostname', bad), /outbound host name of a voice connector/);
    }
  });

  test('targets: at least one, each application and region once, ids and priorities given', () => {
    checkTargets([{ sipMediaApplicationId: 'a', priority: 1 }, { sipMediaApplicationId: 'b', priority: 1, awsRegion: 'us-west-2' }]);
    invalid(() => checkTargets([]), /at least one/);
    invalid(() => checkTargets([{ priority: 1 }]), /needs a sipMediaApplicationId/);
    invalid(() => checkTargets([{ sipMediaApplicationId: 'a' }]), /needs a Priority/);
    invalid(() => checkTargets([{ sipMediaApplicationId: 'a', priority: 1 }, { sipMediaApplicationId: 'a', priority: 2 }]), /lists SIP media application a more than once/);
    invalid(
      () => checkTargets([{ sipMediaApplicationId: 'a', priority: 1, awsRegion: 'us-east-1' }, { sipMediaApplicationId: 'b', priority: 2, awsRegion: 'us-east-1' }]),
      /more than one application in us-east-1/,
    );
  });

  test('targets resolve to the account\'s applications and their regions', () => {
    const regions = new Map([['a', 'us-east-1'], ['b', 'us-west-2']]);
    assert.deepEqual(resolveTargets([{ sipMediaApplicationId: 'b', priority: 2 }, { sipMediaApplicationId: 'a', priority: 1, awsRegion: 'us-east-1' }], regions), [
      { sipMediaApplicationId: 'b', priority: 2, awsRegion: 'us-west-2' },
      { sipMediaApplicationId: 'a', priority: 1, awsRegion: 'us-east-1' },
    ]);
    invalid(() => resolveTargets([{ sipMediaApplicationId: 'c', priority: 1 }], regions), /no SIP media application with id c exists in this account/);
    invalid(() => resolveTargets([{ sipMediaApplicationId: 'a', priority: 1, awsRegion: 'us-west-2' }], regions), /is in us-east-1, not us-west-2/);
    const sameRegion = new Map([['a', 'us-east-1'], ['b', 'us-east-1']]);
    invalid(() => resolveTargets([{ sipMediaApplicationId: 'a', priority: 1 }, { sipMediaApplicationId: 'b', priority: 2 }], sameRegion), /one per region/);
  });
});

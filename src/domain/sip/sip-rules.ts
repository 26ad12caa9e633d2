/** The rules of SIP media applications and SIP rules that need no storage. */
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { SipMediaApplicationEndpoint, SipRuleTarget, SipRuleTriggerType } from './sip.ts';

/** The region a Lambda function ARN names: `arn:aws:lambda:<region>:<account>:function:<name>`. */
export function lambdaRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}

/**
 * An application's region must be one of `regions` (those of voice connectors in the request's model), and each of its
 * Lambda functions must live in that region, as AWS requires.
 * @throws DomainError `invalid`
 */
export function checkRegion(awsRegion: string, regions: readonly string[]): void {
  if (!regions.includes(awsRegion)) {
    throw new DomainError('invalid', fieldText`${field('awsRegion')} ${awsRegion} is not a region of SIP media applications; use one of ${regions.join(', ')}`);
  }
}

/** @throws DomainError `invalid` for an endpoint without a Lambda ARN or one in another region than the application */
export function checkEndpoints(endpoints: readonly SipMediaApplicationEndpoint[], awsRegion: string): void {
  for (const endpoint of endpoints) {
    if (!endpoint.lambdaArn) throw new DomainError('invalid', fieldText`Each of ${field('endpoints')} needs a LambdaArn`);
    const region = lambdaRegion(endpoint.lambdaArn);
    if (region !== awsRegion) {
      throw new DomainError(
        'invalid',
        fieldText`The Lambda function of ${field('endpoints')} is in ${region ?? 'no region'}; it must be in the application's region ${awsRegion}`,
      );
    }
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const HOST_SUFFIX = '.voiceconnector.chime.aws';

/**
 * The voice connector id that a `RequestUriHostname` trigger names (`<id>.voiceconnector.chime.aws`), or the E.164
 * number of a `ToPhoneNumber` trigger.
 * @throws DomainError `invalid` for a value of the wrong form
 */
export function parseTrigger(type: SipRuleTriggerType, value: string): { e164: string } | { voiceConnectorId: string } {
  if (type === 'ToPhoneNumber') {
    if (!E164.test(value)) throw new DomainError('invalid', fieldText`${field('triggerValue')} must be a phone number in E.164 format (+ and up to 15 digits) for ToPhoneNumber`);
    return { e164: value };
  }
  const id = value.endsWith(HOST_SUFFIX) ? value.slice(0, -HOST_SUFFIX.length) : '';
  if (!/^[a-z0-9]+$/.test(id)) {
    throw new DomainError('invalid', fieldText`${field('triggerValue')} must be the outbound host name of a voice connector (<id>${HOST_SUFFIX}) for RequestUriHostname`);
  }
  return { voiceConnectorId: id };
}

/**
 * Targets as given: at least one, each application once, each region once (AWS: one application per region), every
 * member present.
 * @throws DomainError `invalid`
 */
export function checkTargets(targets: readonly Partial<SipRuleTarget>[]): void {
  if (targets.length === 0) throw new DomainError('invalid', fieldText`${field('targetApplications')} must name at least one SIP media application`);
  const applications = new Set<string>();
  const regions = new Set<string>();
  for (const target of targets) {
    if (!target.sipMediaApplicationId) throw new DomainError('invalid', fieldText`Each of ${field('targetApplications')} needs a ${field('sipMediaApplicationId')}`);
    if (target.priority === undefined) throw new DomainError('invalid', fieldText`Each of ${field('targetApplications')} needs a Priority`);
    if (applications.has(target.sipMediaApplicationId)) {
      throw new DomainError('invalid', fieldText`${field('targetApplications')} lists SIP media application ${target.sipMediaApplicationId} more than once`);
    }
    applications.add(target.sipMediaApplicationId);
    if (target.awsRegion !== undefined) {
      if (regions.has(target.awsRegion)) {
        throw new DomainError('invalid', fieldText`${field('targetApplications')} lists more than one application in ${target.awsRegion}; a rule may have one per region`);
      }
      regions.add(target.awsRegion);
    }
  }
}

/**
 * Each target's application must be one of the account's (`regions`: id → region); a target without a region takes
 * its application's, one with a region must name it.
 * @throws DomainError `invalid`
 */
export function resolveTargets(targets: readonly Partial<SipRuleTarget>[], regions: ReadonlyMap<string, string>): SipRuleTarget[] {
  const resolved = targets.map((target) => {
    const id = target.sipMediaApplicationId!;
    const region = regions.get(id);
    if (region === undefined) throw new DomainError('invalid', fieldText`${field('targetApplications')}: no SIP media application with id ${id} exists in this account`);
    if (target.awsRegion !== undefined && target.awsRegion !== region) {
      throw new DomainError('invalid', fieldText`${field('targetApplications')}: SIP media application ${id} is in ${region}, not ${target.awsRegion}`);
    }
    return { sipMediaApplicationId: id, priority: target.priority!, awsRegion: region };
  });
  checkTargets(resolved);
  return resolved;
}

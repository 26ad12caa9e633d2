/** Domain SIP media applications and rules ↔ the model's `SipMediaApplication`, `SipRule` and `SipRuleTargetApplication`. */
import type * as Voice from '../../generated/chime-sdk-voice.ts';
import type { RequestedTarget } from '../../domain/sip/sip-rule-service.ts';
import { sipMediaApplicationArn, type SipMediaApplication, type SipMediaApplicationEndpoint, type SipRule } from '../../domain/sip/sip.ts';

/** Every member of the voice shape; the legacy serializer leaves out `SipMediaApplicationArn`. */
export function toSipMediaApplication(application: SipMediaApplication): Voice.SipMediaApplication {
  return {
    SipMediaApplicationId: application.id,
    AwsRegion: application.awsRegion,
    Name: application.name,
    Endpoints: application.endpoints.map((endpoint) => ({ LambdaArn: endpoint.lambdaArn })),
    CreatedTimestamp: application.createdAt,
    UpdatedTimestamp: application.updatedAt,
    SipMediaApplicationArn: sipMediaApplicationArn(application),
  };
}

export function toSipRule(rule: SipRule): Voice.SipRule {
  return {
    SipRuleId: rule.id,
    Name: rule.name,
    Disabled: rule.disabled,
    TriggerType: rule.triggerType,
    TriggerValue: rule.triggerValue,
    TargetApplications: rule.targets.map((target) => ({
      SipMediaApplicationId: target.sipMediaApplicationId,
      Priority: target.priority,
      AwsRegion: target.awsRegion,
    })),
    CreatedTimestamp: rule.createdAt,
    UpdatedTimestamp: rule.updatedAt,
  };
}

/** The model's `Endpoints` → domain endpoints (an endpoint without `LambdaArn` keeps an empty one, for the domain to refuse). */
export function fromEndpoints(endpoints: Voice.SipMediaApplicationEndpointList): SipMediaApplicationEndpoint[] {
  return endpoints.map((endpoint) => ({ lambdaArn: endpoint.LambdaArn ?? '' }));
}

/** The model's `TargetApplications` → targets as requested (members the request leaves out stay absent). */
export function fromTargetApplications(targets: Voice.SipRuleTargetApplicationList): RequestedTarget[] {
  return targets.map((target) => ({
    ...(target.SipMediaApplicationId !== undefined && { sipMediaApplicationId: target.SipMediaApplicationId }),
    ...(target.Priority !== undefined && { priority: target.Priority }),
    ...(target.AwsRegion !== undefined && { awsRegion: target.AwsRegion }),
  }));
}

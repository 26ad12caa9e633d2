import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import { fromTargetApplications, toSipRule } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /sip-rules` → 201 with the new rule. A `ToPhoneNumber` rule associates its number (`SipRuleId`), which becomes
 * `Assigned`. The model lists no `NotFoundException` here: unknown applications are a `BadRequestException`.
 */
export function createSipRule(rules: SipRuleService): VoiceHandler<'CreateSipRule'> {
  return async (input, context) => {
    const rule = await rules.create(context.accountId, {
      name: input.Name,
      triggerType: input.TriggerType,
      triggerValue: input.TriggerValue,
      ...(input.Disabled !== undefined && { disabled: input.Disabled }),
      ...(input.TargetApplications !== undefined && { targets: fromTargetApplications(input.TargetApplications) }),
    });
    return { SipRule: toSipRule(rule) };
  };
}

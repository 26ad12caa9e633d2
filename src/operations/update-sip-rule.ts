import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import { fromTargetApplications, toSipRule } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /sip-rules/{sipRuleId}` → 202: sets `Name`, and `Disabled` and `TargetApplications` when given. */
export function updateSipRule(rules: SipRuleService): VoiceHandler<'UpdateSipRule'> {
  return async (input, context) => {
    const rule = await rules.update(context.accountId, input.SipRuleId, {
      name: input.Name,
      ...(input.Disabled !== undefined && { disabled: input.Disabled }),
      ...(input.TargetApplications !== undefined && { targets: fromTargetApplications(input.TargetApplications) }),
    });
    return { SipRule: toSipRule(rule) };
  };
}

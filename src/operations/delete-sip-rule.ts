import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `DELETE /sip-rules/{sipRuleId}`: 204 for a disabled rule (its number becomes `Unassigned`); `ConflictException` while
 * the rule is enabled.
 */
export function deleteSipRule(rules: SipRuleService): VoiceHandler<'DeleteSipRule'> {
  return async (input, context) => {
    await rules.delete(context.accountId, input.SipRuleId);
  };
}

import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import { toSipRule } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /sip-rules/{sipRuleId}`. */
export function getSipRule(rules: SipRuleService): VoiceHandler<'GetSipRule'> {
  return async (input, context) => ({ SipRule: toSipRule(await rules.get(context.accountId, input.SipRuleId)) });
}

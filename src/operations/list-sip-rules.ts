import type { SipRuleService } from '../domain/sip/sip-rule-service.ts';
import { toSipRule } from './mappers/sip.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /sip-rules?sip-media-application=`: the account's rules (those targeting the application when given), oldest first. */
export function listSipRules(rules: SipRuleService): VoiceHandler<'ListSipRules'> {
  return async (input, context) => {
    const page = await rules.list(context.accountId, {
      maxResults: pageSize(input.MaxResults, context),
      nextToken: input.NextToken,
      ...(input.SipMediaApplicationId !== undefined && { sipMediaApplicationId: input.SipMediaApplicationId }),
    });
    return { SipRules: page.items.map(toSipRule), NextToken: page.nextToken };
  };
}

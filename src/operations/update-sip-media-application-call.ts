import type { SipMediaApplicationCallService } from '../domain/sip/sip-media-application-call-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /sip-media-applications/{sipMediaApplicationId}/calls/{transactionId}` → 202: passes `Arguments` to a call of
 * the application created in the last 24 hours, recorded as `SIP Media Application Call Updated`.
 */
export function updateSipMediaApplicationCall(calls: SipMediaApplicationCallService): VoiceHandler<'UpdateSipMediaApplicationCall'> {
  return async (input, context) => {
    const call = await calls.update(context.accountId, input.SipMediaApplicationId, input.TransactionId, input.Arguments);
    return { SipMediaApplicationCall: { TransactionId: call.transactionId } };
  };
}

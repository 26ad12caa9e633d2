import type { SipMediaApplicationCallService } from '../domain/sip/sip-media-application-call-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /sip-media-applications/{sipMediaApplicationId}/calls` → 201 with the call's `TransactionId`. No call is placed:
 * the call is kept for a day and recorded as `SIP Media Application Call Created`. The model lists no
 * `NotFoundException` for this operation: an unknown application answers `BadRequestException`.
 */
export function createSipMediaApplicationCall(calls: SipMediaApplicationCallService): VoiceHandler<'CreateSipMediaApplicationCall'> {
  return async (input, context) => {
    const call = await calls.create(context.accountId, input.SipMediaApplicationId, {
      fromPhoneNumber: input.FromPhoneNumber,
      toPhoneNumber: input.ToPhoneNumber,
      ...(input.SipHeaders !== undefined && { sipHeaders: input.SipHeaders }),
      ...(input.ArgumentsMap !== undefined && { arguments: input.ArgumentsMap }),
    });
    return { SipMediaApplicationCall: { TransactionId: call.transactionId } };
  };
}

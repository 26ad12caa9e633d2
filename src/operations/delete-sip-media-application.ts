import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /sip-media-applications/{sipMediaApplicationId}`: 204; `ConflictException` while a SIP rule targets it. */
export function deleteSipMediaApplication(applications: SipMediaApplicationService): VoiceHandler<'DeleteSipMediaApplication'> {
  return async (input, context) => {
    await applications.delete(context.accountId, input.SipMediaApplicationId);
  };
}

import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import { toSipMediaApplication } from './mappers/sip.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /sip-media-applications/{sipMediaApplicationId}`. */
export function getSipMediaApplication(applications: SipMediaApplicationService): VoiceHandler<'GetSipMediaApplication'> {
  return async (input, context) => ({
    SipMediaApplication: toSipMediaApplication(await applications.get(context.accountId, input.SipMediaApplicationId)),
  });
}

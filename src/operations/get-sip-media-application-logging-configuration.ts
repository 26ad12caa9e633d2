import { applicationLoggingDetail } from '../domain/events/sip-media-application-settings-events.ts';
import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /sip-media-applications/{sipMediaApplicationId}/logging-configuration` → the configuration, absent when none was put. */
export function getSipMediaApplicationLoggingConfiguration(applications: SipMediaApplicationService): VoiceHandler<'GetSipMediaApplicationLoggingConfiguration'> {
  return async (input, context) => {
    const logging = await applications.logging(context.accountId, input.SipMediaApplicationId);
    return logging === undefined ? {} : { SipMediaApplicationLoggingConfiguration: applicationLoggingDetail(logging) };
  };
}

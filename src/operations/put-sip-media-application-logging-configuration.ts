import { applicationLoggingDetail } from '../domain/events/sip-media-application-settings-events.ts';
import type { SipMediaApplicationService } from '../domain/sip/sip-media-application-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `PUT /sip-media-applications/{sipMediaApplicationId}/logging-configuration` → the configuration as stored. The model
 * makes the configuration optional: one left out, like a flag left out, is off.
 */
export function putSipMediaApplicationLoggingConfiguration(applications: SipMediaApplicationService): VoiceHandler<'PutSipMediaApplicationLoggingConfiguration'> {
  return async (input, context) => {
    const enabled = input.SipMediaApplicationLoggingConfiguration?.EnableSipMediaApplicationMessageLogs;
    const logging = await applications.putLogging(context.accountId, input.SipMediaApplicationId, { ...(enabled !== undefined && { enableMessageLogs: enabled }) });
    return { SipMediaApplicationLoggingConfiguration: applicationLoggingDetail(logging) };
  };
}

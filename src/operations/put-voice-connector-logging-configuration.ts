import { loggingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/logging-configuration` → the `LoggingConfiguration` as stored (what is not given is off). */
export function putVoiceConnectorLoggingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorLoggingConfiguration'> {
  return async (input, context) => {
    const { EnableSIPLogs, EnableMediaMetricLogs } = input.LoggingConfiguration;
    const logging = await settings.putLogging(context.accountId, input.VoiceConnectorId, {
      ...(EnableSIPLogs !== undefined && { enableSipLogs: EnableSIPLogs }),
      ...(EnableMediaMetricLogs !== undefined && { enableMediaMetricLogs: EnableMediaMetricLogs }),
    });
    return { LoggingConfiguration: loggingDetail(logging) };
  };
}

import { loggingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/logging-configuration` → the `LoggingConfiguration`, absent when none was put. */
export function getVoiceConnectorLoggingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorLoggingConfiguration'> {
  return async (input, context) => {
    const logging = await settings.logging(context.accountId, input.VoiceConnectorId);
    return logging === undefined ? {} : { LoggingConfiguration: loggingDetail(logging) };
  };
}

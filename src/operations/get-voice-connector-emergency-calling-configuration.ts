import { emergencyCallingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/emergency-calling-configuration` → the configuration, absent when none was put. */
export function getVoiceConnectorEmergencyCallingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorEmergencyCallingConfiguration'> {
  return async (input, context) => {
    const configuration = await settings.emergencyCalling(context.accountId, input.VoiceConnectorId);
    return configuration === undefined ? {} : { EmergencyCallingConfiguration: emergencyCallingDetail(configuration) };
  };
}

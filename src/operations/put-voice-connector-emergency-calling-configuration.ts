import { emergencyCallingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `PUT /voice-connectors/{voiceConnectorId}/emergency-calling-configuration` → the configuration as stored (each number
 * with its `+`); `BadRequestException` unless the connector's origination and termination are put and enabled.
 */
export function putVoiceConnectorEmergencyCallingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorEmergencyCallingConfiguration'> {
  return async (input, context) => {
    const dnis = input.EmergencyCallingConfiguration.DNIS?.map((entry) => ({
      emergencyPhoneNumber: entry.EmergencyPhoneNumber,
      ...(entry.TestPhoneNumber !== undefined && { testPhoneNumber: entry.TestPhoneNumber }),
      callingCountry: entry.CallingCountry,
    }));
    const configuration = await settings.putEmergencyCalling(context.accountId, input.VoiceConnectorId, { ...(dnis !== undefined && { dnis }) });
    return { EmergencyCallingConfiguration: emergencyCallingDetail(configuration) };
  };
}

import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/emergency-calling-configuration` → 204 (also when it had none). */
export function deleteVoiceConnectorEmergencyCallingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorEmergencyCallingConfiguration'> {
  return async (input, context) => {
    await settings.deleteEmergencyCalling(context.accountId, input.VoiceConnectorId);
  };
}

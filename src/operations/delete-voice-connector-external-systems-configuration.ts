import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/external-systems-configuration`: 204, whether or not one was put. */
export function deleteVoiceConnectorExternalSystemsConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorExternalSystemsConfiguration'> {
  return async (input, context) => {
    await settings.deleteExternalSystems(context.accountId, input.VoiceConnectorId);
  };
}

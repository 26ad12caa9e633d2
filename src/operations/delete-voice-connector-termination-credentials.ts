import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connectors/{voiceConnectorId}/termination/credentials?operation=delete` → 204; unknown usernames are ignored. */
export function deleteVoiceConnectorTerminationCredentials(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorTerminationCredentials'> {
  return async (input, context) => {
    await settings.deleteCredentials(context.accountId, input.VoiceConnectorId, input.Usernames);
  };
}

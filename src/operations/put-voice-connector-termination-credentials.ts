import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connectors/{voiceConnectorId}/termination/credentials?operation=put` → 204; a known username takes the new password. */
export function putVoiceConnectorTerminationCredentials(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorTerminationCredentials'> {
  return async (input, context) => {
    await settings.putCredentials(
      context.accountId,
      input.VoiceConnectorId,
      (input.Credentials ?? []).map((credential) => ({
        ...(credential.Username !== undefined && { username: credential.Username }),
        ...(credential.Password !== undefined && { password: credential.Password }),
      })),
    );
  };
}

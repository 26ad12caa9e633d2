import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/termination/credentials` → `Usernames` (passwords are never answered). */
export function listVoiceConnectorTerminationCredentials(settings: VoiceConnectorSettingsService): VoiceHandler<'ListVoiceConnectorTerminationCredentials'> {
  return async (input, context) => ({ Usernames: await settings.usernames(context.accountId, input.VoiceConnectorId) });
}

import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/origination` → 204 (also when it had none). */
export function deleteVoiceConnectorOrigination(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorOrigination'> {
  return async (input, context) => {
    await settings.deleteOrigination(context.accountId, input.VoiceConnectorId);
  };
}

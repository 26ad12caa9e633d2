import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/programmable-numbers/proxy` → 204 (also when it had none). */
export function deleteVoiceConnectorProxy(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorProxy'> {
  return async (input, context) => {
    await settings.deleteProxy(context.accountId, input.VoiceConnectorId);
  };
}

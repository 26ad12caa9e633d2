import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/termination` → 204 (also when it had none). */
export function deleteVoiceConnectorTermination(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorTermination'> {
  return async (input, context) => {
    await settings.deleteTermination(context.accountId, input.VoiceConnectorId);
  };
}

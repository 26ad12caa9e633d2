import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}/streaming-configuration` → 204 (also when it had none). */
export function deleteVoiceConnectorStreamingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'DeleteVoiceConnectorStreamingConfiguration'> {
  return async (input, context) => {
    await settings.deleteStreaming(context.accountId, input.VoiceConnectorId);
  };
}

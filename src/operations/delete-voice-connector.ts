import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connectors/{voiceConnectorId}`: 204; `ConflictException` while a voice connector group has it. */
export function deleteVoiceConnector(connectors: VoiceConnectorService): VoiceHandler<'DeleteVoiceConnector'> {
  return async (input, context) => {
    await connectors.delete(context.accountId, input.VoiceConnectorId);
  };
}

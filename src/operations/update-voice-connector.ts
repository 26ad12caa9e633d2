import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import { toVoiceConnector } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}`: sets `Name` and `RequireEncryption` (both required by the model). */
export function updateVoiceConnector(connectors: VoiceConnectorService): VoiceHandler<'UpdateVoiceConnector'> {
  return async (input, context) => {
    const connector = await connectors.update(context.accountId, input.VoiceConnectorId, { name: input.Name, requireEncryption: input.RequireEncryption });
    return { VoiceConnector: toVoiceConnector(connector) };
  };
}

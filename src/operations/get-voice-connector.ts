import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import { toVoiceConnector } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}`. */
export function getVoiceConnector(connectors: VoiceConnectorService): VoiceHandler<'GetVoiceConnector'> {
  return async (input, context) => ({ VoiceConnector: toVoiceConnector(await connectors.get(context.accountId, input.VoiceConnectorId)) });
}

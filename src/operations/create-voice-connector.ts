import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import { toVoiceConnector } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connectors` → 201 with the new connector (`AwsRegion` us-east-1 unless given). */
export function createVoiceConnector(connectors: VoiceConnectorService): VoiceHandler<'CreateVoiceConnector'> {
  return async (input, context) => {
    const connector = await connectors.create(context.accountId, {
      name: input.Name,
      requireEncryption: input.RequireEncryption,
      awsRegion: input.AwsRegion,
      integrationType: input.IntegrationType,
      networkType: input.NetworkType,
      tags: input.Tags?.map((tag) => ({ key: tag.Key, value: tag.Value })),
    });
    return { VoiceConnector: toVoiceConnector(connector) };
  };
}

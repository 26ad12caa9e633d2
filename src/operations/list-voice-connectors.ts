import type { VoiceConnectorService } from '../domain/voice-connectors/voice-connector-service.ts';
import { toVoiceConnector } from './mappers/voice-connector.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors`: the account's connectors, oldest first, paged by an opaque `NextToken`. */
export function listVoiceConnectors(connectors: VoiceConnectorService): VoiceHandler<'ListVoiceConnectors'> {
  return async (input, context) => {
    const page = await connectors.list(context.accountId, { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken });
    return { VoiceConnectors: page.items.map(toVoiceConnector), NextToken: page.nextToken };
  };
}

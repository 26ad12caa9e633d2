import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import { toVoiceConnectorGroup } from './mappers/voice-connector.ts';
import { pageSize } from './page-size.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connector-groups`: the account's groups, oldest first, paged by an opaque `NextToken`. */
export function listVoiceConnectorGroups(groups: VoiceConnectorGroupService): VoiceHandler<'ListVoiceConnectorGroups'> {
  return async (input, context) => {
    const page = await groups.list(context.accountId, { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken });
    return { VoiceConnectorGroups: page.items.map(toVoiceConnectorGroup), NextToken: page.nextToken };
  };
}

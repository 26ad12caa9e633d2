import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import { fromVoiceConnectorItems, toVoiceConnectorGroup } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `POST /voice-connector-groups` → 201 with the new group; its items must be the account's own connectors. */
export function createVoiceConnectorGroup(groups: VoiceConnectorGroupService): VoiceHandler<'CreateVoiceConnectorGroup'> {
  return async (input, context) => {
    const group = await groups.create(context.accountId, context.region, { name: input.Name, items: fromVoiceConnectorItems(input.VoiceConnectorItems) });
    return { VoiceConnectorGroup: toVoiceConnectorGroup(group) };
  };
}

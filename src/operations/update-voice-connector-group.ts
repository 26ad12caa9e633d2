import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import { fromVoiceConnectorItems, toVoiceConnectorGroup } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connector-groups/{voiceConnectorGroupId}` → 202: replaces `Name` and every item (an empty list clears). */
export function updateVoiceConnectorGroup(groups: VoiceConnectorGroupService): VoiceHandler<'UpdateVoiceConnectorGroup'> {
  return async (input, context) => {
    const group = await groups.update(context.accountId, input.VoiceConnectorGroupId, { name: input.Name, items: fromVoiceConnectorItems(input.VoiceConnectorItems) });
    return { VoiceConnectorGroup: toVoiceConnectorGroup(group) };
  };
}

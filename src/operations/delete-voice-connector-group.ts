import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `DELETE /voice-connector-groups/{voiceConnectorGroupId}`: 204; `ConflictException` while it has items. */
export function deleteVoiceConnectorGroup(groups: VoiceConnectorGroupService): VoiceHandler<'DeleteVoiceConnectorGroup'> {
  return async (input, context) => {
    await groups.delete(context.accountId, input.VoiceConnectorGroupId);
  };
}

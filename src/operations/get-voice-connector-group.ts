import type { VoiceConnectorGroupService } from '../domain/voice-connectors/voice-connector-group-service.ts';
import { toVoiceConnectorGroup } from './mappers/voice-connector.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connector-groups/{voiceConnectorGroupId}`. */
export function getVoiceConnectorGroup(groups: VoiceConnectorGroupService): VoiceHandler<'GetVoiceConnectorGroup'> {
  return async (input, context) => ({ VoiceConnectorGroup: toVoiceConnectorGroup(await groups.get(context.accountId, input.VoiceConnectorGroupId)) });
}

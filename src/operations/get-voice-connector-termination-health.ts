import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `GET /voice-connectors/{voiceConnectorId}/termination/health` → when the connector last received a SIP OPTIONS ping
 * from the customer's SIP infrastructure, and from where. dialtone takes no SIP traffic, so no ping was ever received:
 * the answer has no `TerminationHealth` (`{}`), for a connector of the account; `NotFoundException` otherwise.
 */
export function getVoiceConnectorTerminationHealth(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorTerminationHealth'> {
  return async (input, context) => {
    await settings.termination(context.accountId, input.VoiceConnectorId);
    return {};
  };
}

import { originationDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/origination` → the `Origination`, absent when none was put. */
export function getVoiceConnectorOrigination(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorOrigination'> {
  return async (input, context) => {
    const origination = await settings.origination(context.accountId, input.VoiceConnectorId);
    return origination === undefined ? {} : { Origination: originationDetail(origination) };
  };
}

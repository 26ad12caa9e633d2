import { terminationDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/termination` → the `Termination`, absent when none was put. */
export function getVoiceConnectorTermination(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorTermination'> {
  return async (input, context) => {
    const termination = await settings.termination(context.accountId, input.VoiceConnectorId);
    return termination === undefined ? {} : { Termination: terminationDetail(termination) };
  };
}

import { streamingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/streaming-configuration` → the `StreamingConfiguration`, absent when none was put. */
export function getVoiceConnectorStreamingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorStreamingConfiguration'> {
  return async (input, context) => {
    const streaming = await settings.streaming(context.accountId, input.VoiceConnectorId);
    return streaming === undefined ? {} : { StreamingConfiguration: streamingDetail(streaming) };
  };
}

import { streamingDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/streaming-configuration` → the `StreamingConfiguration` as stored. */
export function putVoiceConnectorStreamingConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorStreamingConfiguration'> {
  return async (input, context) => {
    const { DataRetentionInHours, Disabled, StreamingNotificationTargets, MediaInsightsConfiguration } = input.StreamingConfiguration;
    const streaming = await settings.putStreaming(context.accountId, input.VoiceConnectorId, {
      dataRetentionInHours: DataRetentionInHours,
      disabled: Disabled,
      ...(StreamingNotificationTargets !== undefined && {
        notificationTargets: StreamingNotificationTargets.map((target) => target.NotificationTarget).filter((target) => target !== undefined),
      }),
      ...(MediaInsightsConfiguration !== undefined && {
        mediaInsights: {
          ...(MediaInsightsConfiguration.Disabled !== undefined && { disabled: MediaInsightsConfiguration.Disabled }),
          ...(MediaInsightsConfiguration.ConfigurationArn !== undefined && { configurationArn: MediaInsightsConfiguration.ConfigurationArn }),
        },
      }),
    });
    return { StreamingConfiguration: streamingDetail(streaming) };
  };
}

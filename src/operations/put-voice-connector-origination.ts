import { originationDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/origination` → the `Origination` as stored (each route's defaults filled). */
export function putVoiceConnectorOrigination(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorOrigination'> {
  return async (input, context) => {
    const { Routes, Disabled } = input.Origination;
    const origination = await settings.putOrigination(context.accountId, input.VoiceConnectorId, {
      ...(Routes !== undefined && {
        routes: Routes.map((route) => ({
          ...(route.Host !== undefined && { host: route.Host }),
          ...(route.Port !== undefined && { port: route.Port }),
          ...(route.Protocol !== undefined && { protocol: route.Protocol }),
          ...(route.Priority !== undefined && { priority: route.Priority }),
          ...(route.Weight !== undefined && { weight: route.Weight }),
        })),
      }),
      ...(Disabled !== undefined && { disabled: Disabled }),
    });
    return { Origination: originationDetail(origination) };
  };
}

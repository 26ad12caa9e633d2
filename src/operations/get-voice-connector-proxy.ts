import { proxyDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/programmable-numbers/proxy` → the `Proxy`, absent when none was put. */
export function getVoiceConnectorProxy(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorProxy'> {
  return async (input, context) => {
    const proxy = await settings.proxy(context.accountId, input.VoiceConnectorId);
    return proxy === undefined ? {} : { Proxy: proxyDetail(proxy) };
  };
}

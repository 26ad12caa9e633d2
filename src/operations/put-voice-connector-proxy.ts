import { proxyDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/programmable-numbers/proxy` → the `Proxy` as stored (`Disabled` false unless given). */
export function putVoiceConnectorProxy(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorProxy'> {
  return async (input, context) => {
    const proxy = await settings.putProxy(context.accountId, input.VoiceConnectorId, {
      defaultSessionExpiryMinutes: input.DefaultSessionExpiryMinutes,
      phoneNumberPoolCountries: input.PhoneNumberPoolCountries,
      ...(input.FallBackPhoneNumber !== undefined && { fallBackPhoneNumber: input.FallBackPhoneNumber }),
      ...(input.Disabled !== undefined && { disabled: input.Disabled }),
    });
    return { Proxy: proxyDetail(proxy) };
  };
}

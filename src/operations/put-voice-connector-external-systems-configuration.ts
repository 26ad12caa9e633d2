import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import { toExternalSystemsConfiguration } from './mappers/external-systems.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/external-systems-configuration` → the configuration as stored (chime-sdk-voice only). */
export function putVoiceConnectorExternalSystemsConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorExternalSystemsConfiguration'> {
  return async (input, context) => {
    const configuration = await settings.putExternalSystems(context.accountId, input.VoiceConnectorId, {
      ...(input.SessionBorderControllerTypes !== undefined && { sessionBorderControllerTypes: input.SessionBorderControllerTypes }),
      ...(input.ContactCenterSystemTypes !== undefined && { contactCenterSystemTypes: input.ContactCenterSystemTypes }),
    });
    return { ExternalSystemsConfiguration: toExternalSystemsConfiguration(configuration) };
  };
}


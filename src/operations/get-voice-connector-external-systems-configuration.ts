import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import { toExternalSystemsConfiguration } from './mappers/external-systems.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `GET /voice-connectors/{voiceConnectorId}/external-systems-configuration` → the configuration, absent when none was put. */
export function getVoiceConnectorExternalSystemsConfiguration(settings: VoiceConnectorSettingsService): VoiceHandler<'GetVoiceConnectorExternalSystemsConfiguration'> {
  return async (input, context) => {
    const configuration = await settings.externalSystems(context.accountId, input.VoiceConnectorId);
    return configuration === undefined ? {} : { ExternalSystemsConfiguration: toExternalSystemsConfiguration(configuration) };
  };
}


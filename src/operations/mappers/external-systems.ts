/** A connector's external systems configuration ↔ the model's `ExternalSystemsConfiguration`. */
import { externalSystemsDetail } from '../../domain/events/voice-connector-settings-events.ts';
import type { ExternalSystemsConfiguration } from '../../domain/voice-connectors/external-systems.ts';
import type * as Voice from '../../generated/chime-sdk-voice.ts';

/** The stored values are those the model's enums let in (the request was validated against them). */
export function toExternalSystemsConfiguration(configuration: ExternalSystemsConfiguration): Voice.ExternalSystemsConfiguration {
  return externalSystemsDetail(configuration) as Voice.ExternalSystemsConfiguration;
}

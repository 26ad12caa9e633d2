import { terminationDetail } from '../domain/events/voice-connector-settings-events.ts';
import type { VoiceConnectorSettingsService } from '../domain/voice-connectors/voice-connector-settings-service.ts';
import type { VoiceHandler } from './voice-handler.ts';

/** `PUT /voice-connectors/{voiceConnectorId}/termination` → the `Termination` as stored (`CpsLimit` 1 and `Disabled` false unless given). */
export function putVoiceConnectorTermination(settings: VoiceConnectorSettingsService): VoiceHandler<'PutVoiceConnectorTermination'> {
  return async (input, context) => {
    const { CpsLimit, DefaultPhoneNumber, CallingRegions, CidrAllowedList, Disabled } = input.Termination;
    const termination = await settings.putTermination(context.accountId, input.VoiceConnectorId, {
      ...(CpsLimit !== undefined && { cpsLimit: CpsLimit }),
      ...(DefaultPhoneNumber !== undefined && { defaultPhoneNumber: DefaultPhoneNumber }),
      ...(CallingRegions !== undefined && { callingRegions: CallingRegions }),
      ...(CidrAllowedList !== undefined && { cidrAllowedList: CidrAllowedList }),
      ...(Disabled !== undefined && { disabled: Disabled }),
    });
    return { Termination: terminationDetail(termination) };
  };
}

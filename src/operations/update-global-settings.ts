import type { GlobalSettingsService } from '../domain/global-settings/global-settings-service.ts';
import type { Handler } from './handler.ts';

/** `PUT /settings` → 204: each part given sets its `CdrBucket`, or unsets it when the part has none; a part not given stays. */
export function updateGlobalSettings(settings: GlobalSettingsService): Handler<'UpdateGlobalSettings'> {
  return async (input, context) => {
    const part = (given: { CdrBucket?: string } | undefined) => given && (given.CdrBucket === undefined ? {} : { cdrBucket: given.CdrBucket });
    const voiceConnector = part(input.VoiceConnector);
    const businessCalling = part(input.BusinessCalling);
    await settings.update(context.accountId, {
      ...(voiceConnector !== undefined && { voiceConnector }),
      ...(businessCalling !== undefined && { businessCalling }),
    });
  };
}

import type { GlobalSettingsService } from '../domain/global-settings/global-settings-service.ts';
import type { Handler } from './handler.ts';

/**
 * `GET /settings`: the account's call detail record buckets, each part (`VoiceConnector`, and in legacy Chime
 * `BusinessCalling`) present with its `CdrBucket` when set; `{}` until one is.
 */
export function getGlobalSettings(settings: GlobalSettingsService): Handler<'GetGlobalSettings'> {
  return async (_input, context) => {
    const current = await settings.get(context.accountId);
    return {
      ...(current?.voiceConnectorCdrBucket !== undefined && { VoiceConnector: { CdrBucket: current.voiceConnectorCdrBucket } }),
      ...(current?.businessCallingCdrBucket !== undefined && { BusinessCalling: { CdrBucket: current.businessCallingCdrBucket } }),
    };
  };
}

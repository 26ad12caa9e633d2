/**
 * `Global Settings Changed`: `UpdateGlobalSettings` changed the account's call detail record buckets. The detail is the
 * settings as `GetGlobalSettings` answers them afterwards (`VoiceConnector`, `BusinessCalling`, each with its
 * `CdrBucket` when set) and `UpdatedTimestamp`; `resources` is empty.
 */
import type { GlobalSettings } from '../ports/global-settings.ts';
import type { IdSource } from '../shared/ids.ts';
import type { NewEvent } from './event.ts';
import { isoText } from '../../shared/iso-text.ts';

export function globalSettingsChanged(ids: IdSource, accountId: string, settings: GlobalSettings): NewEvent {
  return {
    id: ids.uuid(),
    accountId,
    type: 'Global Settings Changed',
    at: settings.updatedAt,
    resources: [],
    detail: {
      VoiceConnector: settings.voiceConnectorCdrBucket === undefined ? {} : { CdrBucket: settings.voiceConnectorCdrBucket },
      BusinessCalling: settings.businessCallingCdrBucket === undefined ? {} : { CdrBucket: settings.businessCallingCdrBucket },
      UpdatedTimestamp: isoText(settings.updatedAt),
    },
  };
}

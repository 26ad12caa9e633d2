/**
 * `SIP Media Application Settings Changed`: a put of a SIP media application's logging configuration. The detail names
 * the application (`SipMediaApplicationId`, `SipMediaApplicationArn`) and the `Setting` (`LoggingConfiguration`), with
 * the setting as it now is in the API's members (`SipMediaApplicationLoggingConfiguration`). The operations answer the
 * setting with the same mapper.
 */
import type { IdSource } from '../shared/ids.ts';
import { sipMediaApplicationArn, type SipMediaApplication, type SipMediaApplicationLogging } from '../sip/sip.ts';
import type { NewEvent } from './event.ts';

/** The API's `SipMediaApplicationLoggingConfiguration`. */
export function applicationLoggingDetail(logging: SipMediaApplicationLogging): { EnableSipMediaApplicationMessageLogs: boolean } {
  return { EnableSipMediaApplicationMessageLogs: logging.enableMessageLogs };
}

export function sipMediaApplicationLoggingChanged(
  ids: IdSource,
  application: Pick<SipMediaApplication, 'id' | 'accountId' | 'awsRegion'>,
  logging: SipMediaApplicationLogging,
  at: Date,
): NewEvent {
  return {
    id: ids.uuid(),
    accountId: application.accountId,
    type: 'SIP Media Application Settings Changed',
    at,
    resources: [{ kind: 'sma', id: application.id }],
    detail: {
      SipMediaApplicationId: application.id,
      SipMediaApplicationArn: sipMediaApplicationArn(application),
      Setting: 'LoggingConfiguration',
      SipMediaApplicationLoggingConfiguration: applicationLoggingDetail(logging),
    },
  };
}

/**
 * `SIP Media Application Call Created` and `… Updated`: what AWS would hand the application's Lambda function as a
 * `NEW_OUTBOUND_CALL` or `CALL_UPDATE_REQUESTED` invocation, recorded instead, so that a webhook can play the function.
 * The detail names the application and the call's transaction; a create's has the numbers, the SIP headers and the
 * `ArgumentsMap`, an update's its `Arguments`.
 */
import type { IdSource } from '../shared/ids.ts';
import type { SipMediaApplicationCall } from '../sip/sip-media-application-call.ts';
import { sipMediaApplicationArn } from '../sip/sip.ts';
import type { NewEvent } from './event.ts';

type CallEvent = Pick<SipMediaApplicationCall, 'transactionId' | 'accountId' | 'sipMediaApplicationId'>;

function callEvent(ids: IdSource, call: CallEvent, region: string, type: NewEvent['type'], at: Date, detail: Record<string, unknown>): NewEvent {
  return {
    id: ids.uuid(),
    accountId: call.accountId,
    type,
    at,
    resources: [
      { kind: 'sma', id: call.sipMediaApplicationId },
      { kind: 'sma-call', id: call.transactionId },
    ],
    detail: {
      SipMediaApplicationId: call.sipMediaApplicationId,
      SipMediaApplicationArn: sipMediaApplicationArn({ id: call.sipMediaApplicationId, accountId: call.accountId, awsRegion: region }),
      TransactionId: call.transactionId,
      ...detail,
    },
  };
}

/** The call as created; `region` is its application's. */
export function sipMediaApplicationCallCreated(ids: IdSource, call: SipMediaApplicationCall, region: string): NewEvent {
  return callEvent(ids, call, region, 'SIP Media Application Call Created', call.createdAt, {
    FromPhoneNumber: call.fromPhoneNumber,
    ToPhoneNumber: call.toPhoneNumber,
    SipHeaders: { ...call.sipHeaders },
    ArgumentsMap: { ...call.arguments },
  });
}

/** An update of the call, with the arguments it passed. */
export function sipMediaApplicationCallUpdated(ids: IdSource, call: CallEvent, region: string, args: Readonly<Record<string, string>>, at: Date): NewEvent {
  return callEvent(ids, call, region, 'SIP Media Application Call Updated', at, { Arguments: { ...args } });
}

/**
 * The events of owned phone numbers and of the account's phone-number settings: updated, calling name propagated,
 * deleted (into the deletion queue), restored, released, settings changed. A number's detail is the number as the API
 * would return it to its account at the time of the change (the model's member names, E.164 as `PhoneNumberId`,
 * timestamps as ISO strings), without its associations (the Assigned and Unassigned events carry those).
 */
import { viewAt } from '../phone-numbers/number-view.ts';
import type { OwnedNumber } from '../phone-numbers/phone-number.ts';
import type { IdSource } from '../shared/ids.ts';
import type { EventType } from './event-types.ts';
import { changesBetween } from './changes.ts';
import type { NewEvent, ResourceRef } from './event.ts';
import { isoText } from '../../shared/iso-text.ts';

const numberRef = (e164: string): ResourceRef => ({ kind: 'phone-number', id: e164 });

/** The number as `GetPhoneNumber` shows it at `at` (without `Associations`), in the model's member names. */
export function numberDetail(record: OwnedNumber, at: Date): Record<string, unknown> {
  const view = viewAt(record, at);
  const c = view.capabilities;
  return {
    PhoneNumberId: view.e164,
    E164PhoneNumber: view.e164,
    Country: view.country,
    Type: view.type,
    ProductType: view.productType,
    Status: view.status,
    Capabilities: {
      InboundCall: c.inboundCall,
      OutboundCall: c.outboundCall,
      InboundSMS: c.inboundSms,
      OutboundSMS: c.outboundSms,
      InboundMMS: c.inboundMms,
      OutboundMMS: c.outboundMms,
    },
    ...(view.callingName === undefined ? {} : { CallingName: view.callingName }),
    CallingNameStatus: view.callingNameStatus,
    ...(view.name === undefined ? {} : { Name: view.name }),
    ...(view.orderId === undefined ? {} : { OrderId: view.orderId }),
    CreatedTimestamp: isoText(view.createdAt),
    UpdatedTimestamp: isoText(view.updatedAt),
    ...(view.deletionAt === undefined ? {} : { DeletionTimestamp: isoText(view.deletionAt) }),
  };
}

function numberEvent(ids: IdSource, type: EventType, record: OwnedNumber, at: Date, extra: Record<string, unknown> = {}): NewEvent {
  return {
    id: ids.uuid(),
    accountId: record.accountId,
    type,
    at,
    resources: [numberRef(record.e164)],
    detail: { ...numberDetail(record, at), ...extra },
  };
}

/**
 * `UpdatePhoneNumber` (or one item of `BatchUpdatePhoneNumber`) changed the number: `after` as it stands after the
 * change, `Changes` each member that differs from `before` (read in the same transaction), with its `Previous` and
 * `Current` value, as the other `… Updated` events list them.
 */
export function numberUpdated(ids: IdSource, before: OwnedNumber, after: OwnedNumber, at: Date): NewEvent {
  return numberEvent(ids, 'Phone Number Updated', after, at, { Changes: changesBetween(numberDetail(before, at), numberDetail(after, at)) });
}

/** The sweep found a calling-name update propagated (`record` as it stands after: `UpdateSucceeded`). */
export function callingNamePropagated(ids: IdSource, record: OwnedNumber, at: Date): NewEvent {
  return numberEvent(ids, 'Phone Number Calling Name Propagated', record, at);
}

/** The number entered the deletion queue (`DeleteInProgress`, restorable until its `DeletionTimestamp`). */
export function numberDeleted(ids: IdSource, record: OwnedNumber, at: Date): NewEvent {
  return numberEvent(ids, 'Phone Number Deleted', record, at);
}

/** The number left the deletion queue, `Unassigned` again. */
export function numberRestored(ids: IdSource, record: OwnedNumber, at: Date): NewEvent {
  return numberEvent(ids, 'Phone Number Restored', record, at);
}

/**
 * The sweep released a queued number to the carrier pool: it is no longer the account's (the API answers NotFound),
 * so the detail has no `Status`; `DeletionTimestamp` is when it left the account (its release time), as it was shown
 * in the queue.
 */
export function numberReleased(ids: IdSource, record: OwnedNumber, at: Date): NewEvent {
  const event = numberEvent(ids, 'Phone Number Released', record, at, { DeletionTimestamp: isoText(record.releasedAt ?? at) });
  delete event.detail['Status'];
  return event;
}

/** `UpdatePhoneNumberSettings` changed the account's default outbound calling name (`''`: cleared). */
export function settingsChanged(ids: IdSource, accountId: string, settings: { callingName: string; at: Date }): NewEvent {
  return {
    id: ids.uuid(),
    accountId,
    type: 'Phone Number Settings Changed',
    at: settings.at,
    resources: [],
    detail: { CallingName: settings.callingName, CallingNameUpdatedTimestamp: isoText(settings.at) },
  };
}

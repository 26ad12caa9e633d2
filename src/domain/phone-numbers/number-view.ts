/**
 * How an owned number looks at a given moment: what is listed, which capabilities its product type gives, and the
 * states that time alone changes (a calling name that has propagated, a deletion-queue entry whose time has come) —
 * derived here from the clock so that readers agree with the sweeps before the sweeps have run.
 */
import type { ProductType } from '../orders/order.ts';
import type { NumberAssociation } from '../ports/associations.ts';
import type { CallingNameStatus, OwnedNumber, PhoneNumberStatus } from './phone-number.ts';

/** What a number can do (the model's `PhoneNumberCapabilities`). */
export interface Capabilities {
  inboundCall: boolean;
  outboundCall: boolean;
  inboundSms: boolean;
  outboundSms: boolean;
  inboundMms: boolean;
  outboundMms: boolean;
}

/** An owned number as the API shows it. */
export interface NumberView {
  e164: string;
  status: PhoneNumberStatus;
  productType: ProductType;
  type: OwnedNumber['type'];
  country: string;
  capabilities: Capabilities;
  callingName?: string;
  callingNameStatus: CallingNameStatus;
  createdAt: Date;
  updatedAt: Date;
  deletionAt?: Date;
  /** The order that acquired the number (absent for numbers loaded by `dialtone seed`). */
  orderId?: string;
  /** The number's name, when it has one. */
  name?: string;
  /** What the number is associated with (none when absent). */
  associations?: NumberAssociation[];
}

/**
 * Capabilities by product type: every product type places and receives calls; only Business Calling numbers send and
 * receive SMS and MMS (Voice Connectors and SIP media applications carry voice only). Toll-free numbers follow their
 * product type (they cannot be Business Calling, so they never have SMS).
 */
export function capabilitiesFor(productType: ProductType): Capabilities {
  const messaging = productType === 'BusinessCalling';
  return {
    inboundCall: true,
    outboundCall: true,
    inboundSms: messaging,
    outboundSms: messaging,
    inboundMms: messaging,
    outboundMms: messaging,
  };
}

/**
 * Whether the record stands for a number of the account at `now`: an active record not yet due for release, or an
 * `AcquireFailed` record (callers pass the account's newest record, which is how failed attempts appear once).
 */
export function isListed(record: OwnedNumber, now: Date): boolean {
  if (record.active === false) return record.status === 'AcquireFailed';
  return !(record.status === 'DeleteInProgress' && record.deletionAt !== undefined && record.deletionAt <= now);
}

/** The record as seen at `now`: a calling-name update whose propagation time has passed reads `UpdateSucceeded`. */
export function viewAt(record: OwnedNumber, now: Date): NumberView {
  let callingNameStatus: CallingNameStatus = record.callingNameStatus ?? 'Unassigned';
  let updatedAt = record.updatedAt;
  const due = record.callingNameDueAt;
  if (callingNameStatus === 'UpdateInProgress' && due !== undefined && due <= now) {
    callingNameStatus = 'UpdateSucceeded';
    if (due > updatedAt) updatedAt = due;
  }
  const view: NumberView = {
    e164: record.e164,
    status: record.status,
    productType: record.productType,
    type: record.type,
    country: record.country,
    capabilities: capabilitiesFor(record.productType),
    callingNameStatus,
    createdAt: record.createdAt,
    updatedAt,
  };
  if (record.callingName !== undefined) view.callingName = record.callingName;
  if (record.orderId !== undefined) view.orderId = record.orderId;
  if (record.name !== undefined) view.name = record.name;
  if (record.status === 'DeleteInProgress' && record.deletionAt !== undefined) view.deletionAt = record.deletionAt;
  return view;
}

/** Whether a calling-name update is still propagating at `now` (another one must wait). */
export function callingNamePending(record: OwnedNumber, now: Date): boolean {
  return record.callingNameStatus === 'UpdateInProgress' && record.callingNameDueAt !== undefined && record.callingNameDueAt > now;
}

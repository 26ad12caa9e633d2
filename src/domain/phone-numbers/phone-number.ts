/** A number an account owns (or tried to): the inventory record behind `PhoneNumber`. */
import type { NumberType } from '../numbers/number-rules.ts';
import type { ProductType } from '../orders/order.ts';

/** The statuses a number of dialtone can have (porting statuses do not exist here: dialtone ports nothing). */
export const PHONE_NUMBER_STATUSES = [
  'AcquireInProgress',
  'AcquireFailed',
  'Unassigned',
  'Assigned',
  'ReleaseInProgress',
  'DeleteInProgress',
  'ReleaseFailed',
  'DeleteFailed',
] as const;

export type PhoneNumberStatus = (typeof PHONE_NUMBER_STATUSES)[number];

export function isPhoneNumberStatus(status: string): status is PhoneNumberStatus {
  return (PHONE_NUMBER_STATUSES as readonly string[]).includes(status);
}

/** The model's `CallingNameStatus`: a number's calling name, set and propagating or done. */
export type CallingNameStatus = 'Unassigned' | 'UpdateInProgress' | 'UpdateSucceeded' | 'UpdateFailed';

export interface OwnedNumber {
  e164: string;
  accountId: string;
  orderId?: string;
  status: PhoneNumberStatus;
  productType: ProductType;
  type: NumberType;
  country: string;
  createdAt: Date;
  updatedAt: Date;
  /** Whether the record still counts as owned (from AcquireInProgress until released). */
  active?: boolean;
  /** The owner's own label for the number (never `''`: an empty name is no name); absent until one is given. */
  name?: string;
  /** The outbound calling name last asked for (may be `''`); absent until one is set. */
  callingName?: string;
  /** Absent on records stored before calling names existed: read as `Unassigned`. */
  callingNameStatus?: CallingNameStatus;
  /** When a calling-name update in progress has propagated (`UpdateInProgress` until then). */
  callingNameDueAt?: Date;
  /** In the deletion queue: when the number is released (restorable until then). */
  deletionAt?: Date;
  /** When the number left the account (released to the carrier pool). */
  releasedAt?: Date;
}

/** A number an account owns (or tried to): the inventory record behind `PhoneNumber`. */
import type { NumberType } from '../numbers/number-rules.ts';
import type { ProductType } from '../orders/order.ts';

export type PhoneNumberStatus =
  | 'AcquireInProgress'
  | 'AcquireFailed'
  | 'Unassigned'
  | 'Assigned'
  | 'ReleaseInProgress'
  | 'DeleteInProgress'
  | 'ReleaseFailed'
  | 'DeleteFailed';

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

/** A number an account owns (or tried to): the inventory record behind `PhoneNumber`. */
import type { NumberType } from '../orders/number-rules.ts';
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
}

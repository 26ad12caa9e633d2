/** The phone-number order as the domain sees it. Wire names live in operations/, not here. */
import type { ProductType } from '../numbers/product-type.ts';

export type { ProductType };
export type OrderStatus = 'Processing' | 'Successful' | 'Partial' | 'Failed';
export type OrderedNumberStatus = 'Processing' | 'Acquired' | 'Failed';

export interface OrderedNumber {
  /** E.164 with the leading `+`. */
  e164: string;
  status: OrderedNumberStatus;
  /** Machine-readable reason when `status` is `Failed` (e.g. `not-available`). */
  failureReason?: string;
}

export interface Order {
  id: string;
  accountId: string;
  productType: ProductType;
  /** The name every number the order acquires is given (never `''`: an empty name is no name). */
  name?: string;
  status: OrderStatus;
  numbers: OrderedNumber[];
  createdAt: Date;
  updatedAt: Date;
}

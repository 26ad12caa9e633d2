/**
 * Row shapes of the tables, as kysely sees them. Shared by every dialect:
 * timestamps are integer milliseconds since the epoch, optional text is `null`.
 */

/** One phone-number order. Tenant data: always read with `account_id`. */
export interface OrdersTable {
  id: string;
  account_id: string;
  product_type: string;
  status: string;
  /** Milliseconds since the epoch. Some drivers return 64-bit integers as strings; read through `Number()`. */
  created_at: number;
  updated_at: number;
}

/** One number of an order, kept in the order the client asked for (`position` from 0). */
export interface OrderNumbersTable {
  order_id: string;
  position: number;
  e164: string;
  status: string;
  failure_reason: string | null;
}

/** Small server-wide name/value pairs. */
export interface MetaTable {
  name: string;
  value: string;
}

export interface DatabaseSchema {
  orders: OrdersTable;
  order_numbers: OrderNumbersTable;
  meta: MetaTable;
}

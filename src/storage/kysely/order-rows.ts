/** Rows of orders (alone, or joined with their numbers) made into domain orders. */
import type { Selectable } from 'kysely';
import type { Order, OrderedNumber, OrderedNumberStatus, OrderStatus, ProductType } from '../../domain/orders/order.ts';
import type { OrdersTable } from './schema.ts';

/** Columns of an order joined with one of its numbers: the columns of an {@link OrderNumberRow}. */
export const ORDER_WITH_NUMBER = [
  'o.id',
  'o.account_id',
  'o.product_type',
  'o.name',
  'o.status',
  'o.created_at',
  'o.updated_at',
  'n.position as number_position',
  'n.e164',
  'n.status as number_status',
  'n.failure_reason',
] as const;

/** An order joined with one of its numbers (the number's columns null for an order without numbers). */
export type OrderNumberRow = Selectable<OrdersTable> & {
  number_position: number | null;
  e164: string | null;
  number_status: string | null;
  failure_reason: string | null;
};

/**
 * Rows of orders joined with their numbers → orders. The rows of one order must be together, in the orders' order;
 * its numbers may come in any order and are put in position order. (A page's query orders by the orders only: SQLite
 * then reads a page in the order of its index, where also sorting each order's numbers by position took a sort of
 * the whole page, about 15 µs of 70 for 50 orders.)
 */
export function groupOrders(rows: readonly OrderNumberRow[]): Order[] {
  const orders: Order[] = [];
  let current: Order | undefined;
  const positions: number[] = [];
  let unordered = false;
  for (const row of rows) {
    if (current?.id !== row.id) {
      if (unordered) inPositionOrder(current!.numbers, positions);
      current = toOrder(row, []);
      orders.push(current);
      positions.length = 0;
      unordered = false;
    }
    if (row.e164 === null) continue;
    current.numbers.push(toOrderedNumber(row.e164, row.number_status!, row.failure_reason));
    const position = Number(row.number_position);
    if (positions.length > 0 && position < positions[positions.length - 1]!) unordered = true;
    positions.push(position);
  }
  if (unordered) inPositionOrder(current!.numbers, positions);
  return orders;
}

/** Sorts `numbers` (in place) by their `positions` (same indexes). */
function inPositionOrder(numbers: OrderedNumber[], positions: readonly number[]): void {
  const sorted = numbers.map((number, i) => ({ number, position: positions[i]! })).sort((a, b) => a.position - b.position);
  for (let i = 0; i < sorted.length; i++) numbers[i] = sorted[i]!.number;
}

/** A number's columns in `order_numbers` → the ordered number. */
export function toOrderedNumber(e164: string, status: string, failureReason: string | null): OrderedNumber {
  const number: OrderedNumber = { e164, status: status as OrderedNumberStatus };
  if (failureReason !== null) number.failureReason = failureReason;
  return number;
}

/** An order's row (and its numbers, read apart) → the order. */
export function toOrder(row: Selectable<OrdersTable>, numbers: OrderedNumber[]): Order {
  const order: Order = {
    id: row.id,
    accountId: row.account_id,
    productType: row.product_type as ProductType,
    status: row.status as OrderStatus,
    numbers,
    // Number(): 64-bit integer columns come back as strings from some drivers (e.g. pg's bigint).
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.name !== null) order.name = row.name;
  return order;
}

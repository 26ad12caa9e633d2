/** Order storage, as the order service, fulfilment and metrics use it. Every read and write takes the account first. */
import type { Order, OrderedNumberStatus, OrderStatus, ProductType } from '../orders/order.ts';

/** Keyset position in an account's order list: orders are listed by (createdAt, id) ascending. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

/** The terminal outcome of one order: each of its numbers still `Processing`, and the order's status. */
export interface OrderSettlement {
  accountId: string;
  orderId: string;
  numbers: { e164: string; status: OrderedNumberStatus; failureReason?: string }[];
  status: OrderStatus;
  at: Date;
}

/** What the order service reads and writes. */
export interface OrderBook {
  /** Stores a new order with all its numbers. */
  insert(order: Order): Promise<void>;
  /**
   * Stores new orders with all their numbers in as few statements as the database takes (an import's, a seed's); the
   * caller's transaction makes them atomic.
   */
  insertAll(orders: readonly Order[]): Promise<void>;
  /** The order, when it exists and belongs to the account. */
  get(accountId: string, orderId: string): Promise<Order | undefined>;
  /**
   * Up to `limit` orders of the account strictly after `after`, by (createdAt, id) ascending, numbers included; only
   * orders of `productTypes` when given (the others are invisible to the request), so that a page is still full.
   */
  list(accountId: string, options: { after?: OrderCursor; limit: number; productTypes?: readonly ProductType[] }): Promise<Order[]>;
}

/** What fulfilment reads and writes. */
export interface OrderSettling {
  /** The orders with these ids that belong to the paired accounts (one round trip for a worker's batch). */
  getMany(keys: { accountId: string; orderId: string }[]): Promise<Order[]>;
  /**
   * `settle` for many orders at once; each settlement lists every number of its order still `Processing`. Orders whose
   * numbers all end alike are written with one statement per kind.
   */
  settleMany(settlements: OrderSettlement[]): Promise<void>;
  /**
   * Records the outcome of numbers that are still `Processing` (others are left alone, so a repeated call changes
   * nothing) and sets the order's status and `updatedAt`.
   */
  settle(accountId: string, orderId: string, outcome: Omit<OrderSettlement, 'accountId' | 'orderId'>): Promise<void>;
}

/** What metrics read. */
export interface OrderStats {
  /** Orders of every account by status. */
  countByStatus(): Promise<Record<string, number>>;
}

/** What retention deletes. */
export interface OrderPruning {
  /**
   * Deletes up to `limit` finished orders (`Successful`, `Partial`, `Failed`) that finished (`updatedAt`) before
   * `finishedBefore`, of every account, with their numbers, in one transaction; oldest first. Orders in `Processing` are
   * never deleted, and neither are owned numbers (a number's order id may then name a deleted order). Answers how many.
   */
  pruneFinished(finishedBefore: Date, limit: number): Promise<number>;
}

export interface OrderRepository extends OrderBook, OrderSettling, OrderStats, OrderPruning {}

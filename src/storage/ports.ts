/**
 * Storage ports: what the domain needs from a database, and nothing about which one.
 * Every read and write of tenant data takes the account id first.
 */
import type { Order } from '../domain/orders/order.ts';

/** Keyset position in an account's order list: orders are listed by (createdAt, id) ascending. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export interface OrderRepository {
  /** Stores a new order with all its numbers. */
  insert(order: Order): Promise<void>;
  /** The order, when it exists and belongs to the account. */
  get(accountId: string, orderId: string): Promise<Order | undefined>;
  /** Up to `limit` orders of the account strictly after `after`, by (createdAt, id) ascending, numbers included. */
  list(accountId: string, options: { after?: OrderCursor; limit: number }): Promise<Order[]>;
}

/** Small server-wide values kept in the database (e.g. the key that signs pagination tokens). */
export interface MetaRepository {
  /** The stored value of `name`; stores `create()` first when there is none. Concurrent callers see one value. */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** The repositories bound to one unit of work. */
export interface Repositories {
  orders: OrderRepository;
  meta: MetaRepository;
}

export interface Storage extends Repositories {
  /** Runs `work` in one transaction: all of its writes commit together or none does. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Cheap round trip that proves the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

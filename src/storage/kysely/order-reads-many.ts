/**
 * PostgreSQL: the reads of orders that the repository coalesces (../coalesced-reads.ts), each answering many gets or
 * many listings asked in one turn of the event loop with one statement. Outside PostgreSQL, and inside a transaction,
 * the repository reads each get and each listing by itself (order-repository.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Order, ProductType } from '../../domain/orders/order.ts';
import type { OrderCursor } from '../../domain/ports/orders.ts';
import { groupOrders, ORDER_WITH_NUMBER, type OrderNumberRow } from './order-rows.ts';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema } from './schema.ts';

/**
 * Orders with their numbers by id, in one round trip for many (PostgreSQL: the gets coalesced in one turn). Arguments:
 * the ids, then their accounts (the caller keeps the rows whose account is the one asked for with the id).
 */
const GET_ORDERS = new QueryTemplate((db, arg) =>
  db
    .selectFrom('orders as o')
    .leftJoin('order_numbers as n', 'n.order_id', 'o.id')
    .select(ORDER_WITH_NUMBER)
    .where('o.id', '=', sql<string>`any(${arg(0)}::text[])`)
    .where('o.account_id', '=', sql<string>`any(${arg(1)}::text[])`)
    .orderBy('o.id')
    .orderBy('n.position'),
);

/** PostgreSQL: most orders one coalesced get reads at once. */
export const ORDERS_PER_GET = 200;

export interface OrderKey {
  accountId: string;
  orderId: string;
}

/**
 * PostgreSQL: pages of orders for many listings in one round trip (the listings coalesced in one turn). Each listing
 * is one element of zipped arrays: its position, account, the product types it keeps to (comma-joined; empty for
 * every type), its cursor (creation time -1 and id '' without one: before every order) and its page size; each page is
 * the same keyset range of `orders_account_created_id` as a listing alone reads (order-repository.ts), read in a
 * lateral subquery. Rows come by listing, then in the page's order; `ask` says whose they are.
 */
const LIST_MANY = new QueryTemplate((db, arg) =>
  db
    .with('k', (db) =>
      db.selectNoFrom([
        sql<number>`unnest(${arg(0)}::integer[])`.as('ask'),
        sql<string>`unnest(${arg(1)}::text[])`.as('account_id'),
        sql<string>`unnest(${arg(2)}::text[])`.as('product_types'),
        sql<string>`unnest(${arg(3)}::bigint[])`.as('after_ms'),
        sql<string>`unnest(${arg(4)}::text[])`.as('after_id'),
        sql<number>`unnest(${arg(5)}::integer[])`.as('size'),
      ]),
    )
    .selectFrom('k')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('orders')
          .selectAll()
          .where(sql<boolean>`orders.account_id = k.account_id`)
          .where(sql<boolean>`(k.product_types = '' or orders.product_type = any(string_to_array(k.product_types, ',')))`)
          .where(sql<boolean>`(orders.created_at, orders.id) > (k.after_ms, k.after_id)`)
          .orderBy('created_at')
          .orderBy('id')
          .limit(sql<number>`k.size`)
          .as('o'),
      (join) => join.onTrue(),
    )
    // Lateral too, so that each page's numbers are read through the order's key whatever size the planner guesses
    // for the pages (`offset 0` keeps PostgreSQL from pulling the subquery up into a join it may hash).
    .leftJoinLateral(
      (eb) => eb.selectFrom('order_numbers').selectAll().where(sql<boolean>`order_numbers.order_id = o.id`).offset(sql.lit(0)).as('n'),
      (join) => join.onTrue(),
    )
    .select([sql<number>`k.ask`.as('ask'), ...ORDER_WITH_NUMBER])
    .orderBy('ask')
    .orderBy('o.created_at')
    .orderBy('o.id'),
);

/** PostgreSQL: most listings one coalesced statement reads. */
export const LISTINGS_PER_READ = 64;

export interface OrderListing {
  accountId: string;
  after: OrderCursor | undefined;
  limit: number;
  productTypes: readonly ProductType[] | undefined;
}

/** Each key's order, read in one statement; none for an id of another account. */
export async function getOrdersEach(db: Kysely<DatabaseSchema>, keys: readonly OrderKey[]): Promise<(Order | undefined)[]> {
  const ids = [...new Set(keys.map((k) => k.orderId))];
  const accounts = [...new Set(keys.map((k) => k.accountId))];
  const found = new Map(groupOrders(await GET_ORDERS.execute(db, [ids, accounts])).map((order) => [order.id, order]));
  const given = new Set<string>();
  return keys.map((k) => {
    const order = found.get(k.orderId);
    if (order?.accountId !== k.accountId) return undefined;
    // The same order asked for twice in one batch: each caller has its own copy.
    if (given.has(order.id)) return { ...order, numbers: order.numbers.map((n) => ({ ...n })) };
    given.add(order.id);
    return order;
  });
}

/** Each listing's page, read in one statement. */
export async function listOrdersEach(db: Kysely<DatabaseSchema>, listings: readonly OrderListing[]): Promise<Order[][]> {
  const rows = await LIST_MANY.execute(db, [
    listings.map((_, i) => i),
    listings.map((l) => l.accountId),
    listings.map((l) => (l.productTypes === undefined ? '' : l.productTypes.join(','))),
    listings.map((l) => (l.after === undefined ? -1 : l.after.createdAt.getTime())),
    listings.map((l) => l.after?.id ?? ''),
    listings.map((l) => l.limit),
  ]);
  const pages: OrderNumberRow[][] = listings.map(() => []);
  for (const row of rows) pages[Number(row.ask)]!.push(row as unknown as OrderNumberRow);
  return pages.map((page) => groupOrders(page));
}

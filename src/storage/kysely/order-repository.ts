/**
 * Orders on kysely, in dialect-neutral queries (SQLite now, PostgreSQL later).
 * Every read filters by `account_id`; the numbers of an order are read through a join on `orders`
 * so that they, too, are only ever read for the account that owns them.
 */
import { sql, type Kysely } from 'kysely';
import type {
  Order,
  OrderedNumber,
  OrderedNumberStatus,
  OrderStatus,
  ProductType,
} from '../../domain/orders/order.ts';
import type { OrderCursor, OrderRepository, OrderSettlement } from '../../domain/ports/orders.ts';
import { ARRAY_BATCH, chunked, sqlLists, unnestInsert, unnestRows, type ColumnTypes, type SqlLists } from './pg-arrays.ts';
import { groupOrders, ORDER_WITH_NUMBER, toOrder, toOrderedNumber, type OrderNumberRow } from './order-rows.ts';
import { getOrdersEach, listOrdersEach, LISTINGS_PER_READ, ORDERS_PER_GET, type OrderKey, type OrderListing } from './order-reads-many.ts';
import { packed, packedPage, unpackedPage } from './packed-rows.ts';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { millisOf } from './millis.ts';
import { CoalescedReads } from '../coalesced-reads.ts';

/** SQLite: number rows per INSERT (5 bound values each keeps a statement at 1000 variables), values per IN list. */
const NUMBERS_PER_INSERT = 200;
/** SQLite: order rows per INSERT (7 bound values each: under 1000 variables). */
const ORDERS_PER_INSERT = 140;
/** The columns of an order's numbers, as arrays on PostgreSQL. */
export const NUMBER_COLUMNS: ColumnTypes<'order_numbers'> = { order_id: 'text', position: 'integer', e164: 'text', status: 'text', failure_reason: 'text' };
/** The columns of orders, as arrays on PostgreSQL (the group commit inserts many at once). */
export const ORDER_COLUMNS: ColumnTypes<'orders'> = {
  id: 'text',
  account_id: 'text',
  product_type: 'text',
  name: 'text',
  status: 'text',
  created_at: 'bigint',
  updated_at: 'bigint',
};

/** The columns of {@link ORDER_WITH_NUMBER} as a packed row holds them (packed-rows.ts), and their names. */
const PACKED_ORDER_WITH_NUMBER = ORDER_WITH_NUMBER.map((column) => column.split(' as ')[0]!);
const ORDER_WITH_NUMBER_NAMES = ORDER_WITH_NUMBER.map((column) => column.split(' as ')[1] ?? column.split('.')[1]!);
/** A page's order in a packed row: the order's creation time, then its id. */
const PAGE_ORDER = [ORDER_WITH_NUMBER_NAMES.indexOf('created_at'), ORDER_WITH_NUMBER_NAMES.indexOf('id')];

/**
 * A page of an account's orders (keyset on created_at, id) with their numbers, in one round trip. Arguments: the
 * account, then `productTypes` product types to keep to (none: every order), then the cursor when `withCursor`,
 * then the page size. `packedRows`: the page is read packed, one text for its rows (SQLite; packed-rows.ts).
 */
function listTemplate(withCursor: boolean, productTypes: number, packedRows: boolean) {
  return new QueryTemplate((db, arg) => {
    let next = 0;
    let page = db.selectFrom('orders').selectAll().where('account_id', '=', arg(next++));
    if (productTypes > 0) {
      const kept = Array.from({ length: productTypes }, () => arg(next++));
      page = page.where('product_type', 'in', kept);
    }
    if (withCursor) {
      const [createdAt, id] = [arg(next++), arg(next++)];
      page = page.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(createdAt as unknown as number, id)));
    }
    const limited = page.orderBy('created_at').orderBy('id').limit(arg(next++) as unknown as number);
    const joined = db
      .selectFrom(limited.as('o'))
      .leftJoin('order_numbers as n', 'n.order_id', 'o.id')
      .orderBy('o.created_at')
      .orderBy('o.id');
    return packedRows ? packedPage(db, joined.select(packed(PACKED_ORDER_WITH_NUMBER))) : joined.select(ORDER_WITH_NUMBER);
  });
}

/** The list templates by cursor and number of product types kept to (at most three of each: built on first use). */
const LIST_TEMPLATES = new Map<string, ReturnType<typeof listTemplate>>();

function listQuery(withCursor: boolean, productTypes: number, packedRows: boolean): ReturnType<typeof listTemplate> {
  const key = `${withCursor}:${productTypes}:${packedRows}`;
  let template = LIST_TEMPLATES.get(key);
  if (!template) {
    template = listTemplate(withCursor, productTypes, packedRows);
    LIST_TEMPLATES.set(key, template);
  }
  return template;
}

/** An order with its numbers in one round trip. */
const GET_ORDER = new QueryTemplate((db, arg) =>
  db
    .selectFrom('orders as o')
    .leftJoin('order_numbers as n', 'n.order_id', 'o.id')
    .select(ORDER_WITH_NUMBER)
    .where('o.account_id', '=', arg(0))
    .where('o.id', '=', arg(1))
    .orderBy('n.position'),
);

/** `OrderRepository` bound to a database or to one transaction of it. */
export class KyselyOrderRepository implements OrderRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #lists: SqlLists;
  /** SQLite: pages of orders are read packed (packed-rows.ts). */
  readonly #packedPages: boolean;
  /** PostgreSQL outside a transaction: the gets of one turn read together (../coalesced-reads.ts). */
  readonly #gets: CoalescedReads<OrderKey, Order> | undefined;
  /** PostgreSQL outside a transaction: the listings of one turn read together. */
  readonly #pages: CoalescedReads<OrderListing, Order[]> | undefined;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#lists = sqlLists(dialect);
    this.#packedPages = dialect === 'sqlite';
    const coalesce = dialect === 'postgres' && !db.isTransaction;
    this.#gets = coalesce ? new CoalescedReads((keys) => getOrdersEach(db, keys), { maxBatch: ORDERS_PER_GET }) : undefined;
    this.#pages = coalesce ? new CoalescedReads((listings) => listOrdersEach(db, listings), { maxBatch: LISTINGS_PER_READ }) : undefined;
  }

  /** Writes the order and its numbers atomically: in one statement, in the current transaction, or in one of its own. */
  async insert(order: Order): Promise<void> {
    if (this.#lists.arrays) {
      await writeOrderAtOnce(this.#db, order);
    } else if (this.#db.isTransaction) {
      await writeOrder(this.#db, order);
    } else {
      await this.#db.transaction().execute((trx) => writeOrder(trx, order));
    }
  }

  /** See `OrderBook.insertAll`. */
  async insertAll(orders: readonly Order[]): Promise<void> {
    if (this.#lists.arrays) {
      for (const chunk of chunked(orders, ARRAY_BATCH)) await writeOrdersAtOnce(this.#db, chunk);
      return;
    }
    for (const chunk of chunked(orders, ORDERS_PER_INSERT)) await this.#db.insertInto('orders').values(chunk.map(orderRow)).execute();
    for (const chunk of chunked(numberRows(orders), NUMBERS_PER_INSERT)) await this.#db.insertInto('order_numbers').values(chunk).execute();
  }

  async get(accountId: string, orderId: string): Promise<Order | undefined> {
    if (this.#gets) return this.#gets.get({ accountId, orderId });
    return groupOrders(await GET_ORDER.execute(this.#db, [accountId, orderId]))[0];
  }

  async list(accountId: string, options: { after?: OrderCursor; limit: number; productTypes?: readonly ProductType[] }): Promise<Order[]> {
    const { after, limit, productTypes = [] } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0 || (options.productTypes !== undefined && productTypes.length === 0)) return [];
    if (this.#pages) return (await this.#pages.get({ accountId, after, limit, productTypes: options.productTypes })) ?? [];
    const cursor = after === undefined ? [] : [after.createdAt.getTime(), after.id];
    const rows = await listQuery(after !== undefined, productTypes.length, this.#packedPages).execute(this.#db, [accountId, ...productTypes, ...cursor, limit]);
    return groupOrders(this.#packedPages ? unpackedPage<OrderNumberRow>(rows, ORDER_WITH_NUMBER_NAMES, PAGE_ORDER) : (rows as unknown as OrderNumberRow[]));
  }

  async getMany(keys: { accountId: string; orderId: string }[]): Promise<Order[]> {
    if (keys.length === 0) return [];
    const accountOf = new Map(keys.map((k) => [k.orderId, k.accountId]));
    const rows = [];
    for (const ids of this.#lists.batches(keys.map((k) => k.orderId), NUMBERS_PER_INSERT)) {
      rows.push(...(await this.#db.selectFrom('orders').selectAll().where((eb) => this.#lists.oneOf(eb, 'id', ids)).execute()));
    }
    const owned = rows.filter((row) => accountOf.get(row.id) === row.account_id);
    const numbers = new Map<string, OrderedNumber[]>();
    for (const chunk of this.#lists.batches(owned.map((row) => row.id), NUMBERS_PER_INSERT)) {
      const numberRows = await this.#db
        .selectFrom('order_numbers')
        .select(['order_id', 'e164', 'status', 'failure_reason'])
        .where((eb) => this.#lists.oneOf(eb, 'order_id', chunk))
        .orderBy('order_id')
        .orderBy('position')
        .execute();
      for (const row of numberRows) {
        const number = toOrderedNumber(row.e164, row.status, row.failure_reason);
        const list = numbers.get(row.order_id);
        if (list === undefined) numbers.set(row.order_id, [number]);
        else list.push(number);
      }
    }
    return owned.map((row) => toOrder(row, numbers.get(row.id) ?? []));
  }

  async settleMany(settlements: OrderSettlement[]): Promise<void> {
    const uniform = new Map<string, { status: OrderStatus; numberStatus: OrderedNumberStatus; reason: string | null; at: number; ids: string[] }>();
    for (const item of settlements) {
      const first = item.numbers[0];
      const alike = first !== undefined && item.numbers.every((n) => n.status === first.status && n.failureReason === first.failureReason);
      if (!alike) {
        await this.settle(item.accountId, item.orderId, item);
        continue;
      }
      const key = `${item.status}\n${first.status}\n${first.failureReason ?? ''}\n${item.at.getTime()}`;
      const group = uniform.get(key) ?? { status: item.status, numberStatus: first.status, reason: first.failureReason ?? null, at: item.at.getTime(), ids: [] };
      group.ids.push(item.orderId);
      uniform.set(key, group);
    }
    const accountOf = new Map(settlements.map((s) => [s.orderId, s.accountId]));
    for (const group of uniform.values()) {
      for (const ids of this.#lists.batches(group.ids, NUMBERS_PER_INSERT)) {
        const rows = await this.#db.selectFrom('orders').select(['id', 'account_id']).where((eb) => this.#lists.oneOf(eb, 'id', ids)).execute();
        const mine = rows.filter((row) => accountOf.get(row.id) === row.account_id).map((row) => row.id);
        if (mine.length === 0) continue;
        await this.#db
          .updateTable('order_numbers')
          .set({ status: group.numberStatus, failure_reason: group.reason })
          .where((eb) => this.#lists.oneOf(eb, 'order_id', mine))
          .where('status', '=', 'Processing')
          .execute();
        await this.#db
          .updateTable('orders')
          .set({ status: group.status, updated_at: group.at })
          .where((eb) => this.#lists.oneOf(eb, 'id', mine))
          .execute();
      }
    }
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('orders')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  async settle(
    accountId: string,
    orderId: string,
    outcome: { numbers: { e164: string; status: OrderedNumberStatus; failureReason?: string }[]; status: OrderStatus; at: Date },
  ): Promise<void> {
    const owned = await this.#db
      .selectFrom('orders')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', '=', orderId)
      .executeTakeFirst();
    if (owned === undefined) return;
    const groups = new Map<string, { status: OrderedNumberStatus; reason: string | null; e164s: string[] }>();
    for (const number of outcome.numbers) {
      const key = `${number.status}\n${number.failureReason ?? ''}`;
      const group = groups.get(key) ?? { status: number.status, reason: number.failureReason ?? null, e164s: [] };
      group.e164s.push(number.e164);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      for (const e164s of this.#lists.batches(group.e164s, NUMBERS_PER_INSERT)) {
        await this.#db
          .updateTable('order_numbers')
          .set({ status: group.status, failure_reason: group.reason })
          .where('order_id', '=', orderId)
          .where((eb) => this.#lists.oneOf(eb, 'e164', e164s))
          .where('status', '=', 'Processing')
          .execute();
      }
    }
    await this.#db
      .updateTable('orders')
      .set({ status: outcome.status, updated_at: toMillis(outcome.at, 'updatedAt') })
      .where('id', '=', orderId)
      .where('account_id', '=', accountId)
      .execute();
  }

  /** The batch in one transaction (its own, or the current one): an order is never seen without its numbers. */
  async pruneFinished(finishedBefore: Date, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`prune limit must be a positive integer, got ${limit}`);
    const before = toMillis(finishedBefore, 'finishedBefore');
    if (this.#db.isTransaction) return pruneFinished(this.#db, before, limit);
    return this.#db.transaction().execute((trx) => pruneFinished(trx, before, limit));
  }
}

/**
 * Up to `limit` finished orders that finished before `before`, oldest first, and their numbers. The predicate on
 * `status` is the index's own, literal included (`orders_finished_updated`, migration 0008), so that the select reads
 * the partial index in order and stops at `limit`. Finished is final (fulfilment settles an order once), so the ids
 * selected stay prunable until the deletes.
 */
async function pruneFinished(db: Kysely<DatabaseSchema>, before: number, limit: number): Promise<number> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '<>', sql.lit('Processing'))
    .where('updated_at', '<', before)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  const ids = rows.map((row) => row.id);
  await db.deleteFrom('order_numbers').where('order_id', 'in', ids).execute();
  const deleted = await db.deleteFrom('orders').where('id', 'in', ids).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Inserts the order row, then its number rows in chunks. Call inside a transaction. */
async function writeOrder(db: Kysely<DatabaseSchema>, order: Order): Promise<void> {
  await db.insertInto('orders').values(orderRow(order)).execute();
  for (let start = 0; start < order.numbers.length; start += NUMBERS_PER_INSERT) {
    const chunk = order.numbers.slice(start, start + NUMBERS_PER_INSERT);
    await db
      .insertInto('order_numbers')
      .values(chunk.map((number, offset) => numberRow(order.id, start + offset, number)))
      .execute();
  }
}

/**
 * PostgreSQL: the order row and its number rows in one statement (the order's insert a data-modifying CTE, the numbers
 * from arrays): atomic by itself, one round trip whatever the number of numbers. The numbers' foreign key and the
 * counters' triggers run after the whole statement, so they see the order.
 */
async function writeOrderAtOnce(db: Kysely<DatabaseSchema>, order: Order): Promise<void> {
  await db
    .with('new_order', (cte) => cte.insertInto('orders').values(orderRow(order)))
    .insertInto('order_numbers')
    .columns(Object.keys(NUMBER_COLUMNS) as (keyof typeof NUMBER_COLUMNS)[])
    .expression(unnestRows(numberRows([order]), NUMBER_COLUMNS))
    .execute();
}

/** PostgreSQL: orders and their number rows in one statement (see writeOrderAtOnce). */
async function writeOrdersAtOnce(db: Kysely<DatabaseSchema>, orders: readonly Order[]): Promise<void> {
  await sql`with new_orders as (${unnestInsert('orders', orders.map(orderRow), ORDER_COLUMNS)}) ${unnestInsert('order_numbers', numberRows(orders), NUMBER_COLUMNS)}`.execute(db);
}

/** The row of `order` in `orders`. */
export function orderRow(order: Order) {
  return {
    id: order.id,
    account_id: order.accountId,
    product_type: order.productType,
    name: order.name ?? null,
    status: order.status,
    created_at: toMillis(order.createdAt, 'createdAt'),
    updated_at: toMillis(order.updatedAt, 'updatedAt'),
  };
}

/** The rows of the orders' numbers in `order_numbers`, each order's in its numbers' order. */
export function numberRows(orders: readonly Order[]) {
  return orders.flatMap((order) => order.numbers.map((number, position) => numberRow(order.id, position, number)));
}

/** The row of the order's number at `position` in `order_numbers`. */
export function numberRow(orderId: string, position: number, number: OrderedNumber) {
  return { order_id: orderId, position, e164: number.e164, status: number.status, failure_reason: number.failureReason ?? null };
}

/** `date` in milliseconds, for a column of an order's rows (its job's, its invocation's claim too). */
export function toMillis(date: Date, field: string): number {
  return millisOf(date, `order ${field}`);
}

/**
 * Orders on kysely, in dialect-neutral queries (SQLite now, PostgreSQL later).
 * Every read filters by `account_id`; the numbers of an order are read through a join on `orders`
 * so that they, too, are only ever read for the account that owns them.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  Order,
  OrderedNumber,
  OrderedNumberStatus,
  OrderStatus,
  ProductType,
} from '../../domain/orders/order.ts';
import type { OrderCursor, OrderRepository, OrderSettlement } from '../../domain/ports/orders.ts';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema, OrdersTable } from './schema.ts';

/** Number rows per INSERT: 5 bound values each keeps a statement at 1000 variables, under SQLite's limits. */
const NUMBERS_PER_INSERT = 200;

/** Columns of an order joined with one of its numbers. */
const ORDER_WITH_NUMBER = [
  'o.id',
  'o.account_id',
  'o.product_type',
  'o.name',
  'o.status',
  'o.created_at',
  'o.updated_at',
  'n.e164',
  'n.status as number_status',
  'n.failure_reason',
] as const;

/**
 * A page of an account's orders (keyset on created_at, id) with their numbers, in one round trip. Arguments: the
 * account, then `productTypes` product types to keep to (none: every order), then the cursor when `withCursor`,
 * then the page size.
 */
function listTemplate(withCursor: boolean, productTypes: number) {
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
    return db
      .selectFrom(limited.as('o'))
      .leftJoin('order_numbers as n', 'n.order_id', 'o.id')
      .select(ORDER_WITH_NUMBER)
      .orderBy('o.created_at')
      .orderBy('o.id')
      .orderBy('n.position');
  });
}

/** The list templates by cursor and number of product types kept to (at most three of each: built on first use). */
const LIST_TEMPLATES = new Map<string, ReturnType<typeof listTemplate>>();

function listQuery(withCursor: boolean, productTypes: number): ReturnType<typeof listTemplate> {
  const key = `${withCursor}:${productTypes}`;
  let template = LIST_TEMPLATES.get(key);
  if (!template) {
    template = listTemplate(withCursor, productTypes);
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

type OrderNumberRow = Selectable<OrdersTable> & { e164: string | null; number_status: string | null; failure_reason: string | null };

/** Rows of orders joined with their numbers (grouped, in order) → orders. */
function groupOrders(rows: OrderNumberRow[]): Order[] {
  const orders: Order[] = [];
  let current: Order | undefined;
  for (const row of rows) {
    if (current?.id !== row.id) {
      current = toOrder(row, []);
      orders.push(current);
    }
    if (row.e164 === null) continue;
    const number: OrderedNumber = { e164: row.e164, status: row.number_status as OrderedNumberStatus };
    if (row.failure_reason !== null) number.failureReason = row.failure_reason;
    current.numbers.push(number);
  }
  return orders;
}

/** `OrderRepository` bound to a database or to one transaction of it. */
export class KyselyOrderRepository implements OrderRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /** Writes the order and its numbers atomically: in the current transaction, or in one of its own. */
  async insert(order: Order): Promise<void> {
    if (this.#db.isTransaction) {
      await writeOrder(this.#db, order);
    } else {
      await this.#db.transaction().execute((trx) => writeOrder(trx, order));
    }
  }

  async get(accountId: string, orderId: string): Promise<Order | undefined> {
    return groupOrders(await GET_ORDER.execute(this.#db, [accountId, orderId]))[0];
  }

  async list(accountId: string, options: { after?: OrderCursor; limit: number; productTypes?: readonly ProductType[] }): Promise<Order[]> {
    const { after, limit, productTypes = [] } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0 || (options.productTypes !== undefined && productTypes.length === 0)) return [];
    const cursor = after === undefined ? [] : [after.createdAt.getTime(), after.id];
    const rows = await listQuery(after !== undefined, productTypes.length).execute(this.#db, [accountId, ...productTypes, ...cursor, limit]);
    return groupOrders(rows);
  }

  async getMany(keys: { accountId: string; orderId: string }[]): Promise<Order[]> {
    if (keys.length === 0) return [];
    const accountOf = new Map(keys.map((k) => [k.orderId, k.accountId]));
    const rows = [];
    for (let start = 0; start < keys.length; start += NUMBERS_PER_INSERT) {
      const ids = keys.slice(start, start + NUMBERS_PER_INSERT).map((k) => k.orderId);
      rows.push(...(await this.#db.selectFrom('orders').selectAll().where('id', 'in', ids).execute()));
    }
    const owned = rows.filter((row) => accountOf.get(row.id) === row.account_id);
    const numbers = new Map<string, OrderedNumber[]>();
    for (let start = 0; start < owned.length; start += NUMBERS_PER_INSERT) {
      const chunk = owned.slice(start, start + NUMBERS_PER_INSERT).map((row) => row.id);
      const numberRows = await this.#db
        .selectFrom('order_numbers')
        .select(['order_id', 'e164', 'status', 'failure_reason'])
        .where('order_id', 'in', chunk)
        .orderBy('order_id')
        .orderBy('position')
        .execute();
      for (const row of numberRows) {
        const number: OrderedNumber = { e164: row.e164, status: row.status as OrderedNumberStatus };
        if (row.failure_reason !== null) number.failureReason = row.failure_reason;
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
      for (let start = 0; start < group.ids.length; start += NUMBERS_PER_INSERT) {
        const ids = group.ids.slice(start, start + NUMBERS_PER_INSERT);
        const rows = await this.#db.selectFrom('orders').select(['id', 'account_id']).where('id', 'in', ids).execute();
        const mine = rows.filter((row) => accountOf.get(row.id) === row.account_id).map((row) => row.id);
        if (mine.length === 0) continue;
        await this.#db
          .updateTable('order_numbers')
          .set({ status: group.numberStatus, failure_reason: group.reason })
          .where('order_id', 'in', mine)
          .where('status', '=', 'Processing')
          .execute();
        await this.#db.updateTable('orders').set({ status: group.status, updated_at: group.at }).where('id', 'in', mine).execute();
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
      for (let start = 0; start < group.e164s.length; start += NUMBERS_PER_INSERT) {
        await this.#db
          .updateTable('order_numbers')
          .set({ status: group.status, failure_reason: group.reason })
          .where('order_id', '=', orderId)
          .where('e164', 'in', group.e164s.slice(start, start + NUMBERS_PER_INSERT))
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


}

/** Inserts the order row, then its number rows in chunks. Call inside a transaction. */
async function writeOrder(db: Kysely<DatabaseSchema>, order: Order): Promise<void> {
  await db
    .insertInto('orders')
    .values({
      id: order.id,
      account_id: order.accountId,
      product_type: order.productType,
      name: order.name ?? null,
      status: order.status,
      created_at: toMillis(order.createdAt, 'createdAt'),
      updated_at: toMillis(order.updatedAt, 'updatedAt'),
    })
    .execute();
  for (let start = 0; start < order.numbers.length; start += NUMBERS_PER_INSERT) {
    const chunk = order.numbers.slice(start, start + NUMBERS_PER_INSERT);
    await db
      .insertInto('order_numbers')
      .values(
        chunk.map((number, offset) => ({
          order_id: order.id,
          position: start + offset,
          e164: number.e164,
          status: number.status,
          failure_reason: number.failureReason ?? null,
        })),
      )
      .execute();
  }
}

function toMillis(date: Date, field: string): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`order ${field} is not a valid date`);
  return ms;
}

function toOrder(row: Selectable<OrdersTable>, numbers: OrderedNumber[]): Order {
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

/**
 * The console's overview on kysely:
 * - orders by bucket: the account's orders created in the window, grouped by `created_at / bucket` and status, from
 *   `orders_account_created_status` alone (0015);
 * - numbers: on SQLite the counters of `number_counts` (0015) minus the records past their deletion time; on PostgreSQL
 *   the active records not past their deletion time, by an index-only scan of `phone_numbers_held` (0015);
 * - fulfilment: the orders in `Processing` (count, oldest creation) and the orders settled in the window, from
 *   `orders_settled_account` (0015). An order's `updated_at` is written once after its creation, by the settlement that
 *   gives it its terminal status (fulfilment's `settleMany`/`settle`; `dialtone import` stores the exported value), so a
 *   settled order's `updated_at` is when it settled and `updated_at - created_at` its lag. Settled orders older than
 *   the order retention are pruned, and their lags with them.
 * Percentiles are by nearest rank: the window's settled orders numbered by lag (`row_number()`, which both dialects
 * have), of which the rows at the two ranks are read; each is a lag some order had.
 */
import { sql, type Kysely } from 'kysely';
import type { Overview, OverviewRepository, OverviewWindow } from '../../domain/ports/overview.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { byCodeUnit } from '../../shared/code-unit-order.ts';

/** Most buckets a window may hold: bounds the rows of one answer (720 hours by 5 minutes is 8,640). */
export const MAX_OVERVIEW_BUCKETS = 10_000;

/** `OverviewRepository` bound to a database or to one transaction of it (e.g. `Storage.snapshot`). */
export class KyselyOverviewRepository implements OverviewRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  /** @param db the database, or a `Transaction` to read inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#dialect = dialect;
  }

  async overview(accountId: string, window: OverviewWindow, now: Date): Promise<Overview> {
    const range = checkedWindow(window, now);
    const db = this.#db;
    if (db.isTransaction) return read(db, this.#dialect, accountId, range);
    // PostgreSQL: one snapshot for all the statements. SQLite: its transactions take the write lock (immediate), so
    // the statements run outside one, on the connection held throughout: no write of this process lands between them.
    if (this.#dialect === 'postgres') {
      return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => read(trx, 'postgres', accountId, range));
    }
    return db.connection().execute((connection) => read(connection, 'sqlite', accountId, range));
  }
}

/** The window and `now` in milliseconds since the epoch. */
interface Range {
  since: number;
  until: number;
  bucketMs: number;
  now: number;
}

function checkedWindow(window: OverviewWindow, now: Date): Range {
  const since = window.since.getTime();
  const until = window.until.getTime();
  const at = now.getTime();
  if (!Number.isFinite(since) || !Number.isFinite(until) || !Number.isFinite(at)) throw new RangeError('overview window and now must be valid dates');
  if (since >= until) throw new RangeError(`overview window must end after it starts: ${window.since.toISOString()} to ${window.until.toISOString()}`);
  const { bucketSeconds } = window;
  if (!Number.isSafeInteger(bucketSeconds) || bucketSeconds < 1) throw new RangeError(`overview bucketSeconds must be a positive whole number, got ${bucketSeconds}`);
  const bucketMs = bucketSeconds * 1000;
  const buckets = Math.floor((until - 1) / bucketMs) - Math.floor(since / bucketMs) + 1;
  if (buckets > MAX_OVERVIEW_BUCKETS) throw new RangeError(`overview window holds ${buckets} buckets of ${bucketSeconds} s; at most ${MAX_OVERVIEW_BUCKETS}`);
  return { since, until, bucketMs, now: at };
}

async function read(db: Kysely<DatabaseSchema>, dialect: SqlDialect, accountId: string, range: Range): Promise<Overview> {
  // One after the other: on PostgreSQL a transaction runs on one connection; on SQLite statements never overlap.
  const orders = await orderBuckets(db, accountId, range);
  const numbers = await numberCounts(db, dialect, accountId, range.now);
  const fulfilment = await fulfilmentFigures(db, accountId, range);
  return { orders, numbers, fulfilment };
}

/** An integer parameter (better-sqlite3 binds a JS number as REAL, and REAL division would not floor). */
const integer = (value: number) => sql<number>`cast(${value} as bigint)`;

async function orderBuckets(db: Kysely<DatabaseSchema>, accountId: string, range: Range): Promise<Overview['orders']> {
  const bucket = sql<number>`created_at / ${integer(range.bucketMs)}`;
  const rows = await db
    .selectFrom('orders')
    .select([bucket.as('bucket'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', range.since)
    .where('created_at', '<', range.until)
    // By the output name: PostgreSQL would not see the expression, with its own parameter, as the selected one.
    .groupBy([sql.ref('bucket'), 'status'])
    .execute();
  const buckets = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const key = Number(row.bucket);
    const counts = buckets.get(key) ?? {};
    counts[row.status] = Number(row.n);
    buckets.set(key, counts);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([key, counts]) => ({ start: new Date(key * range.bucketMs), counts }));
}

/**
 * SQLite: the counters of 0015, minus the records past their deletion time (a few, found by the partial index of
 * `deletion_at`: the sweep releases them within seconds). PostgreSQL: an index-only scan of `phone_numbers_held`.
 */
async function numberCounts(db: Kysely<DatabaseSchema>, dialect: SqlDialect, accountId: string, now: number): Promise<Overview['numbers']> {
  const held = new Map<string, { status: string; productType: string; count: number }>();
  const add = (status: string, productType: string, count: number) => {
    const key = `${status}\n${productType}`;
    const entry = held.get(key) ?? { status, productType, count: 0 };
    entry.count += count;
    held.set(key, entry);
  };
  if (dialect === 'sqlite') {
    const counters = await db.selectFrom('number_counts').select(['status', 'product_type', 'held']).where('account_id', '=', accountId).where('held', '>', 0).execute();
    for (const row of counters) add(row.status, row.product_type, Number(row.held));
    // By the deletion-time index: with statistics, the planner would rather walk the account's active records.
    const { rows: overdue } = await sql<{ status: string; product_type: string; n: number }>`
      select status, product_type, count(*) as n from phone_numbers indexed by phone_numbers_deletion_due
        where deletion_at is not null and deletion_at <= ${now} and account_id = ${accountId} and active = 1
        group by status, product_type`.execute(db);
    for (const row of overdue) add(row.status, row.product_type, -Number(row.n));
  } else {
    const rows = await db
      .selectFrom('phone_numbers')
      .select(['status', 'product_type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where(sql<boolean>`active = 1`)
      .where((eb) => eb.or([eb('deletion_at', 'is', null), eb('deletion_at', '>', now)]))
      .groupBy(['status', 'product_type'])
      .execute();
    for (const row of rows) add(row.status, row.product_type, Number(row.n));
  }
  return [...held.values()].filter((n) => n.count > 0).sort((a, b) => byCodeUnit(a.status, b.status) || byCodeUnit(a.productType, b.productType));
}

async function fulfilmentFigures(db: Kysely<DatabaseSchema>, accountId: string, range: Range): Promise<Overview['fulfilment']> {
  const processing = await db
    .selectFrom('orders')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('account_id', '=', accountId)
    .where('status', '=', 'Processing')
    .executeTakeFirstOrThrow();
  // The settled orders of the window ranked by lag in one pass (the literal status matches orders_settled_account's
  // condition); of them, the rows at the two nearest ranks, ceil(p * n / 100) in integer arithmetic.
  const { rows } = await sql<{ lag: number; r: number; n: number }>`
    select lag, r, n from (
      select updated_at - created_at as lag, row_number() over (order by updated_at - created_at) as r, count(*) over () as n
        from orders
        where account_id = ${accountId} and status <> 'Processing' and updated_at >= ${range.since} and updated_at < ${range.until}
    ) ranked
    where r = (50 * n + 99) / 100 or r = (95 * n + 99) / 100`.execute(db);
  const settled = rows.length === 0 ? 0 : Number(rows[0]!.n);
  const lagAt = (percent: number): number | null => {
    const rank = Math.ceil((percent * settled) / 100);
    const row = rows.find((r) => Number(r.r) === rank);
    return row === undefined ? null : Number(row.lag) / 1000;
  };
  const oldest = processing.oldest === null ? null : Number(processing.oldest);
  return {
    processing: Number(processing.n),
    oldestProcessingSeconds: oldest === null ? null : Math.max(0, range.now - oldest) / 1000,
    settled,
    lagSecondsP50: lagAt(50),
    lagSecondsP95: lagAt(95),
  };
}

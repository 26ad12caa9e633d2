/**
 * The console's overview on kysely, in queries both dialects run alike:
 * - orders by bucket: the account's orders created in the window, grouped by `created_at / bucket` and status;
 * - numbers: the account's active records not past their deletion time, grouped by status and product type;
 * - fulfilment: the orders in `Processing` (count, oldest creation) and the orders settled in the window. An order's
 *   `updated_at` is written once after its creation, by the settlement that gives it its terminal status (fulfilment's
 *   `settleMany`/`settle`; `dialtone import` stores the exported value), so a settled order's `updated_at` is when it
 *   settled and `updated_at - created_at` its lag. Settled orders older than the order retention are pruned, and with
 *   them their lags.
 * Percentiles are by nearest rank, read with `ORDER BY lag LIMIT 1 OFFSET rank - 1`, which both dialects run and which
 * gives a lag some order had.
 */
import { sql, type Kysely } from 'kysely';
import type { Overview, OverviewRepository, OverviewWindow } from '../../domain/ports/overview.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

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
    if (db.isTransaction) return read(db, accountId, range);
    // PostgreSQL: one snapshot for all the statements. SQLite: its transactions take the write lock (immediate), so
    // the statements run outside one, on the connection held throughout: no write of this process lands between them.
    if (this.#dialect === 'postgres') {
      return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => read(trx, accountId, range));
    }
    return db.connection().execute((connection) => read(connection, accountId, range));
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

async function read(db: Kysely<DatabaseSchema>, accountId: string, range: Range): Promise<Overview> {
  // One after the other: on PostgreSQL a transaction runs on one connection; on SQLite statements never overlap.
  const orders = await orderBuckets(db, accountId, range);
  const numbers = await numberCounts(db, accountId, range.now);
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

async function numberCounts(db: Kysely<DatabaseSchema>, accountId: string, now: number): Promise<Overview['numbers']> {
  const rows = await db
    .selectFrom('phone_numbers')
    .select(['status', 'product_type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('deletion_at', 'is', null), eb('deletion_at', '>', now)]))
    .groupBy(['status', 'product_type'])
    .execute();
  return rows
    .map((row) => ({ status: row.status, productType: row.product_type, count: Number(row.n) }))
    .sort((a, b) => compare(a.status, b.status) || compare(a.productType, b.productType));
}

async function fulfilmentFigures(db: Kysely<DatabaseSchema>, accountId: string, range: Range): Promise<Overview['fulfilment']> {
  const processing = await db
    .selectFrom('orders')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('account_id', '=', accountId)
    .where('status', '=', 'Processing')
    .executeTakeFirstOrThrow();
  const settledInWindow = db
    .selectFrom('orders')
    .where('account_id', '=', accountId)
    .where('status', '<>', 'Processing')
    .where('updated_at', '>=', range.since)
    .where('updated_at', '<', range.until);
  const settled = Number((await settledInWindow.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const lagAt = async (percent: number): Promise<number | null> => {
    if (settled === 0) return null;
    const lag = sql<number>`updated_at - created_at`;
    const row = await settledInWindow
      .select(lag.as('lag'))
      .orderBy(lag)
      .limit(1)
      .offset(integer(Math.ceil((percent * settled) / 100) - 1))
      .executeTakeFirst();
    // Gone between the count and this read: only outside a snapshot, when the retention pruned it meanwhile.
    return row === undefined ? null : Number(row.lag) / 1000;
  };
  const count = Number(processing.n);
  const oldest = processing.oldest === null ? null : Number(processing.oldest);
  return {
    processing: count,
    oldestProcessingSeconds: oldest === null ? null : Math.max(0, range.now - oldest) / 1000,
    settled,
    lagSecondsP50: await lagAt(50),
    lagSecondsP95: await lagAt(95),
  };
}

/** Code-point order, the same whatever the database's collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

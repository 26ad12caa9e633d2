/** Read-only look into the server's database: its SQLite file (WAL mode allows a reader beside the writer) or PostgreSQL. */
import Database from 'better-sqlite3';
import pg from 'pg';
import { sleep } from './children.ts';

export interface OrderProgress {
  orders: number;
  processing: number;
  /** Latest `updated_at` of any order, epoch ms (the server's clock). */
  lastUpdatedMs: number | null;
}

export class ServerDb {
  readonly #db: Database.Database;
  readonly #progress: Database.Statement;

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
    this.#progress = this.#db.prepare(
      `SELECT count(*) AS orders, coalesce(sum(status = 'Processing'), 0) AS processing, max(updated_at) AS lastUpdatedMs FROM orders`,
    );
  }

  progress(): OrderProgress {
    return this.#progress.get() as OrderProgress;
  }

  numberStatuses(): Record<string, number> {
    const rows = this.#db.prepare('SELECT status, count(*) AS n FROM order_numbers GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Ordered numbers in all, and how many distinct ones. */
  numberCounts(): { total: number; distinct: number } {
    return this.#db.prepare('SELECT count(*) AS total, count(DISTINCT e164) AS "distinct" FROM order_numbers').get() as { total: number; distinct: number };
  }

  /** Numbers associated with a voice connector, group or SIP rule. */
  associationCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM phone_number_associations').get() as { n: number }).n;
  }

  /** Polls every `intervalMs` until no order is Processing and at least `orders` exist; false on timeout. */
  waitSettled(orders: number, timeoutMs: number, intervalMs = 200): Promise<Settled> {
    return pollSettled(() => this.progress(), orders, timeoutMs, intervalMs);
  }

  close(): void {
    this.#db.close();
  }
}

export interface Settled {
  settled: boolean;
  progress: OrderProgress;
  detectedAt: number;
}

async function pollSettled(progressNow: () => OrderProgress | Promise<OrderProgress>, orders: number, timeoutMs: number, intervalMs: number): Promise<Settled> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const progress = await progressNow();
    if (progress.orders >= orders && progress.processing === 0) return { settled: true, progress, detectedAt: Date.now() };
    if (performance.now() > deadline) return { settled: false, progress, detectedAt: Date.now() };
    await sleep(intervalMs);
  }
}

/** What the request scenarios read of the server's orders, on either database. */
export interface OrderStore {
  progress(): Promise<OrderProgress>;
  numberCounts(): Promise<{ total: number; distinct: number }>;
  associationCount(): Promise<number>;
  /** Up to `limit` of the numbers held, in the order they were stored (the PostgreSQL scenarios' gets of numbers). */
  numberSample(limit: number): Promise<string[]>;
  waitSettled(orders: number, timeoutMs: number, intervalMs?: number): Promise<Settled>;
  close(): Promise<void>;
}

/** The SQLite file's {@link ServerDb}, opened at its first use. */
export function sqliteOrderStore(db: () => ServerDb): OrderStore {
  return {
    progress: () => Promise.resolve(db().progress()),
    numberCounts: () => Promise.resolve(db().numberCounts()),
    associationCount: () => Promise.resolve(db().associationCount()),
    numberSample: () => Promise.reject(new Error('on SQLite the scenarios sample the file (scenarios.ts)')),
    waitSettled: (orders, timeoutMs, intervalMs = 200) => db().waitSettled(orders, timeoutMs, intervalMs),
    close: () => Promise.resolve(),
  };
}

/** The same reads on the server's PostgreSQL database (one connection, opened at the first read). */
export function postgresOrderStore(url: string): OrderStore {
  let client: Promise<pg.Client> | undefined;
  const rows = async (text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> => {
    client ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    })();
    return (await (await client).query(text, values)).rows as Record<string, unknown>[];
  };
  const query = async <T>(text: string): Promise<T> => (await rows(text))[0] as T;
  const progress = async (): Promise<OrderProgress> => {
    const row = await query<{ orders: string; processing: string; last: string | null }>(
      `select count(*) as orders, count(*) filter (where status = 'Processing') as processing, max(updated_at) as last from orders`,
    );
    return { orders: Number(row.orders), processing: Number(row.processing), lastUpdatedMs: row.last === null ? null : Number(row.last) };
  };
  return {
    progress,
    async numberCounts() {
      const row = await query<{ total: string; distinct: string }>('select count(*) as total, count(distinct e164) as "distinct" from order_numbers');
      return { total: Number(row.total), distinct: Number(row.distinct) };
    },
    async associationCount() {
      return Number((await query<{ n: string }>('select count(*) as n from phone_number_associations')).n);
    },
    async numberSample(limit) {
      // Every step-th record in the order of their ids, spread over the whole table as the SQLite sample is.
      const found = await rows(
        `select e164 from (select e164, row_number() over (order by id) as r, count(*) over () as n from phone_numbers) t
          where r % greatest(1, n / $1) = 0 order by r limit $1`,
        [limit],
      );
      return found.map((row) => String(row.e164));
    },
    waitSettled: (orders, timeoutMs, intervalMs = 200) => pollSettled(progress, orders, timeoutMs, intervalMs),
    async close() {
      const c = client;
      client = undefined;
      if (c) await (await c).end().catch(() => undefined);
    },
  };
}

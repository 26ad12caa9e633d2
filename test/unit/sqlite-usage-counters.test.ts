/** The quota counters on SQLite: the contract, and migration 0010 on a database that already has orders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { assertCountersInitialised, runUsageCountersContract, writeOrdersBeforeCounters } from '../storage/usage-counters-contract.ts';

runUsageCountersContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));

describe('migration 0010 on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-counters-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('initialises the order counters from the rows an older version left', async () => {
    const file = path.join(dir, 'dialtone.sqlite');
    const older = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await writeOrdersBeforeCounters(older, sqliteMigrations);
    await older.destroy();
    const storage = await openSqliteStorage({ file });
    try {
      await assertCountersInitialised(storage);
    } finally {
      await storage.close();
    }
  });
});

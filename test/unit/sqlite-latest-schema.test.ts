/**
 * A new SQLite database gets the latest schema in one step (src/storage/sqlite/fresh-database.ts): the same database as
 * migration by migration, a generated module that is current, and the migrator's work unchanged for every other file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { createLatestSchema } from '../../src/storage/sqlite/fresh-database.ts';
import { LATEST_SCHEMA } from '../../src/storage/sqlite/latest-schema.ts';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { migratedSchema, schemaModule } from '../../scripts/generate-sqlite-schema.ts';
import { freshDataDir } from '../support/server.ts';

function tempDbFile(): string {
  return path.join(freshDataDir(), 'dialtone.sqlite');
}

/** Everything a database holds that its users could see: sqlite_master, and every table's rows in key order. */
function contents(file: string): { master: unknown[]; rows: Record<string, unknown[]>; migrations: string[] } {
  const sqlite = new Database(file, { readonly: true });
  try {
    const master = sqlite.prepare(`select type, name, tbl_name, sql from sqlite_master order by type, name`).all();
    const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all() as string[];
    const rows: Record<string, unknown[]> = {};
    for (const table of tables) {
      // kysely records when each migration ran: the one column that differs between two databases.
      const columns = table === 'kysely_migration' ? 'name' : '*';
      rows[table] = sqlite.prepare(`select ${columns} from "${table}" order by 1`).raw().all();
    }
    const migrations = sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[];
    return { master, rows, migrations };
  } finally {
    sqlite.close();
  }
}

async function openAndClose(file: string, options: Omit<Parameters<typeof openSqliteStorage>[0], 'file'> = {}): Promise<void> {
  const storage = await openSqliteStorage({ file, ...options });
  await storage.close();
}

describe('a new SQLite database in one step', () => {
  it('is the same database as one migrated migration by migration', async () => {
    const stepwise = tempDbFile();
    const oneStep = tempDbFile();
    await openAndClose(stepwise, { latestSchema: false });
    await openAndClose(oneStep);
    const expected = contents(stepwise);
    assert.deepEqual(contents(oneStep), expected);
    assert.deepEqual(expected.migrations, Object.keys(sqliteMigrations).sort());
    assert.ok(expected.master.length > 40, `${expected.master.length} schema objects`);
  });

  it('comes from a generated module that is current (else: npm run codegen)', async () => {
    const current = fs.readFileSync(path.join(import.meta.dirname, '../../src/storage/sqlite/latest-schema.ts'), 'utf8');
    assert.equal(current, schemaModule(await migratedSchema()), 'src/storage/sqlite/latest-schema.ts is stale: run npm run codegen');
  });

  it('records every migration as applied: a later migration applies alone, as it would after the stepwise path', async () => {
    const file = tempDbFile();
    await openAndClose(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      const later = { async up(k: Kysely<unknown>) { await sql`create table later_probe (x integer)`.execute(k); } };
      const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...sqliteMigrations, '9999-later-probe': later }) } });
      const { error, results } = await migrator.migrateToLatest();
      assert.equal(error, undefined);
      assert.deepEqual(results?.map((r) => [r.migrationName, r.status]), [['9999-later-probe', 'Success']]);
    } finally {
      await db.destroy();
    }
  });

  it('is not used when it was written for another list of migrations: the migrator does the work', async () => {
    const file = tempDbFile();
    const stale = { migrations: LATEST_SCHEMA.migrations.slice(0, -1), statements: ['create table written_for_fewer_migrations (x)'] };
    await openAndClose(file, { latestSchema: stale });
    const { master, migrations } = contents(file);
    assert.ok(!master.some((row) => (row as { name: string }).name === 'written_for_fewer_migrations'));
    assert.deepEqual(migrations, Object.keys(sqliteMigrations).sort());
  });

  it('is not used on a database that has anything in it', () => {
    const file = tempDbFile();
    const sqlite = new Database(file);
    try {
      sqlite.exec('create table unrelated (x)');
      assert.equal(createLatestSchema(sqlite, Object.keys(sqliteMigrations), LATEST_SCHEMA, new Date()), false);
      assert.deepEqual(sqlite.prepare('select sql from sqlite_master').pluck().all(), ['CREATE TABLE unrelated (x)']);
    } finally {
      sqlite.close();
    }
  });

  it('checks that the file is empty under the write lock: a process that created something first wins', async () => {
    const file = tempDbFile();
    // Another process takes the write lock on the new file, creates a table and commits 300 ms later.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('journal_mode = WAL');
         db.exec('begin immediate; create table orders (unrelated text)'); process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('commit'); db.close(); }, 300);`,
        file,
      ],
      { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [chunk] = (await once(holder.stdout!, 'data')) as [Buffer];
    assert.equal(chunk.toString().trim(), 'locked');
    // The one-step path waits for the lock, then finds the table: the migrator runs and meets the squatter.
    await assert.rejects(openSqliteStorage({ file }), /migrating SQLite database .* failed at 0001-orders/);
    await once(holder, 'exit');
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Storage } from '../../src/storage/storage.ts';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { configureConnection, openSqliteStorage, sizePageCache, withUnsyncedCommits } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { assertOldRowsUnnamed, writeRowsBeforeNames } from '../storage/names-migration.ts';
import { runStorageContract } from '../storage/storage-contract.ts';
import { canSeeOpenFiles, deletedFiles, openFilesUnder } from '../support/open-files.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file in a fresh temp dir, under a subfolder that does not exist yet. */
function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-sqlite-'));
  tempDirs.push(dir);
  return path.join(dir, 'data', 'dialtone.db');
}

/** A new database file's connection, configured as the server's (configureConnection), closed once `use` is done. */
async function withConfiguredConnection(use: (sqlite: Database.Database) => void | Promise<void>): Promise<void> {
  const file = tempDbFile();
  fs.mkdirSync(path.dirname(file));
  const sqlite = new Database(file);
  try {
    configureConnection(sqlite);
    await use(sqlite);
  } finally {
    sqlite.close();
  }
}

runStorageContract('sqlite file', async () => {
  const file = tempDbFile();
  let storage: Storage = await openSqliteStorage({ file });
  return {
    storage,
    reopen: async () => {
      await storage.close();
      storage = await openSqliteStorage({ file });
      return storage;
    },
  };
});

runStorageContract('sqlite :memory:', async () => ({ storage: await openSqliteStorage({ file: ':memory:' }) }));

describe('openSqliteStorage', () => {
  it('closes its file when closed, whether or not anything was read through it (a fresh file is made without kysely)', { skip: !canSeeOpenFiles }, async () => {
    for (const use of [async () => {}, (storage: Storage) => storage.ping()]) {
      const file = tempDbFile();
      const storage = await openSqliteStorage({ file });
      await use(storage);
      assert.notDeepEqual(openFilesUnder(file), [], 'open while the storage is');
      await storage.close();
      assert.deepEqual(openFilesUnder(file), [], 'the database, its WAL and shared memory closed');
      // Another connection of this process may now hold the file exclusively.
      const other = new Database(file, { timeout: 0 });
      try {
        other.pragma('locking_mode = EXCLUSIVE');
        other.exec('begin immediate; create table held (x); commit');
      } finally {
        other.close();
      }
    }
  });

  it('puts the file in WAL mode', async () => {
    const file = tempDbFile();
    const storage = await openSqliteStorage({ file });
    try {
      await storage.ping();
      const probe = new Database(file, { readonly: true });
      try {
        assert.equal(probe.pragma('journal_mode', { simple: true }), 'wal');
      } finally {
        probe.close();
      }
    } finally {
      await storage.close();
    }
  });

  it('syncs every commit to disk (synchronous = FULL), so that an answered create survives an OS crash', () =>
    withConfiguredConnection((sqlite) => {
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
      assert.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(sqlite.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(sqlite.pragma('busy_timeout', { simple: true }), 5000);
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 4000);
    }));

  it("sets the page cache's bound in MiB, and the connection keeps the driver's default (16 MB) until then", () =>
    withConfiguredConnection((sqlite) => {
      assert.equal(sqlite.pragma('cache_size', { simple: true }), -16_000);
      sizePageCache(sqlite, 300);
      assert.equal(sqlite.pragma('cache_size', { simple: true }), -300 * 1024);
    }));

  it("keeps statement journals in files (SQLite's default temp_store): a transaction that changes many pages holds none of them in memory", (t) => {
    if (!canSeeOpenFiles) return t.skip('needs /proc (Linux) to see the open files');
    return withConfiguredConnection((sqlite) => {
      assert.equal(sqlite.pragma('temp_store', { simple: true }), 0);
      sqlite.exec('create table t (k text primary key, v text not null)');
      const insert = sqlite.prepare('insert into t (k, v) values (?, ?)');
      sqlite.transaction(() => {
        for (let i = 0; i < 2_000; i++) insert.run(`k${(i * 7919) % 2_000}`, 'x'.repeat(200));
      })();
      const before = new Set(deletedFiles());
      let during: string[] = [];
      // One savepoint that changes far more than 64 KiB of pages: its journal moves to a temporary file.
      sqlite.transaction(() => {
        sqlite.transaction(() => sqlite.prepare('update t set v = ?').run('y'.repeat(200)))();
        during = deletedFiles().filter((f) => !before.has(f));
      })();
      assert.ok(during.length > 0, 'the journal is a (deleted) temporary file while the transaction is open');
    });
  });

  it('runs work with unsynced commits (the migrations) and syncs every commit again afterwards, even after a failure', async () => {
    await withConfiguredConnection(async (sqlite) => {
      assert.equal(await withUnsyncedCommits(sqlite, async () => sqlite.pragma('synchronous', { simple: true })), 1);
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
      await assert.rejects(withUnsyncedCommits(sqlite, async () => Promise.reject(new Error('a migration failed'))), /a migration failed/);
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
    });
  });

  it('checkpoints the migrations into the database file: the WAL is empty after opening', async () => {
    const file = tempDbFile();
    const storage = await openSqliteStorage({ file });
    try {
      // Every table and index of the schema is in the database file, none only in the WAL (which would otherwise hold
      // the whole database until it reached the 16 MiB auto-checkpoint).
      assert.equal(fs.statSync(`${file}-wal`).size, 0);
      const pages = fs.statSync(file).size / 4096;
      const probe = new Database(file, { readonly: true });
      try {
        const objects = (probe.prepare(`select count(*) n from sqlite_master where type in ('table', 'index')`).get() as { n: number }).n;
        assert.ok(pages >= objects, `${pages} pages for ${objects} tables and indexes`);
      } finally {
        probe.close();
      }
    } finally {
      await storage.close();
    }
  });

  it('migrates a database of an older version: its orders and numbers have no name', async () => {
    const file = tempDbFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const older = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await writeRowsBeforeNames(older, sqliteMigrations);
    await older.destroy();
    const storage = await openSqliteStorage({ file });
    try {
      await assertOldRowsUnnamed(storage);
    } finally {
      await storage.close();
    }
  });

  it('fails with a clear error when a migration fails', async () => {
    const file = tempDbFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const squatter = new Database(file);
    squatter.exec('create table orders (unrelated text)');
    squatter.close();
    await assert.rejects(openSqliteStorage({ file }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /migrating SQLite database .* failed at 0001-orders/);
      return true;
    });
  });
});

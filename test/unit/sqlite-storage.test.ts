import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Storage } from '../../src/storage/storage.ts';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { configureConnection, openSqliteStorage, withUnsyncedCommits } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { assertOldRowsUnnamed, writeRowsBeforeNames } from '../storage/names-migration.ts';
import { runStorageContract } from '../storage/storage-contract.ts';

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

  it('syncs every commit to disk (synchronous = FULL), so that an answered create survives an OS crash', () => {
    const file = tempDbFile();
    fs.mkdirSync(path.dirname(file));
    const sqlite = new Database(file);
    try {
      configureConnection(sqlite);
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
      assert.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(sqlite.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(sqlite.pragma('busy_timeout', { simple: true }), 5000);
      assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 4000);
    } finally {
      sqlite.close();
    }
  });

  it('keeps the savepoints of a transaction in memory (temp_store = MEMORY): no temporary file, and a savepoint still undoes', (t) => {
    if (!fs.existsSync('/proc/self/fd')) return t.skip('needs /proc (Linux) to see the open files');
    /** Files this process has open that were deleted: SQLite's temporary files are unlinked as soon as opened. */
    const deletedFiles = (): string[] =>
      fs.readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
          return target.endsWith(' (deleted)') ? [target] : [];
        } catch {
          return [];
        }
      });
    /** A transaction of 200 savepoints each changing scattered pages: the deleted files open before its commit. */
    const batch = (configure: (sqlite: Database.Database) => void): { during: string[]; rows: number } => {
      const file = tempDbFile();
      fs.mkdirSync(path.dirname(file));
      const sqlite = new Database(file);
      try {
        configure(sqlite);
        sqlite.exec('create table t (k text primary key, v text not null)');
        const insert = sqlite.prepare('insert into t (k, v) values (?, ?)');
        sqlite.transaction(() => {
          for (let i = 0; i < 2_000; i++) insert.run(`k${(i * 7919) % 2_000}`, 'x'.repeat(200));
        })();
        const before = new Set(deletedFiles());
        const update = sqlite.prepare('update t set v = ? where k = ?');
        // Each savepoint changes more than 16 pages (64 KiB of statement journal): a create touches as many.
        const savepoint = sqlite.transaction((i: number) => {
          insert.run(`n${(i * 104_729) % 1_000}`, 'y'.repeat(200));
          for (let j = 0; j < 40; j++) update.run(`${i}`.repeat(50), `k${(i * 131 + j * 47) % 2_000}`);
          if (i % 10 === 0) throw new Error('undone');
        });
        let during: string[] = [];
        sqlite.transaction(() => {
          for (let i = 0; i < 200; i++) {
            try {
              savepoint(i);
            } catch {
              // The savepoint of this one was rolled back.
            }
          }
          during = deletedFiles().filter((f) => !before.has(f));
        })();
        return { during, rows: (sqlite.prepare(`select count(*) n from t where k like 'n%'`).get() as { n: number }).n };
      } finally {
        sqlite.close();
      }
    };
    // Without the setting SQLite spills the statement journal to a temporary file (the check can see it) …
    const spilled = batch((sqlite) => {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('temp_store = DEFAULT');
    });
    assert.ok(spilled.during.length > 0, 'a file-backed statement journal is seen while the transaction is open');
    // … and with the server's settings it keeps it in memory; the savepoints rolled back are undone all the same.
    const configured = batch(configureConnection);
    assert.deepEqual(configured.during, []);
    assert.equal(configured.rows, 180);
    assert.equal(spilled.rows, 180);
  });

  it('runs work with unsynced commits (the migrations) and syncs every commit again afterwards, even after a failure', async () => {
    const file = tempDbFile();
    fs.mkdirSync(path.dirname(file));
    const sqlite = new Database(file);
    try {
      configureConnection(sqlite);
      assert.equal(await withUnsyncedCommits(sqlite, async () => sqlite.pragma('synchronous', { simple: true })), 1);
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
      await assert.rejects(withUnsyncedCommits(sqlite, async () => Promise.reject(new Error('a migration failed'))), /a migration failed/);
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
    } finally {
      sqlite.close();
    }
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

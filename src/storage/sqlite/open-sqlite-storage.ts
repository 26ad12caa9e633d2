/** Opens the SQLite file behind `Storage`: pragmas and migrations live here, queries in ../kysely. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { createKyselyStorage } from '../kysely/kysely-storage.ts';
import type { DatabaseSchema } from '../kysely/schema.ts';
import type { Storage } from '../storage.ts';
import { sqliteMigrations } from './migrations/index.ts';
import { guardingRollback } from './rollback-guard.ts';
import { cachingStatements } from './statement-cache.ts';

/**
 * Opens (creating if needed) the SQLite database at `options.file`, migrates it to the latest
 * schema, and returns it as `Storage`. `':memory:'` gives a private in-memory database.
 * @throws Error when the file cannot be opened or a migration fails (the database is closed first).
 */
export async function openSqliteStorage(options: { file: string }): Promise<Storage> {
  const { file } = options;
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    sqlite.close();
    throw new Error(`cannot configure SQLite database ${file}`, { cause: error });
  }

  // A transaction that SQLite has already rolled back on its own (disk full, I/O error, busy) keeps its error.
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: guardingRollback(cachingStatements(sqlite), sqlite) }) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(sqliteMigrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const where = failed === undefined ? '' : ` at ${failed}`;
    throw new Error(`migrating SQLite database ${file} failed${where}: ${describe(error)}`, { cause: error });
  }
  return createKyselyStorage(db);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

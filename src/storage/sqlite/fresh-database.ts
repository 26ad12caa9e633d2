/**
 * A new SQLite database gets the latest schema in one transaction instead of migration by migration.
 *
 * kysely's migrator applies the fifteen migrations one by one, each built by kysely's schema builder and recorded in its
 * own commit: on a fresh file about 50 ms of CPU, a large part of a start (the common start of an emulator is a fresh
 * one: a test run's own data directory). The schema they leave is the same text every time, so it is kept
 * (latest-schema.ts, written by `npm run codegen` from the migrations themselves) and replayed: the statements that
 * sqlite_master holds, in the order SQLite created them, and the migrator's own rows, so that the next start's migrator
 * finds every migration applied and later ones apply as usual. The test suite checks that both ways give the same
 * database (test/unit/sqlite-latest-schema.test.ts); a schema written for another list of migrations is not used.
 */
import type Database from 'better-sqlite3';

/** The schema that the migrations `migrations` leave: sqlite_master's statements in creation order. */
export interface LatestSchema {
  readonly migrations: readonly string[];
  readonly statements: readonly string[];
}

/** kysely's lock row (its Migrator inserts it when missing). */
const LOCK_ROW = `insert into "kysely_migration_lock" ("id", "is_locked") values ('migration_lock', 0)`;

/**
 * Gives an empty database `schema`, when `schema` is the one of exactly `migrations` (the names the migrator knows);
 * inside one `BEGIN IMMEDIATE` transaction, so that of two processes opening the same new file one creates and the other
 * then finds it created. `at`: the time recorded for each migration, as kysely records it.
 * @returns true when it created the schema; false when the database was not empty or `schema` does not match
 *   `migrations` (the migrator then does its work)
 */
export function createLatestSchema(sqlite: Database.Database, migrations: readonly string[], schema: LatestSchema, at: Date): boolean {
  if (!sameNames(schema.migrations, migrations)) return false;
  const create = sqlite.transaction(() => {
    if (sqlite.prepare('select 1 from sqlite_master limit 1').get() !== undefined) return false;
    for (const statement of schema.statements) sqlite.exec(statement);
    sqlite.exec(LOCK_ROW);
    const record = sqlite.prepare('insert into "kysely_migration" ("name", "timestamp") values (?, ?)');
    const timestamp = at.toISOString();
    for (const name of schema.migrations) record.run(name, timestamp);
    return true;
  });
  return create.immediate();
}

/** What a migrated database's schema is, as {@link LatestSchema} keeps it. */
export function readSchema(sqlite: Database.Database): LatestSchema {
  const statements = sqlite
    .prepare(`select sql from sqlite_master where sql is not null and name not like 'sqlite\\_%' escape '\\' order by rowid`)
    .pluck()
    .all() as string[];
  const migrations = sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  return { migrations, statements };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return a.every((name, i) => name === sorted[i]);
}

/**
 * Every transaction on SQLite begins `IMMEDIATE`: it takes the database's write lock at `BEGIN`, not at its first write.
 *
 * kysely begins a transaction with a plain (deferred) `BEGIN`. With one process per database file that was enough: the
 * single connection runs one transaction at a time. With several processes on one file (`dialtone serve --workers N`),
 * a deferred transaction that reads and then writes (every dialtone transaction does: a quota count, a lease check, a
 * lookup, then the write) upgrades from its read snapshot to the write lock at the first write; when another process
 * committed in between, SQLite refuses the upgrade at once with SQLITE_BUSY_SNAPSHOT (or SQLITE_BUSY), whatever the
 * busy timeout, because waiting could not make the snapshot current. `BEGIN IMMEDIATE` takes the lock before any read
 * instead, so a transaction sees the latest data and writes without an upgrade; a transaction that finds the lock held
 * waits for it in SQLite's busy handler, bounded by `busy_timeout` (`database.sqliteBusyTimeoutMs`, 5 s by default),
 * and then fails with SQLITE_BUSY, which is answered 503 with Retry-After like any "database locked"
 * (src/storage/transient-error.ts).
 *
 * It also makes every transaction a per-database critical section across processes: the checks and writes of two
 * transactions never interleave (what `lockAccount`, the quota checks and the job fence rely on). Statements outside a
 * transaction (autocommit) are unchanged: SQLite retries their lock through the busy handler itself.
 *
 * Work that bypasses kysely and begins transactions on the better-sqlite3 connection itself must do the same: use
 * `db.transaction(fn).immediate(...)`, or `BEGIN IMMEDIATE`, for any transaction that writes.
 *
 * An explicit `BEGIN DEFERRED` is kept as it is: a read transaction that never writes (the storage's `snapshot`, which
 * `dialtone export` holds while it writes its file) takes no write lock, and the servers on the file write meanwhile.
 */
import type { SqliteDatabase } from 'kysely';

/** A plain `BEGIN` (deferred by default), as kysely begins its transactions; not an explicit `BEGIN DEFERRED`. */
const DEFERRED_BEGIN = /^\s*begin(\s+transaction)?\s*;?\s*$/i;

/**
 * @param database what kysely's SQLite dialect prepares statements on (e.g. `cachingStatements(sqlite)`)
 * @example new SqliteDialect({ database: guardingRollback(immediateTransactions(cachingStatements(sqlite)), sqlite) })
 */
export function immediateTransactions(database: SqliteDatabase): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql: string) => database.prepare(DEFERRED_BEGIN.test(sql) ? 'begin immediate' : sql),
  };
}

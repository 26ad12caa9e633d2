/**
 * SQLite rolls a whole transaction back by itself on some errors: SQLITE_FULL (the disk is full), SQLITE_IOERR,
 * SQLITE_BUSY and SQLITE_NOMEM may each undo the transaction rather than just the failed statement
 * (https://www.sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"). kysely answers any error
 * inside a transaction with `rollback`, which then fails with "cannot rollback - no transaction is active" and is
 * thrown in place of the error that said what happened: a full disk reached the client as an unexplained 500 instead
 * of a transient 503 (test/e2e/disk-full.test.ts), and the log named the wrong failure. Behind this guard, a
 * `rollback` when no transaction is open does nothing, and the original error goes on.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const ROLLBACK = /^\s*rollback\s*;?\s*$/i;

/** A `rollback` with nothing to undo: a statement that changes nothing. */
const NOTHING_TO_ROLL_BACK: SqliteStatement = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

/**
 * @param database what kysely's SQLite dialect prepares statements on (e.g. `cachingStatements(sqlite)`)
 * @param connection the better-sqlite3 connection underneath, which knows whether a transaction is open
 * @example new SqliteDialect({ database: guardingRollback(cachingStatements(sqlite), sqlite) })
 */
export function guardingRollback(database: SqliteDatabase, connection: { readonly inTransaction: boolean }): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql: string) => (!connection.inTransaction && ROLLBACK.test(sql) ? NOTHING_TO_ROLL_BACK : database.prepare(sql)),
  };
}

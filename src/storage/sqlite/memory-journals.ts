/**
 * Statement journals in memory for a stretch of work on the connection: `temp_store = MEMORY` while it runs, SQLite's
 * default (files) again after it. The group commit's batches (group-commit-intake.ts) and fulfilment's transactions
 * (`Storage.batchWork`) run so; every other transaction keeps the default (see configureConnection).
 *
 * Inside a transaction, SQLite keeps the original of each page that a statement (or a savepoint) changes in a journal,
 * so that it can be undone alone. Past 64 KiB it moves that journal to a temporary file, opened, written and deleted
 * for the statement: a batch's statements pass it, and their temporary files cost more than the rows' own work. In
 * memory a journal holds one statement's (or one savepoint's) pages, bounded by the batch. Not for every transaction: a
 * statement that changes a whole table (an account's reset) would hold each page it changed.
 *
 * The pragma is compiled at each use (about 1 µs), not prepared once: SQLite applies some pragmas when it compiles them,
 * not when they run (https://www.sqlite.org/pragma.html), so a prepared one runs its setting again only if SQLite
 * happens to prepare it again. A change of temp_store needs no transaction open (and drops the connection's temporary
 * tables; the server makes none).
 */
import type { Database } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../kysely/schema.ts';

function enter(sqlite: Database): void {
  sqlite.exec('pragma temp_store = memory');
}

function leave(sqlite: Database): void {
  // A transaction still open here (none should be: each one ends committed or rolled back) keeps MEMORY rather than
  // fail the change.
  if (!sqlite.inTransaction) sqlite.exec('pragma temp_store = default');
}

/** Runs synchronous `work` (which holds the connection throughout) with the journals in memory. */
export function withMemoryJournals<T>(sqlite: Database, work: () => T): T {
  enter(sqlite);
  try {
    return work();
  } finally {
    leave(sqlite);
  }
}

/**
 * The session of `Storage.batchWork`: `work` runs on kysely's connection, held, with the journals in memory.
 * `bench/fulfilment-steps.ts`, alternated: 87.8 → 80.2 µs of CPU per one-number order in batches of 200, 254 → 202 µs
 * in batches of 20 (a 20-row insert into `phone_numbers`: 484 µs with the journal in a file, 175 µs in memory).
 *
 * While the connection is held nothing else runs on it (kysely's SQLite driver has one connection behind a mutex), so
 * no transaction is open when the pragma runs.
 */
export function inMemoryJournals(db: Kysely<DatabaseSchema>, sqlite: Database) {
  return <T>(work: (connection: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> =>
    db.connection().execute(async (connection) => {
      enter(sqlite);
      try {
        return await work(connection);
      } finally {
        leave(sqlite);
      }
    });
}

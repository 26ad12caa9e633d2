/** Opens the SQLite file behind `Storage`: pragmas and migrations live here, queries in ../kysely. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import { createKyselyStorage } from '../kysely/kysely-storage.ts';
import { readDirectly } from '../kysely/query-template.ts';
import { byCodeUnit } from '../../shared/code-unit-order.ts';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from '../../shared/sqlite-busy-timeout.ts';
import type { DatabaseSchema } from '../kysely/schema.ts';
import type { Storage } from '../storage.ts';
import { CommitBell } from '../kysely/event-repository.ts';
import { sqliteEventAppend } from './event-statements.ts';
import { createLatestSchema, type LatestSchema } from './fresh-database.ts';
import { GroupCommitIntake } from './group-commit-intake.ts';
import { inMemoryJournals } from './memory-journals.ts';
import { sqliteMigrations } from './migrations/index.ts';
import { guardingRollback } from './rollback-guard.ts';
import { immediateTransactions } from './immediate-transactions.ts';
import { LATEST_SCHEMA } from './latest-schema.ts';
import { cachingStatements } from './statement-cache.ts';
import { TurnReads } from './turn-reads.ts';

/**
 * Opens (creating if needed) the SQLite database at `options.file`, migrates it to the latest
 * schema, and returns it as `Storage`. `':memory:'` gives a private in-memory database. `shared`: other processes serve
 * from the same file (`--workers`), so the cluster lock is a lease row (kysely/lease-lock.ts); alone, it always runs.
 * An empty database gets `latestSchema` in one step (fresh-database.ts; `false`: migration by migration, as the test
 * that compares both ways needs).
 * @throws Error when the file cannot be opened or a migration fails (the database is closed first).
 */
export async function openSqliteStorage(options: {
  file: string;
  shared?: boolean;
  latestSchema?: LatestSchema | false;
  /** Most memory of the connection's page cache, MiB (see sizePageCache); absent: better-sqlite3's default, 16 MB. */
  cacheMiB?: number;
  /** Longest wait for the write lock that another connection holds, ms (see configureConnection); absent: 5 s. */
  busyTimeoutMs?: number;
  /** How much of the file is read through a memory map, MiB (see mapReads); absent or 0: none. */
  mmapMiB?: number;
}): Promise<Storage> {
  const { file } = options;
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const sqlite = new Database(file);
  try {
    configureConnection(sqlite, options.busyTimeoutMs);
  } catch (error) {
    sqlite.close();
    throw new Error(`cannot configure SQLite database ${file}`, { cause: error });
  }

  // Transactions take the write lock at BEGIN, so that several processes may share the file (--workers); a transaction
  // that SQLite has already rolled back on its own (disk full, I/O error, busy) keeps its error.
  const statements = cachingStatements(sqlite);
  const database = guardingRollback(immediateTransactions(statements), sqlite);
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(sqliteMigrations) },
    // Not kysely's default, localeCompare (see code-unit-order.ts); for numbered ASCII names both orders agree.
    nameComparator: byCodeUnit,
  });
  // A fresh file's migrations are a dozen commits: synced one by one they added about 80 ms to a start. They are
  // synced together by the checkpoint below, before anything is served (a crash before it only means migrating again).
  const latest = options.latestSchema ?? LATEST_SCHEMA;
  const { error, results } = await withUnsyncedCommits(sqlite, async (): Promise<MigrationResultSet> => {
    try {
      if (latest !== false && createLatestSchema(sqlite, Object.keys(sqliteMigrations), latest, new Date())) return {};
    } catch (cause) {
      return { error: cause };
    }
    return migrator.migrateToLatest();
  });
  if (error !== undefined) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const where = failed === undefined ? '' : ` at ${failed}`;
    throw new Error(`migrating SQLite database ${file} failed${where}: ${describe(error)}`, { cause: error });
  }
  optimize(sqlite);
  checkpoint(sqlite);
  // Sized only now: the migrations, and the statistics of a large database gathered above for the first time, read
  // pages of every table and index (a million orders: 400 MiB that a cache holding the database would keep).
  if (options.cacheMiB !== undefined) sizePageCache(sqlite, options.cacheMiB);
  if (options.mmapMiB !== undefined && options.mmapMiB > 0) mapReads(sqlite, options.mmapMiB);
  // The hot reads skip kysely's executor while no transaction is open on the connection: better-sqlite3 runs a
  // statement synchronously, so nothing of kysely's can be half way through a statement meanwhile, and a read outside
  // a transaction sees only committed rows. Those of one turn run together in one read transaction (turn-reads.ts).
  // Inside a transaction (kysely's, fulfilment's) they wait for it through kysely, as every query did before.
  const turnReads = new TurnReads(sqlite);
  readDirectly(db, (sql, parameters) => {
    if (sqlite.inTransaction) return undefined;
    return turnReads.read(() => {
      // A template's SQL is a select: neither a BEGIN nor a ROLLBACK, which the two outer wrappers are for.
      const statement = statements.prepare(sql);
      return statement.reader ? (statement.all(parameters) as unknown[]) : undefined;
    });
  });
  const bell = new CommitBell();
  const storage = createKyselyStorage(db, {
    leaseLocks: options.shared === true,
    bell,
    directAppend: sqliteEventAppend(sqlite),
    batchSession: inMemoryJournals(db, sqlite),
    refreshStatistics: async () => optimize(sqlite),
  });
  return {
    ...storage,
    orderIntake: new GroupCommitIntake(db, sqlite, bell),
    // kysely closes the connection only once it has opened it (its first query): a fresh file's schema and a start's
    // statistics go straight to the connection, and a storage closed before any query would keep the file open.
    async close(): Promise<void> {
      await storage.close();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Every commit synced to disk before it returns (see configureConnection). */
const SYNCED = 'synchronous = FULL';

/**
 * The settings of the server's connection: WAL; every commit synced to disk before it returns (`synchronous = FULL`:
 * with `NORMAL` in WAL mode the WAL is synced only at checkpoints, and an OS crash or a power loss could take back
 * orders already answered 201; with the creates of a group commit sharing one commit, and fulfilment committing by
 * batches, FULL measured no cost in creates/s, CPU per create or fulfilment throughput on this project's machine);
 * foreign keys; a wait of `busyTimeoutMs` (default 5 s) for another process's write lock (--workers, an import); a
 * checkpoint every 4,000 pages of WAL.
 * Temporary data (statement journals, sorts) stays in SQLite's default, files: a statement that changes a whole table
 * (an account's reset) would otherwise hold the original of every page it changed in memory (300,000 numbers deleted
 * in one statement: +98 MiB resident in memory, +5 MiB with files). The group commit keeps its own savepoints' journal
 * in memory (group-commit-intake.ts), and fulfilment's transactions theirs (memory-journals.ts).
 */
export function configureConnection(sqlite: Database.Database, busyTimeoutMs = DEFAULT_SQLITE_BUSY_TIMEOUT_MS): void {
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new RangeError(`busy timeout must be a non-negative integer of ms, got ${busyTimeoutMs}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(SYNCED);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  // A WAL that a checkpoint has emptied is cut back to this size instead of keeping its largest size on disk.
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
}

/**
 * Bounds the page cache at `cacheMiB`. SQLite fills it only with the pages it reads or writes (better-sqlite3 builds
 * SQLite with a default of 16 MB). A read whose pages are out of the cache reads each from the file: a
 * GetPhoneNumberOrder of a random order among 1,000,000 reads three. A cache that holds them spares those reads; the
 * query still costs more than among 1,000 (its pages lie spread over more memory: docs/performance.md, seventeenth round).
 */
export function sizePageCache(sqlite: Database.Database, cacheMiB: number): void {
  // A negative cache_size is in KiB.
  sqlite.pragma(`cache_size = ${-Math.floor(cacheMiB * 1024)}`);
}

/**
 * Reads up to the first `mmapMiB` of the file through a memory map (`mmap_size`). SQLite then reads a page that no
 * write transaction holds from the map instead of copying it into the page cache with a system call, so reads of a
 * database larger than the cache cost about what a cache holding it would, while the cache, and what each commit pays
 * for it (see the `cacheMiB` option), stays bounded. SQLite still writes with system calls, and a page of the WAL is
 * still read from the WAL. An I/O error while reading through the map is a SIGBUS, which ends the process
 * (https://www.sqlite.org/mmap.html): the configuration documents that price (`database.sqliteMmapMiB`).
 */
export function mapReads(sqlite: Database.Database, mmapMiB: number): void {
  sqlite.pragma(`mmap_size = ${Math.floor(mmapMiB * 1024 * 1024)}`);
}

/** Runs `work` with commits written to the WAL but not synced (`synchronous = NORMAL`), then syncs commits again. */
export async function withUnsyncedCommits<T>(sqlite: Database.Database, work: () => Promise<T>): Promise<T> {
  sqlite.pragma('synchronous = NORMAL');
  try {
    return await work();
  } finally {
    sqlite.pragma(SYNCED);
  }
}

/**
 * Pages of WAL after which a commit checkpoints (SQLite's default is 1,000). The commit that checkpoints holds the
 * event loop while it copies the WAL's pages into the database file and syncs both; between checkpoints a page changed
 * by many commits (the usage counters, the tails of the time-ordered indexes) is copied once. Under a create load
 * (`bench/create-cost.ts`, alternated): 1,000 → 4,000 pages took a create from 234–252 to 209–214 µs of server CPU and
 * the commits' 90th percentile from 4–11 ms to 2–3 ms; 10,000 was slower than 4,000 (a WAL index segment holds 4,096
 * frames). 16 MiB of WAL, the size a checkpointed WAL is cut back to.
 */
const AUTO_CHECKPOINT_PAGES = 4_000;

/** Bytes a checkpointed WAL keeps on disk (SQLite's `journal_size_limit`). */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Moves what the WAL holds (the migrations' pages, the last run's writes) into the database file and empties the WAL.
 * SQLite checkpoints on its own only once the WAL reaches AUTO_CHECKPOINT_PAGES (16 MiB): on a small or nearly full
 * disk the whole database would otherwise live in the WAL, and a full disk could not be recovered from by freeing less
 * space than the WAL needs to grow. Best effort: a checkpoint that cannot run now (disk full, a reader) leaves the WAL as it
 * is, and SQLite's own checkpoints carry on.
 */
function checkpoint(sqlite: Database.Database): void {
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Left to SQLite's automatic checkpoints.
  }
}

/**
 * Gathers the planner's statistics where they are missing or stale (`PRAGMA optimize` as SQLite advises when a
 * connection opens, each table's analysis bounded by `analysis_limit`), so that a database filled since its last
 * start is not planned as if empty; again after a bulk load (`Storage.refreshStatistics`). Best effort, like the
 * checkpoint.
 */
function optimize(sqlite: Database.Database): void {
  try {
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize = 0x10002');
  } catch {
    // Plans without statistics.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

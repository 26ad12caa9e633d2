/**
 * Picks the database behind `Storage`: PostgreSQL when a `postgres://` (or `postgresql://`) URL is given — several
 * nodes can then share it — else the embedded SQLite file `dialtone.sqlite` in the data directory (the default).
 */
import { join } from 'node:path';
import { describePostgresUrl, isPostgresUrl } from '../shared/database-url.ts';
import type { Storage } from './storage.ts';
import { openSqliteStorage } from './sqlite/open-sqlite-storage.ts';

export interface OpenStorageOptions {
  /** `postgres://user:password@host:5432/db`; absent or empty: SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Where the SQLite file lives (unused with PostgreSQL). */
  dataDir: string;
  /** Processes serving from this database at once (`--workers`); SQLite then takes its cluster lock as a lease row. */
  processes?: number;
  /** SQLite: most memory of this process's page cache, MiB; absent: better-sqlite3's default (16 MB). */
  sqliteCacheMiB?: number;
  /** SQLite: longest wait for the write lock that another process holds, ms; absent: 5 s (see configureConnection). */
  sqliteBusyTimeoutMs?: number;
  /** SQLite: how much of the file is read through a memory map, MiB; absent or 0: none (see mapReads). */
  sqliteMmapMiB?: number;
  /** PostgreSQL: most connections of this process (at least 2). */
  poolSize: number;
  /** PostgreSQL: each statement is cancelled after this long; 0 means no limit. */
  statementTimeoutMs: number;
  /** PostgreSQL: how long dialtone waits for a statement's answer before it closes the connection; 0 forever. */
  queryTimeoutMs?: number;
  /** PostgreSQL: longest wait for a connection, pooled or new. */
  connectTimeoutMs?: number;
  /** PostgreSQL: statements prepared once per connection (default true). */
  preparedStatements?: boolean;
}

/**
 * Opens and migrates the configured database.
 * @throws Error for a URL that is neither empty nor `postgres://…`, or when the database cannot be opened or migrated.
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const url = options.databaseUrl?.trim() ?? '';
  if (url === '') {
    const cache = options.sqliteCacheMiB === undefined ? {} : { cacheMiB: options.sqliteCacheMiB };
    const busy = options.sqliteBusyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.sqliteBusyTimeoutMs };
    const mmap = options.sqliteMmapMiB === undefined ? {} : { mmapMiB: options.sqliteMmapMiB };
    return openSqliteStorage({ file: sqliteFile(options.dataDir), shared: (options.processes ?? 1) > 1, ...cache, ...busy, ...mmap });
  }
  if (!isPostgresUrl(url)) {
    throw new Error(`unsupported database URL ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//…@'))}: use postgres://user:password@host:5432/database, or none for SQLite`);
  }
  const { poolSize, statementTimeoutMs, queryTimeoutMs, connectTimeoutMs, preparedStatements } = options;
  // Loaded only for PostgreSQL: its adapter and the `pg` driver cost a SQLite start tens of milliseconds of CPU.
  const { openPostgresStorage } = await import('./postgres/open-postgres-storage.ts');
  return openPostgresStorage({
    url,
    poolSize,
    statementTimeoutMs,
    ...(queryTimeoutMs !== undefined && { queryTimeoutMs }),
    ...(connectTimeoutMs !== undefined && { connectTimeoutMs }),
    ...(preparedStatements !== undefined && { preparedStatements }),
  });
}

/** Where the data lives, for the start-up banner and logs: the data directory, or the PostgreSQL URL without its password. */
export function describeStorage(options: Pick<OpenStorageOptions, 'databaseUrl' | 'dataDir'>): string {
  const url = options.databaseUrl?.trim() ?? '';
  return url === '' ? options.dataDir : describePostgresUrl(url);
}

/** The SQLite database file of a data directory. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'dialtone.sqlite');
}

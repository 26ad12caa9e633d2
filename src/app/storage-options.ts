/** The configuration's database settings as `openStorage` takes them: one mapping for the server, the CLI and the seed. */
import os from 'node:os';
import type { Config } from '../config/config.ts';
import type { OpenStorageOptions } from '../storage/open-storage.ts';

export function storageOptions(
  config: Pick<Config, 'database' | 'dataDir'> & { http?: Pick<Config['http'], 'workers'> },
  memoryBytes: number = availableMemory(),
): OpenStorageOptions {
  const processes = config.http?.workers ?? 1;
  return {
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    processes,
    sqliteCacheMiB: config.database.sqliteCacheMiB ?? defaultSqliteCacheMiB(memoryBytes, processes),
    sqliteBusyTimeoutMs: config.database.sqliteBusyTimeoutMs,
    sqliteMmapMiB: config.database.sqliteMmapMiB,
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    queryTimeoutMs: config.database.queryTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
    preparedStatements: config.database.preparedStatements,
  };
}

const MIB = 1024 * 1024;

/** The default cache's bound, MiB: 16,384 pages of 4 KiB. */
export const MAX_DEFAULT_CACHE_MIB = 64;

/**
 * The page cache of each SQLite process when the configuration sets none: a quarter of the memory, shared among the
 * processes, at least better-sqlite3's own default (16 MB) and at most {@link MAX_DEFAULT_CACHE_MIB}. SQLite allocates
 * a page only when it reads or writes it, so an idle server or a small database uses little of it.
 *
 * Why a bound: the end of most write transactions scans the whole hash table of SQLite's page cache, whose size
 * follows the pages the cache holds. A b-tree balance that reorders its new pages (`balance_nonroot` in SQLite 3.53)
 * moves a page through a temporary number, the lock page's (262,145 with 4 KiB pages), which raises the cache's largest
 * key past the database's end; the commit then truncates the cache to the database's size, and a truncation that far
 * from the largest key walks every bucket (`pcache1TruncateUnsafe`). Index page splits do this often enough that most
 * commits pay some 5 ns per page cached (more once the cache is full): 0.3 ms for a database of 200 MiB held whole,
 * 1.3 ms for 1 GiB. A cache of 64 MiB bounds the walk at about 16,000 pages; a smaller one made fulfilment on a grown
 * table cost more. docs/performance.md, "A twenty-third round", has the figures.
 * @example defaultSqliteCacheMiB(8 * 1024 ** 3, 2) → 64
 */
export function defaultSqliteCacheMiB(memoryBytes: number, processes: number): number {
  return Math.max(16, Math.min(MAX_DEFAULT_CACHE_MIB, Math.floor(memoryBytes / 4 / Math.max(1, processes) / MIB)));
}

/** The memory this process may use: the machine's, or its cgroup's limit when that is lower. */
function availableMemory(): number {
  const total = os.totalmem();
  const constrained = process.constrainedMemory();
  return constrained > 0 && constrained < total ? constrained : total;
}

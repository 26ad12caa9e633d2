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
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    queryTimeoutMs: config.database.queryTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
    preparedStatements: config.database.preparedStatements,
  };
}

const MIB = 1024 * 1024;

/**
 * The page cache of each SQLite process when the configuration sets none: a quarter of the memory, shared among the
 * processes, at least better-sqlite3's own default (16 MB). SQLite allocates a page only when it reads or writes it, so an
 * idle server or a small database uses little of it.
 * @example defaultSqliteCacheMiB(8 * 1024 ** 3, 2) → 1024
 */
export function defaultSqliteCacheMiB(memoryBytes: number, processes: number): number {
  return Math.max(16, Math.floor(memoryBytes / 4 / Math.max(1, processes) / MIB));
}

/** The memory this process may use: the machine's, or its cgroup's limit when that is lower. */
function availableMemory(): number {
  const total = os.totalmem();
  const constrained = process.constrainedMemory();
  return constrained > 0 && constrained < total ? constrained : total;
}

/** The configuration's database settings as `openStorage` takes them: one mapping for the server, the CLI and the seed. */
import type { Config } from '../config/config.ts';
import type { OpenStorageOptions } from '../storage/open-storage.ts';

export function storageOptions(config: Pick<Config, 'database' | 'dataDir'> & { http?: Pick<Config['http'], 'workers'> }): OpenStorageOptions {
  return {
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    processes: config.http?.workers ?? 1,
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    queryTimeoutMs: config.database.queryTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
  };
}

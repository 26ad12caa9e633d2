/**
 * `dialtone backup FILE`: an online copy of DATA_DIR's SQLite database, safe while the server serves. With PostgreSQL
 * the database is the operator's to back up (`pg_dump`, see docs/operations.md).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { describeStorage, sqliteFile } from '../storage/open-storage.ts';
import { backupSqlite } from '../storage/sqlite/backup-sqlite.ts';

export class BackupError extends Error {}

export async function backupCommand(config: Pick<Config, 'database' | 'dataDir'>, destination: string | undefined): Promise<string> {
  if (destination === undefined || destination === '') throw new BackupError('backup: give the file to write, e.g. dialtone backup dialtone-backup.sqlite');
  if (config.database.url) {
    throw new BackupError(
      `backup: the state is in PostgreSQL (${describeStorage({ databaseUrl: config.database.url, dataDir: config.dataDir })}); ` +
        'dialtone backup copies the SQLite database only: use pg_dump (see docs/operations.md)',
    );
  }
  const source = sqliteFile(config.dataDir);
  if (!existsSync(source)) throw new BackupError(`backup: there is no database at ${source} (is DATA_DIR right?)`);
  const target = resolve(destination);
  if (existsSync(target)) throw new BackupError(`backup: ${target} exists; it is not overwritten`);
  if (!existsSync(dirname(target))) throw new BackupError(`backup: the directory ${dirname(target)} does not exist`);
  const started = Date.now();
  let pages: number;
  try {
    ({ pages } = await backupSqlite(source, target, config.database.sqliteBusyTimeoutMs));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    throw new BackupError(
      `backup: ${source} stayed locked by another connection for the busy timeout (${config.database.sqliteBusyTimeoutMs} ms, database.sqliteBusyTimeoutMs); try again, or raise it`,
    );
  }
  return `dialtone: backed up ${source} to ${target} (${pages} pages) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`;
}

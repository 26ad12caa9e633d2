/**
 * A consistent copy of a live SQLite database with SQLite's online backup API, from a read-only connection of this
 * process: in WAL mode the server keeps reading and writing meanwhile. All pages are copied in one step, inside one
 * read transaction, so the copy is the database as of one commit (a copy in small steps would restart whenever the
 * server commits in between, and might never finish under load).
 */
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from '../../shared/sqlite-busy-timeout.ts';

export interface BackupResult {
  pages: number;
}

/**
 * Copies `file` to `destination` (written under a temporary name, then renamed: never a half-written backup). A reader
 * of a WAL database waits only for a connection that holds the database exclusively (`locking_mode = EXCLUSIVE`), or
 * recovers its WAL: for at most `busyTimeoutMs` (`database.sqliteBusyTimeoutMs`), then `SQLITE_BUSY`.
 */
export async function backupSqlite(file: string, destination: string, busyTimeoutMs = DEFAULT_SQLITE_BUSY_TIMEOUT_MS): Promise<BackupResult> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const partial = `${destination}.partial-${process.pid}`;
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // The read transaction is begun by a read, which waits for a lock as the busy timeout says and fails with
    // SQLITE_BUSY past it: the backup's own steps would report a source they could not read as an empty copy, done.
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    db.exec('COMMIT');
    renameSync(partial, destination);
    return { pages: progress.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of a live SQLite database with SQLite's online backup API, from a read-only connection of this
 * process: in WAL mode the server keeps reading and writing meanwhile. All pages are copied in one step, inside one
 * read transaction, so the copy is the database as of one commit (a copy in small steps would restart whenever the
 * server commits in between, and might never finish under load).
 */
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface BackupResult {
  pages: number;
}

/** Copies `file` to `destination` (written under a temporary name, then renamed: never a half-written backup). */
export async function backupSqlite(file: string, destination: string): Promise<BackupResult> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const partial = `${destination}.partial-${process.pid}`;
  try {
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    renameSync(partial, destination);
    return { pages: progress.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

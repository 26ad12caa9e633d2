/**
 * `dialtone backup` waits for a database held exclusively by another process (`locking_mode = EXCLUSIVE`, the one
 * case in which a reader of a WAL database waits) as long as `database.sqliteBusyTimeoutMs` says: `0` refuses at once
 * with a BackupError that names the setting, 10 s waits for the holder's release and copies the database.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BackupError, backupCommand } from '../../../src/app/backup-command.ts';
import { storageOptions } from '../../../src/app/storage-options.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-backup-busy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configWith(dataDir: string, sqliteBusyTimeoutMs: number): ReturnType<typeof loadConfig> {
  const file = join(dir, `config-${sqliteBusyTimeoutMs}.json`);
  writeFileSync(file, JSON.stringify({ database: { sqliteBusyTimeoutMs } }));
  return loadConfig({ DIALTONE_CONFIG: file, DATA_DIR: dataDir });
}

/** Another process that holds the database exclusively for `ms`, once it holds it: its exit, and a way to end it. */
async function holdExclusively(file: string, ms: number): Promise<{ exited: Promise<unknown>; end: () => void }> {
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.pragma('locking_mode = EXCLUSIVE');
       db.exec('BEGIN IMMEDIATE'); db.exec('CREATE TABLE IF NOT EXISTS held (x)'); db.exec('COMMIT');
       console.log('held'); setTimeout(() => { db.close(); }, ${ms});`,
    ],
    { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`holder exited (${code}) before holding`)));
  });
  return { exited, end: () => holder.kill() };
}

test('the backup waits for an exclusive holder as long as the busy timeout says: 0 refuses at once, 10 s waits', async () => {
  const dataDir = join(dir, 'data');
  const storage = await openStorage(storageOptions(configWith(dataDir, 5_000)));
  await storage.close();
  const database = join(dataDir, 'dialtone.sqlite');

  const first = await holdExclusively(database, 60_000);
  try {
    const refusedAt = Date.now();
    await assert.rejects(backupCommand(configWith(dataDir, 0), join(dir, 'refused.sqlite')), (error: unknown) => {
      assert.ok(error instanceof BackupError, String(error));
      assert.match(error.message, /stayed locked by another connection for the busy timeout \(0 ms, database\.sqliteBusyTimeoutMs\)/);
      return true;
    });
    assert.ok(Date.now() - refusedAt < 5_000, 'refused without waiting');
    assert.equal(existsSync(join(dir, 'refused.sqlite')), false, 'no file left');
  } finally {
    first.end();
    await first.exited;
  }
  // A holder that lets go after 700 ms: this process's wait (SQLite's, synchronous) cannot release it.
  const second = await holdExclusively(database, 700);
  try {
    assert.match(await backupCommand(configWith(dataDir, 10_000), join(dir, 'waited.sqlite')), /^dialtone: backed up /);
    assert.equal(existsSync(join(dir, 'waited.sqlite')), true);
  } finally {
    await second.exited;
  }
});

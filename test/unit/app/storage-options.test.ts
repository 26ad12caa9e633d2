/** The database options the server, the CLI and the seed open storage with: the SQLite page cache, set or by default. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { defaultSqliteCacheMiB, MAX_DEFAULT_CACHE_MIB, storageOptions } from '../../../src/app/storage-options.ts';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { MAX_SQLITE_MMAP_MIB } from '../../../src/config/schema/database.ts';
import { openStorage } from '../../../src/storage/open-storage.ts';

const GIB = 1024 ** 3;
const dir = mkdtempSync(join(tmpdir(), 'dialtone-storage-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configWith(database: object): ReturnType<typeof loadConfig> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ database }));
  return loadConfig({ DIALTONE_CONFIG: file });
}

describe('storage options', () => {
  test("the default page cache is a quarter of the memory, shared among the processes, at least 16 MiB (the driver's own default) and at most 64 MiB", () => {
    assert.equal(defaultSqliteCacheMiB(8 * GIB, 1), 64, 'a quarter would be 2,048 MiB');
    assert.equal(defaultSqliteCacheMiB(8 * GIB, 2), 64);
    assert.equal(defaultSqliteCacheMiB(512 * 1024 * 1024, 2), 64, 'exactly the bound');
    assert.equal(defaultSqliteCacheMiB(160 * 1024 * 1024, 1), 40, 'a quarter below the bound');
    assert.equal(defaultSqliteCacheMiB(3 * GIB, 16), 48);
    assert.equal(defaultSqliteCacheMiB(32 * 1024 * 1024, 1), 16);
    assert.equal(defaultSqliteCacheMiB(8 * GIB, 0), 64, 'no processes counts as one');
    assert.equal(defaultSqliteCacheMiB(256 * 1024 * 1024, 0), 64, 'no processes counts as one, not as a division by zero');
    assert.equal(MAX_DEFAULT_CACHE_MIB, 64);
  });

  test('the configured cache is taken as it is; without one, the default for the memory and the workers', () => {
    assert.equal(storageOptions(configWith({ sqliteCacheMiB: 64 }), 16 * GIB).sqliteCacheMiB, 64);
    const config = configWith({});
    assert.equal(config.database.sqliteCacheMiB, undefined);
    assert.equal(storageOptions(config, 16 * GIB).sqliteCacheMiB, 64);
    assert.equal(storageOptions(config, 128 * 1024 * 1024).sqliteCacheMiB, 32);
    assert.equal(storageOptions({ ...config, http: { workers: 4 } }, 512 * 1024 * 1024).sqliteCacheMiB, 32);
    assert.equal(storageOptions(configWith({ sqliteCacheMiB: 4096 }), 16 * GIB).sqliteCacheMiB, 4096, 'a configured cache is not bounded');
    const here = storageOptions(config).sqliteCacheMiB!;
    assert.ok(here >= 16 && here <= 64, 'this machine gives a cache within the bounds');
  });

  test('the busy timeout: 5 s by default, or as configured, within 0 to 60 s', () => {
    assert.equal(storageOptions(configWith({}), GIB).sqliteBusyTimeoutMs, 5_000);
    assert.equal(storageOptions(configWith({ sqliteBusyTimeoutMs: 0 }), GIB).sqliteBusyTimeoutMs, 0);
    for (const value of [-1, 1.5, 60_001, '100']) {
      assert.throws(
        () => configWith({ sqliteBusyTimeoutMs: value }),
        (error: unknown) => error instanceof ConfigError && /database\.sqliteBusyTimeoutMs/.test(error.message),
      );
    }
  });

  test("a write waits for another process's lock as long as the busy timeout says: 0 refuses at once, 10 s waits", async () => {
    const dataDir = join(dir, 'busy');
    const open = (sqliteBusyTimeoutMs: number) => openStorage(storageOptions({ ...configWith({ sqliteBusyTimeoutMs }), dataDir, http: { workers: 2 } }, GIB));
    const impatient = await open(0);
    const patient = await open(10_000);
    // Another process holds the write lock for 700 ms: this process's waits (SQLite's, synchronous) cannot release it.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(join(dataDir, 'dialtone.sqlite'))}); db.exec('BEGIN EXCLUSIVE');
        console.log('locked'); setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 700);`],
      { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
      });
      await assert.rejects(
        impatient.transaction(() => Promise.resolve()),
        (error: unknown) => /SQLITE_BUSY/.test(String((error as { code?: unknown }).code)),
      );
      await patient.transaction(() => Promise.resolve());
    } finally {
      await exited;
      await impatient.close();
      await patient.close();
    }
  });

  test('memory-mapped reads: none by default, or as many MiB as configured, up to what SQLite maps', () => {
    assert.equal(storageOptions(configWith({}), GIB).sqliteMmapMiB, 0);
    assert.equal(storageOptions(configWith({ sqliteMmapMiB: 1024 }), GIB).sqliteMmapMiB, 1024);
    assert.equal(storageOptions(configWith({ sqliteMmapMiB: MAX_SQLITE_MMAP_MIB }), GIB).sqliteMmapMiB, 2047);
    for (const value of [-1, 1.5, 2048, '64', true]) {
      assert.throws(
        () => configWith({ sqliteMmapMiB: value }),
        (error: unknown) => error instanceof ConfigError && /database\.sqliteMmapMiB/.test(error.message),
        `sqliteMmapMiB ${JSON.stringify(value)}`,
      );
    }
  });

  test('with memory-mapped reads the server reads its database file through a map; without, it does not map it', async () => {
    /** Whether this process maps `file` (Linux: /proc/self/maps). */
    const mapped = (file: string): boolean => readFileSync('/proc/self/maps', 'utf8').split('\n').some((line) => line.endsWith(` ${file}`));
    for (const sqliteMmapMiB of [64, 0]) {
      const dataDir = join(dir, `mmap-${sqliteMmapMiB}`);
      const file = join(dataDir, 'dialtone.sqlite');
      const open = () => openStorage(storageOptions({ ...configWith({ sqliteMmapMiB }), dataDir }, GIB));
      const settings = { voiceConnectorCdrBucket: `cdr-${sqliteMmapMiB}`, updatedAt: new Date(Date.UTC(2026, 11, 7)) };
      // Written, then read by the next storage to open the file: the row's page is then in the file, not in the WAL
      // (the last connection's close checkpoints it) nor in the cache, and is read from the file or through the map.
      const writer = await open();
      try {
        await writer.globalSettings.put('111111111111', settings);
      } finally {
        await writer.close();
      }
      const reader = await open();
      try {
        assert.deepEqual(await reader.globalSettings.get('111111111111'), settings);
        assert.equal(await reader.globalSettings.get('222222222222'), undefined);
        assert.equal(mapped(file), sqliteMmapMiB > 0, sqliteMmapMiB > 0 ? 'the file is mapped' : 'the file is not mapped');
        const changed = { ...settings, voiceConnectorCdrBucket: 'changed' };
        await reader.globalSettings.put('111111111111', changed);
        assert.deepEqual(await reader.globalSettings.get('111111111111'), changed, 'a write is read back');
      } finally {
        await reader.close();
      }
      assert.equal(mapped(file), false, 'closing the storage unmaps the file');
    }
  });

  test('a cache below 2 MiB or not a whole number of MiB is refused by name', () => {
    for (const value of [1, 2.5, -5, '64']) {
      assert.throws(
        () => configWith({ sqliteCacheMiB: value }),
        (error: unknown) => error instanceof ConfigError && /database\.sqliteCacheMiB/.test(error.message),
      );
    }
  });
});

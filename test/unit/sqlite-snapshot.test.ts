/**
 * SQLite's snapshot (`Storage.snapshot`, what `dialtone export` reads in while it writes its file) is a read
 * transaction: another process writes the file meanwhile without waiting, and the snapshot goes on seeing the database
 * as it was at its first read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite snapshot', () => {
  it('takes no write lock: another connection writes during it, and it keeps seeing its first moment', async () => {
    const file = join(dir, 'dialtone.sqlite');
    // A busy timeout of 0: a snapshot holding the write lock would refuse the other connection's write at once.
    const storage = await openSqliteStorage({ file, busyTimeoutMs: 0 });
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    const count = (): number => (other.prepare('select count(*) as n from meta').get() as { n: number }).n;
    try {
      const before = count();
      const seen = await storage.snapshot(async (repos) => {
        const first = await repos.meta.read('snapshot-test');
        // Another process writes while the snapshot is open.
        other.prepare('begin immediate').run();
        other.prepare("insert into meta (name, value) values ('snapshot-test', 'written')").run();
        other.prepare('commit').run();
        const second = await repos.meta.read('snapshot-test');
        return { first, second };
      });
      assert.deepEqual(seen, { first: undefined, second: undefined }, 'the snapshot saw a later commit');
      assert.equal(count(), before + 1);
      assert.equal(await storage.meta.read('snapshot-test'), 'written', 'once it ended, the write is there');
    } finally {
      other.close();
      await storage.close();
    }
  });

  it('rolls back and answers the error of work that fails, and the connection serves on', async () => {
    const storage = await openSqliteStorage({ file: join(dir, 'failing.sqlite') });
    try {
      await assert.rejects(
        storage.snapshot(async () => {
          throw new Error('failed inside');
        }),
        /failed inside/,
      );
      await storage.transaction(async (repos) => repos.meta.write('after', 'yes'));
      assert.equal(await storage.meta.read('after'), 'yes');
    } finally {
      await storage.close();
    }
  });
});

/**
 * Several connections on one SQLite file, as `dialtone serve --workers N` has them (one per process): a transaction
 * holds the write lock from its `BEGIN`, so another connection cannot write between its reads and its writes (a
 * deferred `BEGIN` would let it, and the transaction's first write would then fail with SQLITE_BUSY_SNAPSHOT); a
 * transaction that cannot get the lock within the busy timeout fails with SQLITE_BUSY, a transient error; and the
 * cluster lock (a lease row in `meta`) runs work in one holder at a time, lets a dead holder's lease run out, and is
 * given back when the work ends or fails (a storage that no other process shares takes no lease at all).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { LEASE_MS } from '../../src/storage/kysely/lease-lock.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { isTransientStorageError } from '../../src/storage/transient-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-sqlite-concurrency-'));
const file = join(dir, 'dialtone.sqlite');
let nodes: Storage[] = [];

before(async () => {
  nodes = [await openSqliteStorage({ file, shared: true })];
  nodes.push(...(await Promise.all([1, 2].map(() => openSqliteStorage({ file, shared: true })))));
});
after(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Another connection that never waits for a lock: a write it cannot make at once fails with SQLITE_BUSY. */
function impatient(): Database.Database {
  return new Database(file, { timeout: 0 });
}

describe('SQLite shared by several connections', () => {
  it('holds the write lock from BEGIN: another connection cannot write while a transaction has only read', async () => {
    const other = impatient();
    try {
      let during: unknown;
      await nodes[0]!.transaction(async (repos) => {
        assert.equal(await repos.meta.read('counter'), undefined);
        try {
          other.prepare(`insert into meta (name, value) values ('counter', '100')`).run();
        } catch (error) {
          during = error;
        }
        await repos.meta.increment('counter', 1);
      });
      assert.equal((during as { code?: string } | undefined)?.code, 'SQLITE_BUSY', 'the other connection had to wait');
      other.prepare(`update meta set value = cast(value as integer) + 10 where name = 'counter'`).run();
      assert.equal(await nodes[1]!.meta.read('counter'), '11', 'both writes landed, one after the other');
    } finally {
      other.close();
    }
  });

  it('fails a transaction that cannot get the lock within the busy timeout with a transient SQLITE_BUSY, changing nothing', async () => {
    const locker = impatient();
    locker.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    try {
      await assert.rejects(
        nodes[2]!.transaction((repos) => repos.meta.increment('refused', 1)),
        (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY' && isTransientStorageError(error),
      );
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    assert.ok(Date.now() - started >= 4_000, 'it waited out the busy timeout (5 s) first');
    assert.equal(await nodes[0]!.meta.read('refused'), undefined);
    await nodes[2]!.transaction((repos) => repos.meta.increment('refused', 1));
    assert.equal(await nodes[0]!.meta.read('refused'), '1', 'and works again once the lock is free');
  });

  it('runs exclusive work in one holder at a time, again once it is done, and independently per name', async () => {
    let running = 0;
    let most = 0;
    const work = async (): Promise<string> => {
      running += 1;
      most = Math.max(most, running);
      await sleep(100);
      running -= 1;
      return 'swept';
    };
    const first = await Promise.all(nodes.map((n) => n.exclusive('sweep-test', work)));
    assert.equal(first.filter((r) => r === 'swept').length, 1, JSON.stringify(first));
    assert.equal(most, 1);
    assert.equal(await nodes[2]!.exclusive('sweep-test', work), 'swept', 'the lock is given back after the work');
    assert.deepEqual(await Promise.all([nodes[0]!.exclusive('a', work), nodes[1]!.exclusive('b', work)]), ['swept', 'swept']);
    await assert.rejects(nodes[0]!.exclusive('sweep-test', () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await nodes[1]!.exclusive('sweep-test', work), 'swept', 'a failed run gives the lock back');
  });

  it("skips work while a dead holder's lease runs, and takes the lock once it has run out", async () => {
    const raw = new Database(file);
    try {
      const now = Date.now();
      const set = raw.prepare(`insert into meta (name, value) values ('lock:orphaned', ?) on conflict (name) do update set value = excluded.value`);
      set.run(`${now + LEASE_MS} a-holder-that-died`);
      assert.equal(await nodes[0]!.exclusive('orphaned', () => Promise.resolve('ran')), undefined);
      set.run(`${now - 1} a-holder-that-died`);
      assert.equal(await nodes[0]!.exclusive('orphaned', () => Promise.resolve('ran')), 'ran');
      assert.equal((raw.prepare(`select count(*) n from meta where name = 'lock:orphaned'`).get() as { n: number }).n, 0, 'given back');
      set.run(`${now + LEASE_MS} a-holder-that-died`);
      const alone = await openSqliteStorage({ file });
      try {
        assert.equal(await alone.exclusive('orphaned', () => Promise.resolve('ran')), 'ran', 'a storage not shared with other processes takes no lease');
      } finally {
        await alone.close();
      }
    } finally {
      raw.close();
    }
  });
});

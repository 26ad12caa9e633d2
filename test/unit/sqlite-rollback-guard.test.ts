/**
 * A transaction that SQLite has already rolled back on its own (as it does on SQLITE_FULL and some I/O or busy errors)
 * fails with its own error, not kysely's "cannot rollback - no transaction is active"; an ordinary failed transaction
 * is still rolled back.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { guardingRollback } from '../../src/storage/sqlite/rollback-guard.ts';
import { cachingStatements } from '../../src/storage/sqlite/statement-cache.ts';

interface Schema {
  t: { v: number };
}

function open(guarded: boolean): Kysely<Schema> {
  const sqlite = new Database(':memory:');
  sqlite.exec('create table t (v integer)');
  const database = guarded ? guardingRollback(cachingStatements(sqlite), sqlite) : cachingStatements(sqlite);
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
}

/** A transaction whose work ends it (as SQLite does on some errors) and then fails. */
const endedThenFailed = (db: Kysely<Schema>) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('t').values({ v: 1 }).execute();
    await sql`rollback`.execute(trx);
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  });

describe('guardingRollback', () => {
  const guarded = open(true);
  const plain = open(false);
  after(async () => {
    await guarded.destroy();
    await plain.destroy();
  });

  it('lets the error of a transaction that SQLite rolled back itself through', async () => {
    await assert.rejects(endedThenFailed(guarded), { code: 'SQLITE_FULL', message: 'database or disk is full' });
    assert.deepEqual(await guarded.selectFrom('t').selectAll().execute(), []);
  });

  it('where kysely alone would throw the failed rollback instead', async () => {
    await assert.rejects(endedThenFailed(plain), { message: 'cannot rollback - no transaction is active' });
  });

  it('still rolls back a failed transaction that is open', async () => {
    await assert.rejects(
      guarded.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ v: 2 }).execute();
        throw new Error('work failed');
      }),
      { message: 'work failed' },
    );
    assert.deepEqual(await guarded.selectFrom('t').selectAll().execute(), []);
    await guarded.transaction().execute((trx) => trx.insertInto('t').values({ v: 3 }).execute());
    assert.deepEqual(await guarded.selectFrom('t').selectAll().execute(), [{ v: 3 }]);
  });
});

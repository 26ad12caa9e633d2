/**
 * Migration 0017 on a database that already has orders: `order_numbers` becomes a WITHOUT ROWID table with the same
 * rows, the same indexes and triggers, its foreign key still enforced and the quota counters still moving; a step that
 * fails half way leaves the database as it was; run again, it changes nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import * as m0017 from '../../src/storage/sqlite/migrations/0017-clustered-order-numbers.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';

const ACCOUNT = '716716716716';
const T0 = Date.UTC(2026, 10, 1);
const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002', '0190a000-0000-7000-8000-000000000003'];

/** A database left by the version before 0017: three orders (two in Processing) and their numbers, counted. */
async function olderDatabase(file: string): Promise<void> {
  const older = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  try {
    const { error } = await new Migrator({ db: older, provider: { getMigrations: () => Promise.resolve(sqliteMigrations) } }).migrateTo('0015-overview');
    if (error !== undefined) throw error;
    const orders = [
      [ids[0], 'Processing', ['Processing', 'Processing', 'Processing']],
      [ids[1], 'Processing', ['Acquired', 'Processing']],
      [ids[2], 'Failed', ['Failed']],
    ] as const;
    let n = 0;
    for (const [id, status, numbers] of orders) {
      await sql`insert into orders (id, account_id, product_type, status, created_at, updated_at)
        values (${id}, ${ACCOUNT}, 'VoiceConnector', ${status}, ${T0}, ${T0})`.execute(older);
      for (const [position, numberStatus] of numbers.entries()) {
        const reason = numberStatus === 'Failed' ? 'not-available' : null;
        await sql`insert into order_numbers (order_id, position, e164, status, failure_reason)
          values (${id}, ${position}, ${`+1206555071${n++}`}, ${numberStatus}, ${reason})`.execute(older);
      }
    }
  } finally {
    await older.destroy();
  }
}

/** The indexes that a later migration replaces (0018: the index of `phone_numbers` by number), left out of `read`. */
const REPLACED_LATER = ['phone_numbers_e164', 'phone_numbers_released_e164'];

function read(file: string) {
  const sqlite = new Database(file, { readonly: true });
  try {
    return {
      table: sqlite.prepare(`select sql from sqlite_master where type = 'table' and name = 'order_numbers'`).pluck().get() as string,
      dependents: sqlite
        .prepare(`select type, name, tbl_name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null order by type, name`)
        .all()
        .filter((row) => !REPLACED_LATER.includes((row as { name: string }).name)),
      rows: sqlite.prepare('select * from order_numbers order by order_id, position').all(),
      usage: sqlite.prepare('select * from account_usage order by account_id').all(),
    };
  } finally {
    sqlite.close();
  }
}

describe('migration 0017 on SQLite: order_numbers clustered on its key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-0017-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every row, index and trigger, the foreign key and the counters', async () => {
    const file = path.join(dir, 'dialtone.sqlite');
    await olderDatabase(file);
    const before = read(file);
    assert.doesNotMatch(before.table, /without rowid/i);
    assert.equal(before.rows.length, 6);
    assert.deepEqual(before.usage, [{ account_id: ACCOUNT, owned_numbers: 0, processing_orders: 2, numbers_on_order: 4 }]);

    const storage = await openSqliteStorage({ file });
    try {
      const migrated = read(file);
      assert.match(migrated.table, /\)\s*without rowid$/i);
      assert.deepEqual(migrated.rows, before.rows);
      // Every index and trigger it had is there as it was (the later migrations add their own, on their own tables).
      const had = new Set(before.dependents.map((row) => (row as { name: string }).name));
      assert.deepEqual(migrated.dependents.filter((row) => had.has((row as { name: string }).name)), before.dependents);
      assert.deepEqual(migrated.usage, before.usage);

      const order = await storage.orders.get(ACCOUNT, ids[1]!);
      assert.deepEqual(order?.numbers, [
        { e164: '+12065550713', status: 'Acquired' },
        { e164: '+12065550714', status: 'Processing' },
      ]);
      // The triggers read and count the new table: settling an order takes its numbers still Processing off the count.
      await storage.orders.settle(ACCOUNT, ids[0]!, { numbers: [{ e164: '+12065550710', status: 'Acquired' }], status: 'Partial', at: new Date(T0 + 1) });
      assert.deepEqual(await storage.usage.usageOf(ACCOUNT), { ownedNumbers: 0, numbersOnOrder: 1, processingOrders: 1 });
      assert.deepEqual(await storage.usage.recount(ACCOUNT), await storage.usage.usageOf(ACCOUNT));
    } finally {
      await storage.close();
    }

    const sqlite = new Database(file);
    try {
      sqlite.pragma('foreign_keys = ON');
      assert.deepEqual(sqlite.pragma('foreign_key_check'), []);
      assert.throws(
        () => sqlite.prepare(`insert into order_numbers (order_id, position, e164, status) values ('no-such-order', 0, '+12065550719', 'Processing')`).run(),
        /FOREIGN KEY constraint failed/,
      );
      assert.throws(
        () => sqlite.prepare(`insert into order_numbers (order_id, position, e164, status) values (?, 0, '+12065550719', 'Processing')`).run(ids[0]),
        /UNIQUE constraint failed/,
      );
    } finally {
      sqlite.close();
    }
  });

  it('rolls the whole rebuild back when a step fails: the table, its rows, index and triggers stay as they were', async () => {
    const file = path.join(dir, 'failing.sqlite');
    await olderDatabase(file);
    // A view on the table makes the rename fail (SQLite checks every view and trigger when a table is renamed), after
    // the copy and the drop have run inside the migration's transaction.
    const sqlite = new Database(file);
    sqlite.exec(`create view processing_numbers as select e164 from order_numbers where status = 'Processing'`);
    sqlite.close();
    const before = read(file);
    await assert.rejects(openSqliteStorage({ file }), /migrating SQLite database .* failed at 0017-clustered-order-numbers/);
    const after = read(file);
    assert.doesNotMatch(after.table, /without rowid/i);
    assert.deepEqual(after, before);
    const migrated = new Database(file, { readonly: true });
    try {
      assert.equal(migrated.prepare(`select count(*) from kysely_migration where name = '0017-clustered-order-numbers'`).pluck().get(), 0);
    } finally {
      migrated.close();
    }
  });

  it('changes nothing when run again on a table already clustered', async () => {
    const file = path.join(dir, 'again.sqlite');
    await olderDatabase(file);
    await (await openSqliteStorage({ file })).close();
    const migrated = read(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await m0017.up(db);
    } finally {
      await db.destroy();
    }
    assert.deepEqual(read(file), migrated);
  });
});

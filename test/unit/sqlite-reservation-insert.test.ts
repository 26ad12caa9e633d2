/**
 * On SQLite a reservation inserts its rows by a statement written once per row count (number-reservations.ts), not by
 * kysely's builder: the text must stay the one the builder writes, and each value must land in its column.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { reserve, sqliteReservationInsert } from '../../src/storage/kysely/number-reservations.ts';
import { sqlLists } from '../../src/storage/kysely/pg-arrays.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-reservation-insert-'));
const file = join(dir, 'dialtone.sqlite');
let sqlite: Database.Database;
let db: Kysely<DatabaseSchema>;

before(async () => {
  await (await openSqliteStorage({ file })).close();
  sqlite = new Database(file);
  db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
});
after(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const row = (e164: string) => ({
  e164,
  account_id: '111122223333',
  order_id: 'o',
  status: 'AcquireInProgress',
  active: 1,
  product_type: 'VoiceConnector' as const,
  number_type: 'Local' as const,
  country: 'US',
  created_at: 1,
  updated_at: 1,
  released_at: null,
  name: null,
});

describe('the SQLite reservation insert', () => {
  for (const count of [1, 3, 200]) {
    it(`is the text kysely's builder writes for ${count} row(s)`, () => {
      const rows = Array.from({ length: count }, (_, i) => row(`+1206555${String(i).padStart(4, '0')}`));
      const built = db
        .insertInto('phone_numbers')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning(['e164', 'account_id', 'order_id'])
        .compile();
      assert.equal(sqliteReservationInsert(count), built.sql);
    });
  }

  it('stores each value in its column and answers the owner of every number asked', async () => {
    const at = new Date('2026-12-05T10:00:00.000Z');
    await db.insertInto('phone_numbers').values({ ...row('+12065550002'), account_id: '999988887777', order_id: null, status: 'Unassigned' }).execute();
    const owners = await db.transaction().execute((trx) =>
      reserve(trx, sqlLists('sqlite'), [
        { e164: '+12065550001', accountId: '111122223333', orderId: 'order-1', productType: 'VoiceConnector', type: 'TollFree', country: 'US', name: 'lobby', at },
        { e164: '+12065550002', accountId: '111122223333', orderId: 'order-1', productType: 'VoiceConnector', type: 'Local', country: 'US', at },
        { e164: '+442071838750', accountId: '111122223333', orderId: 'order-2', productType: 'SipMediaApplicationDialIn', type: 'Local', country: 'GB', at },
      ]),
    );
    assert.deepEqual(
      [...owners].sort(),
      [
        ['+12065550001', { accountId: '111122223333', orderId: 'order-1' }],
        ['+12065550002', { accountId: '999988887777' }],
        ['+442071838750', { accountId: '111122223333', orderId: 'order-2' }],
      ],
    );
    const stored = sqlite
      .prepare(
        `select e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at, name
         from phone_numbers where account_id = '111122223333' order by e164`,
      )
      .all();
    const ms = at.getTime();
    assert.deepEqual(stored, [
      { e164: '+12065550001', account_id: '111122223333', order_id: 'order-1', status: 'AcquireInProgress', active: 1, product_type: 'VoiceConnector', number_type: 'TollFree', country: 'US', created_at: ms, updated_at: ms, released_at: null, name: 'lobby' },
      { e164: '+442071838750', account_id: '111122223333', order_id: 'order-2', status: 'AcquireInProgress', active: 1, product_type: 'SipMediaApplicationDialIn', number_type: 'Local', country: 'GB', created_at: ms, updated_at: ms, released_at: null, name: null },
    ]);
  });
});

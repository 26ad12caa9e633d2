/**
 * The lookups of numbers by `e164` across accounts read `phone_numbers` through an index, never by a scan or a
 * skip-scan, on a fresh database (no statistics) and on one whose statistics SQLite has gathered: search's
 * availability (the owned numbers through `phone_numbers_active_e164`, the aging ones through
 * `phone_numbers_released_e164`), fulfilment's aging check (`phone_numbers_released_e164`) and its settlement of
 * reservations (`phone_numbers_active_e164`). The released index holds released records only (0018); a query that
 * wanted every record by number would scan the table, and fails here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { unavailableUnder } from '../../src/storage/kysely/availability-queries.ts';
import { agingSince, settleAcquisitionsOf } from '../../src/storage/kysely/number-reservations.ts';
import { sqlLists } from '../../src/storage/kysely/pg-arrays.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-number-lookups-'));
const file = join(dir, 'dialtone.sqlite');
let sqlite: Database.Database;
let db: Kysely<DatabaseSchema>;
/** The SQL of every query `db` ran, in order. */
const ran: string[] = [];

before(async () => {
  // Migrated as the server migrates it, then read over a connection of the test's own.
  await (await openSqliteStorage({ file })).close();
  sqlite = new Database(file);
  db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void ran.push(event.query.sql) });
});
after(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** The SQL of the queries `work` runs. */
async function queriesOf(work: () => Promise<unknown>): Promise<string[]> {
  ran.length = 0;
  await work();
  return [...new Set(ran)];
}

/** SQLite's plan of `query`: how it reads each table (every parameter bound to NULL). */
function planOf(query: string): string[] {
  const parameters = (query.match(/\?/g) ?? []).map(() => null);
  return (sqlite.prepare(`explain query plan ${query}`).all(...parameters) as { detail: string }[]).map((row) => row.detail);
}

/** The indexes of `phone_numbers` that the plans of `queries` read, after checking none scans the table. */
function indexesRead(queries: string[]): Set<string> {
  const used = new Set<string>();
  for (const query of queries) {
    for (const step of planOf(query)) {
      assert.doesNotMatch(step, /^SCAN phone_numbers/, `${query}\nscans phone_numbers: ${step}`);
      assert.doesNotMatch(step, /ANY\(/, `${query}\nskip-scans an index of phone_numbers: ${step}`);
      const index = /^SEARCH phone_numbers USING (?:COVERING )?INDEX (\w+)/.exec(step)?.[1];
      if (index !== undefined) used.add(index);
    }
  }
  return used;
}

function checkPlans(): void {
  it('search reads the owned numbers and the aging ones through their partial indexes', async () => {
    for (const prefixes of [['+1206555'], ['+1206555', '+1425'], Array.from({ length: 40 }, (_, i) => `+1${200 + i}`)]) {
      const queries = await queriesOf(() => unavailableUnder(db, prefixes, new Date(0)));
      const owned = queries.filter((query) => query.includes('"phone_numbers"'));
      assert.ok(owned.length > 0, 'search asked phone_numbers');
      assert.deepEqual([...indexesRead(owned)].sort(), ['phone_numbers_active_e164', 'phone_numbers_released_e164']);
    }
  });

  it('fulfilment checks aging numbers through the index of released records', async () => {
    const queries = await queriesOf(() => agingSince(db, sqlLists('sqlite'), ['+12065550100', '+12065550101'], new Date(0)));
    assert.deepEqual([...indexesRead(queries)], ['phone_numbers_released_e164']);
  });

  it('fulfilment settles each reservation through the unique index of active numbers', async () => {
    const at = new Date(0);
    const queries = await queriesOf(async () => {
      await settleAcquisitionsOf(
        db,
        sqlLists('sqlite'),
        [
          { orderId: 'a', e164: '+12065550100', acquired: true },
          { orderId: 'b', e164: '+12065550101', acquired: false },
          { orderId: 'c', e164: '+12065550102', acquired: true, callingName: { name: 'Acme', dueAt: at } },
        ],
        at,
      );
    });
    assert.equal(queries.length, 3, 'one update per outcome: acquired, failed, acquired with a calling name');
    assert.deepEqual([...indexesRead(queries)], ['phone_numbers_active_e164']);
  });
}

describe('lookups of numbers by e164 on SQLite', () => {
  describe('a fresh database (no statistics)', checkPlans);

  describe('a database with statistics: 2,000 records, a third released', () => {
    before(() => {
      const insert = sqlite.prepare(
        `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
         values (?, ?, null, ?, ?, 'VoiceConnector', 'Local', 'US', 0, 0, ?)`,
      );
      sqlite.transaction(() => {
        for (let i = 0; i < 2_000; i++) {
          const released = i % 3 === 0;
          insert.run(`+1206555${String(i).padStart(4, '0')}`, String(100000000000 + (i % 5)), released ? 'DeleteInProgress' : 'Unassigned', released ? 0 : 1, released ? i : null);
        }
      })();
      sqlite.exec('analyze');
    });
    checkPlans();
  });
});

describe('migration 0018 on SQLite: a database that already holds released records', () => {
  it('finds the aging numbers through the new index, and no longer has the index of every record', async () => {
    const older = join(dir, 'older.sqlite');
    const raw = new Database(older);
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const { error } = await new Migrator({ db: kysely, provider: { getMigrations: () => Promise.resolve(sqliteMigrations) } }).migrateTo('0017-clustered-order-numbers');
    if (error !== undefined) throw error;
    const insert = raw.prepare(
      `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
       values (?, '100000000000', null, ?, ?, 'VoiceConnector', 'Local', 'US', 0, 0, ?)`,
    );
    insert.run('+12065550100', 'Unassigned', 1, null); // owned
    insert.run('+12065550101', 'DeleteInProgress', 0, 5_000); // released recently: aging
    insert.run('+12065550102', 'DeleteInProgress', 0, 1_000); // released long ago
    insert.run('+12065550103', 'AcquireFailed', 0, null); // a failed acquisition: never held
    await kysely.destroy();

    const storage = await openSqliteStorage({ file: older });
    try {
      const since = new Date(2_000);
      assert.deepEqual([...(await storage.phoneNumbers.agingSince(['+12065550100', '+12065550101', '+12065550102', '+12065550103'], since))], ['+12065550101']);
      assert.deepEqual([...(await storage.phoneNumbers.unavailableUnder(['+120655501'], since))].sort(), ['+12065550100', '+12065550101']);
    } finally {
      await storage.close();
    }
    const migrated = new Database(older, { readonly: true });
    try {
      const indexes = migrated.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'phone_numbers' and name like '%e164'`).pluck().all();
      assert.ok(indexes.includes('phone_numbers_released_e164'), 'the index of released records');
      assert.ok(!indexes.includes('phone_numbers_e164'), 'the index of every record is gone');
      assert.deepEqual(migrated.prepare('select e164 from phone_numbers indexed by phone_numbers_released_e164 where released_at > 0 order by e164').pluck().all(), ['+12065550101', '+12065550102']);
    } finally {
      migrated.close();
    }
  });
});

/**
 * Packed rows (src/storage/kysely/packed-rows.ts): a page read as one `json_array` text per row comes out as the same
 * objects as the page read column by column, for the values the packed tables hold (integers up to 2^53 − 1,
 * negative ones, text with quotes, escapes, control characters and emoji, empty text, null), in the page's order.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { cachingStatements } from '../../src/storage/sqlite/statement-cache.ts';
import { packed, unpacked } from '../../src/storage/kysely/packed-rows.ts';

interface Row {
  id: number;
  label: string | null;
  at: number | null;
}

describe('packed rows', () => {
  const sqlite = new Database(':memory:');
  sqlite.exec('create table t (id integer primary key, label text, at integer)');
  const insert = sqlite.prepare('insert into t (label, at) values (?, ?)');
  const labels = ['plain', 'quote " and \\ backslash', "apostrophe ' here", 'line\nbreak\ttab\u0001', '☎️ +1 (206) 555-0100', '', null];
  const ats = [0, -1, 1_796_231_788_855, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, null, 42];
  labels.forEach((label, i) => insert.run(label, ats[i]));
  const db = new Kysely<{ t: Row }>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  after(() => db.destroy());
  const NAMES = ['id', 'label', 'at'] as const;

  it('reads the same objects as the columns, in the same order', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const columns = await db.selectFrom('t').select(NAMES).orderBy('id', order).execute();
      const rows = await db.selectFrom('t').select(packed(NAMES.map((name) => `t.${name}`))).orderBy('id', order).execute();
      assert.equal(typeof rows[0]?.packed, 'string');
      const objects = unpacked<Row>(rows, NAMES);
      assert.deepEqual(objects, columns);
      assert.deepEqual(objects.map((object) => Object.keys(object)), columns.map((object) => Object.keys(object)));
    }
    assert.deepEqual(unpacked([], NAMES), []);
  });

  it('takes only plain column names', () => {
    assert.throws(() => unpacked([{ packed: '[1]' }], ['x); process.exit(1); (']), TypeError);
    assert.throws(() => unpacked([{ packed: '[1]' }], ['__proto__']), TypeError);
  });
});

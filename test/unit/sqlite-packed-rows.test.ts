/**
 * Packed rows (src/storage/kysely/packed-rows.ts): a page read as one `json_array` text per row comes out as the same
 * objects as the page read column by column, for the values the packed tables hold (integers up to 2^53 − 1,
 * negative ones, text with quotes, escapes, control characters and emoji, empty text, null), in the page's order; a
 * page packed into one text (`packedPage`) too, put in the listing's order when SQLite gives its rows in another.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { cachingStatements } from '../../src/storage/sqlite/statement-cache.ts';
import { packed, packedPage, unpackedPage } from '../../src/storage/kysely/packed-rows.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';

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

  // The test's table is not dialtone's schema; packedPage only wraps the query it is given.
  const page = (query: Parameters<typeof packedPage>[1]) => packedPage(db as unknown as Kysely<DatabaseSchema>, query).execute();

  it('reads a page packed into one text as the same objects as the columns, in the order of the keys given', async () => {
    const columns = await db.selectFrom('t').select(NAMES).orderBy('id').execute();
    const inOrder = await page(db.selectFrom('t').select(packed(NAMES.map((name) => `t.${name}`))).orderBy('id').limit(100));
    assert.equal(inOrder.length, 1, 'one row for the page');
    assert.equal(typeof inOrder[0]?.packed, 'string');
    const objects = unpackedPage<Row>(inOrder, NAMES, [0]);
    assert.deepEqual(objects, columns);
    assert.deepEqual(objects.map((object) => Object.keys(object)), columns.map((object) => Object.keys(object)));
    // Rows that SQLite gives in another order (by label, then at) come out in the order of the key (id).
    const shuffled = await page(db.selectFrom('t').select(packed(NAMES.map((name) => `t.${name}`))).orderBy('label', 'desc').orderBy('at').limit(100));
    assert.notEqual((JSON.parse(shuffled[0]!.packed) as number[][])[0]![0], 1, 'the rows really came in another order');
    assert.deepEqual(unpackedPage<Row>(shuffled, NAMES, [0]), columns);
    // Several keys: the first decides, the next breaks ties.
    assert.deepEqual(
      unpackedPage<Row>([{ packed: '[[2,"b",1],[1,"b",2],[3,"a",9]]' }], NAMES, [1, 0]).map((row) => row.id),
      [3, 1, 2],
    );
  });

  it('reads an empty page packed into one text as no rows', async () => {
    const empty = await page(db.selectFrom('t').select(packed(NAMES.map((name) => `t.${name}`))).where('id', '<', 0).limit(100));
    assert.deepEqual(empty, [{ packed: '[]' }]);
    assert.deepEqual(unpackedPage(empty, NAMES, [0]), []);
    assert.deepEqual(unpackedPage([], NAMES, [0]), []);
  });

  it('takes only plain column names', () => {
    assert.throws(() => unpackedPage([{ packed: '[[1]]' }], ['x); process.exit(1); ('], []), TypeError);
    assert.throws(() => unpackedPage([{ packed: '[[1]]' }], ['__proto__'], []), TypeError);
  });
});

/**
 * The statement cache under kysely's SQLite driver: statements are prepared once per SQL text, and rows read as arrays
 * come out as the same objects better-sqlite3 would build (names, order, values, a repeated name's last column), also
 * after a schema change and while another iteration of the same SQL is open.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cachingStatements } from '../../src/storage/sqlite/statement-cache.ts';

describe('cachingStatements', () => {
  const sqlite = new Database(':memory:');
  sqlite.exec(`create table a (id integer primary key, name text, n real, data blob, gone integer);
    create table b (id integer primary key, a_id integer, name text);
    insert into a values (1, 'one', 1.5, x'0102', null), (2, null, -3, null, 7);
    insert into b values (10, 1, 'b-one'), (20, 2, 'b-two');`);
  const cached = cachingStatements(sqlite);
  after(() => cached.close());

  it('answers the rows better-sqlite3 builds as objects, key order included', () => {
    for (const text of ['select * from a order by id', 'select a.*, b.* from a join b on b.a_id = a.id order by a.id', 'select count(*) as c, max(n) from a']) {
      const expected = sqlite.prepare(text).all();
      const actual = cached.prepare(text).all([]);
      assert.deepEqual(actual, expected, text);
      assert.deepEqual(actual.map((row) => Object.keys(row as object)), expected.map((row) => Object.keys(row as object)), text);
    }
    // A repeated column name keeps the last column's value, as better-sqlite3's objects do.
    const [row] = cached.prepare('select a.name, b.name from a join b on b.a_id = a.id where a.id = 1').all([]);
    assert.deepEqual(row, { name: 'b-one' });
  });

  it('binds parameters and reports changes of writing statements', () => {
    assert.deepEqual(cached.prepare('select id from a where id = ?').all([2]), [{ id: 2 }]);
    const result = cached.prepare('update a set gone = ? where id > ?').run([5, 0]);
    assert.equal(result.changes, 2);
    assert.equal(cached.prepare('select id from a').reader, true);
    assert.equal(cached.prepare('update a set gone = 1 where 0').reader, false);
  });

  it('prepares a SQL text once', () => {
    const text = 'select id from b order by id';
    assert.equal(cached.prepare(text), cached.prepare(text));
  });

  it('follows a schema change under a cached select *', () => {
    const text = 'select * from b order by id';
    assert.deepEqual(Object.keys(cached.prepare(text).all([])[0] as object), ['id', 'a_id', 'name']);
    sqlite.exec("alter table b add column extra text default 'x'");
    const rows = cached.prepare(text).all([]);
    assert.deepEqual(rows, sqlite.prepare(text).all());
    assert.equal((rows[0] as { extra: string }).extra, 'x');
  });

  it('iterates objects, and hands out another statement while one iteration is open', () => {
    const text = 'select id, name from a order by id';
    const first = cached.prepare(text);
    const iterator = first.iterate([]);
    assert.deepEqual(iterator.next().value, { id: 1, name: 'one' });
    const second = cached.prepare(text);
    assert.notEqual(second, first);
    assert.deepEqual(second.all([]), [{ id: 1, name: 'one' }, { id: 2, name: null }]);
    assert.deepEqual(iterator.next().value, { id: 2, name: null });
    assert.equal(iterator.next().done, true);
  });
});

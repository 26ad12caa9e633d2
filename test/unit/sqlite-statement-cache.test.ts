/**
 * The statement cache under kysely's SQLite driver: statements are prepared once per SQL text, and rows read as arrays
 * come out as the same objects better-sqlite3 would build (names, order, values, a repeated name's last column), also
 * after a schema change and while another iteration of the same SQL is open; a trailing `limit ?` is written into the SQL
 * for small non-negative integers and stays bound otherwise, with the same rows either way.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { boundLimits, cachingStatements } from '../../src/storage/sqlite/statement-cache.ts';

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
    // Any name is a key of its own: quotes, expressions, and `__proto__` as an own property (the prototype untouched).
    // For `__proto__` the expected row is written out: better-sqlite3's own objects differ by V8 there (built for Node
    // 22 and 24 they hold it as an own property, for Node 20 they drop the column).
    const own = (value: unknown): PropertyDescriptor => ({ value, enumerable: true, writable: true, configurable: true });
    const names = `select 1 as "x }; throw new Error('ran'); ({ y", 2 as "a""b", 3 as "count(*)"`;
    const cases: [string, Record<string, PropertyDescriptor>][] = [
      [names, Object.getOwnPropertyDescriptors((sqlite.prepare(names).all() as object[])[0])],
      [`select 1 as "__proto__", 'j' as x`, { ['__proto__']: own(1), x: own('j') }],
      [`select 'one' as "__proto__"`, { ['__proto__']: own('one') }],
    ];
    for (const [text, expected] of cases) {
      const [actual] = cached.prepare(text).all([]) as object[];
      assert.deepEqual(Object.getOwnPropertyDescriptors(actual), expected, text);
      assert.deepEqual(Object.keys(actual!), Object.keys(expected), text);
      assert.equal(Object.getPrototypeOf(actual), Object.prototype, text);
    }
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

  it('writes a small limit into the SQL and keeps any other limit bound, with the same rows', () => {
    const prepared: string[] = [];
    const recording = { prepare: (text: string) => (prepared.push(text), sqlite.prepare(text)), close: () => {} } as unknown as Database.Database;
    const limited = cachingStatements(recording);
    const text = 'select id, name from a where id > ? order by id limit ?';
    for (const limit of [0, 1, 2, 10_000, 10_001, -1, 2 ** 40]) {
      assert.deepEqual(limited.prepare(text).all([0, limit]), sqlite.prepare(text).all(0, limit), `limit ${limit}`);
    }
    assert.deepEqual(
      prepared.filter((sql) => sql !== text),
      ['select id, name from a where id > ? order by id limit 0', 'select id, name from a where id > ? order by id limit 1', 'select id, name from a where id > ? order by id limit 2', 'select id, name from a where id > ? order by id limit 10000'],
    );
    // A value SQLite refuses as a limit is refused the same way.
    assert.throws(() => limited.prepare(text).all([0, 1.5]), /datatype mismatch/);
    assert.throws(() => sqlite.prepare(text).all(0, 1.5), /datatype mismatch/);
    // Iterating and running take the written limit too; `limit ? offset ?` is left as it is.
    assert.deepEqual([...limited.prepare(text).iterate([0, 1])], [{ id: 1, name: 'one' }]);
    assert.equal(limited.prepare('update a set gone = gone where id > ?').run([0]).changes, 2);
    assert.deepEqual(limited.prepare('select id from a order by id limit ? offset ?').all([1, 1]), [{ id: 2 }]);
    assert.equal(prepared.filter((sql) => sql.endsWith('offset 1')).length, 0);
  });

  it('writes the limits of subqueries in too, and finds the parameter each one is', () => {
    const text = "select * from (select id from a where name <> '?' and id > ? order by id limit ?) as x join b on b.a_id = x.id where b.id > ? order by b.id limit ?";
    assert.deepEqual(boundLimits(text)?.slots, [1, 3]);
    const limited = cachingStatements(sqlite);
    for (const [inner, outer] of [[1, 5], [2, 1], [0, 5], [2, 10_001]]) {
      assert.deepEqual(limited.prepare(text).all([0, inner, 0, outer]), sqlite.prepare(text).all(0, inner, 0, outer), `${inner}, ${outer}`);
    }
    assert.equal(boundLimits("select 'limit ?' from a where id = ?"), undefined);
    assert.equal(boundLimits('select "limit ?" from a where id = ?'), undefined);
    assert.equal(boundLimits('select id from a where unlimit ?'), undefined);
    assert.deepEqual(boundLimits('select id from a where id > ? limit ?'), { parts: ['select id from a where id > ? limit ', ''], slots: [1] });
  });

  it('reads one computed or named column by itself, and keeps reading a one-column select * as a row', () => {
    for (const text of ['select count(*) as c from a', "select json_array(id, name) as packed from a order by id", 'select id + 1 from a order by id', 'select name from a order by id', 'select a.name as n from a order by id']) {
      assert.deepEqual(cached.prepare(text).all([]), sqlite.prepare(text).all(), text);
      assert.deepEqual([...cached.prepare(text).iterate([])], sqlite.prepare(text).all(), text);
    }
    sqlite.exec('create table single (only integer); insert into single values (1)');
    const text = 'select * from single';
    assert.deepEqual(cached.prepare(text).all([]), [{ only: 1 }]);
    sqlite.exec("alter table single add column more text default 'm'");
    assert.deepEqual(cached.prepare(text).all([]), [{ only: 1, more: 'm' }]);
  });
});

/**
 * Statements prepared once per connection on PostgreSQL (src/storage/postgres/statement-names.ts): which texts get a
 * name, that a connection of the pool prepares them on the server, that none does when the option is off, and that a
 * statement whose rows changed shape under it fails once and is prepared again under a new name.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type pg from 'pg';
import { createPostgresPool } from '../../src/storage/postgres/open-postgres-storage.ts';
import { rowsByStar, StatementNames } from '../../src/storage/postgres/statement-names.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

describe('statement names', () => {
  it('names a text with parameters, the same name each time, and no text without parameters or with *', () => {
    const names = new StatementNames();
    const a = names.nameOf('select id from orders where id = $1', 1);
    assert.match(a ?? '', /^dialtone_\d+$/);
    assert.equal(names.nameOf('select id from orders where id = $1', 1), a);
    assert.notEqual(names.nameOf('select id from orders where account_id = $1', 1), a);
    assert.equal(names.nameOf('commit', 0), undefined);
    assert.equal(names.nameOf('select * from orders where id = $1', 1), undefined);
    assert.equal(names.nameOf('select "orders".* from orders where id = $1', 1), undefined);
    assert.equal(names.size, 2);
  });

  it('tells the statements whose rows take their columns from a * (left unnamed) from the others', () => {
    const star = [
      'select * from "orders" where "id" = $1',
      'select "orders".* from "orders" where "id" = $1',
      'SELECT o . * FROM orders o WHERE id = $1',
      'update "jobs" set "lease_owner" = $1 returning *',
      'insert into "t" ("a") values ($1) returning "t".*',
      'with "x" as (select * from "t" where "a" = $1) select "a" from "x"',
      'select (select count(*) from "t") as "n", "a" from "u" where "b" = $1',
    ];
    const listed = [
      'select "o"."id", "n"."e164" from (select * from "orders" where "account_id" = $1 order by "created_at" limit $2) as "o" left join "order_numbers" as "n" on "n"."order_id" = "o"."id"',
      'select "a" from "t" where "b" = $1',
      'insert into "t" ("a", "b") select * from unnest($1::text[], $2::bigint[])',
      'update "jobs" set "lease_owner" = $1 where "id" = $2 returning "id", "kind"',
      'delete from "t" where "a" = $1',
      'select count(*) > 0 as any from "t" where "a" = $1',
    ];
    assert.deepEqual(star.filter((text) => !rowsByStar(text)), []);
    // The last is left unnamed too (its star is in the select list), on the safe side: a count's type never changes.
    assert.deepEqual(listed.filter((text) => rowsByStar(text)), ['select count(*) > 0 as any from "t" where "a" = $1']);
  });

  it('names at most `limit` texts and leaves the others unnamed', () => {
    const names = new StatementNames(3);
    const given = Array.from({ length: 5 }, (_, i) => names.nameOf(`select $1::int + ${i}`, 1));
    assert.equal(given.filter((n) => n !== undefined).length, 3);
    assert.deepEqual(given.slice(3), [undefined, undefined]);
    assert.equal(names.nameOf('select $1::int + 0', 1), given[0], 'a text named before keeps its name');
  });

  it('gives a text a new name after the error of a plan whose rows changed shape, and after no other error', () => {
    const names = new StatementNames();
    const text = 'select v from t where id = $1';
    const first = names.nameOf(text, 1);
    names.failed(text, new Error('duplicate key value violates unique constraint "t_pkey"'));
    assert.equal(names.nameOf(text, 1), first);
    names.failed(text, new Error('cached plan must not change result type'));
    const second = names.nameOf(text, 1);
    assert.notEqual(second, first);
    assert.match(second ?? '', /^dialtone_\d+$/);
  });
});

/** The names of the statements prepared in the session of `client`. */
async function prepared(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>('select name from pg_prepared_statements order by name');
  return rows.map((row) => row.name);
}

describe('prepared statements on PostgreSQL', () => {
  it('prepares a statement with parameters once on the connection that runs it, and gives the same rows', async () => {
    const pool = createPostgresPool({ url: await freshDatabase('prepared'), poolSize: 2, statementTimeoutMs: 5_000 });
    const client = await pool.connect();
    try {
      assert.deepEqual(await prepared(client), []);
      for (const n of [1, 2, 3]) {
        assert.deepEqual((await client.query<{ n: number }>('select $1::int + 1 as n', [n])).rows, [{ n: n + 1 }]);
      }
      const names = await prepared(client);
      assert.equal(names.length, 1, 'one statement, prepared once for its three executions');
      assert.match(names[0]!, /^dialtone_\d+$/);
      await client.query('select count(*) as n from pg_class where relname = $1', ['pg_class']);
      assert.equal((await prepared(client)).length, 1, 'a text with * stays unnamed');
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('prepares nothing with preparedStatements off', async () => {
    const pool = createPostgresPool({ url: await freshDatabase('unprepared'), poolSize: 2, statementTimeoutMs: 5_000, preparedStatements: false });
    const client = await pool.connect();
    try {
      await client.query('select $1::int + 1 as n', [1]);
      await client.query('select $1::int + 1 as n', [2]);
      assert.deepEqual(await prepared(client), []);
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('fails once when a column changes type under a prepared statement, then prepares it again', async () => {
    const url = await freshDatabase('prepared-ddl');
    const pool = createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 5_000 });
    const client = await pool.connect();
    try {
      await client.query('create table t (id int primary key, v int not null)');
      await client.query('insert into t values (1, 7)');
      const read = 'select v from t where id = $1';
      assert.deepEqual((await client.query(read, [1])).rows, [{ v: 7 }]);
      // Another connection (another node's migration) changes the type of the column the statement returns.
      await pool.query('alter table t alter column v type text');
      await assert.rejects(client.query(read, [1]), /cached plan must not change result type/);
      assert.deepEqual((await client.query(read, [1])).rows, [{ v: '7' }]);
      assert.equal((await prepared(client)).length, 2, 'the old name and the new one');
    } finally {
      client.release();
      await pool.end();
    }
  });
});

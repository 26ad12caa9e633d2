/**
 * The lookups of numbers by `e164` across accounts can read `phone_numbers` through the partial indexes meant for
 * them on PostgreSQL (as test/unit/sqlite-number-lookups.test.ts on SQLite): search's availability through
 * `phone_numbers_active_e164` and `phone_numbers_released_e164`, fulfilment's aging check through the released one,
 * its settlement of reservations through an index (the active one, or the order's). A partial index serves a query
 * only when the planner can prove the query's conditions imply the index's; the plans are asked with sequential scans
 * priced out (`enable_seqscan = off`), so that a table of a few rows still shows which indexes the queries can use.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { unavailableUnder, unavailableUnderEach } from '../../src/storage/kysely/availability-queries.ts';
import { agingSince, settleAcquisitionsOf } from '../../src/storage/kysely/number-reservations.ts';
import { sqlLists } from '../../src/storage/kysely/pg-arrays.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

let pool: pg.Pool;
let db: Kysely<DatabaseSchema>;
/** Every query `db` ran, in order. */
const ran: { sql: string; parameters: readonly unknown[] }[] = [];

before(async () => {
  const url = await freshDatabase('number_lookups');
  // Migrated as the server migrates it, then read over a pool of the test's own.
  await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 5_000 })).close();
  pool = new pg.Pool({ connectionString: url, max: 1, options: '-c enable_seqscan=off' });
  db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }), log: (event) => void ran.push(event.query) });
  await pool.query(
    `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
     select '+1206555' || lpad(i::text, 4, '0'), (100000000000 + i % 5)::text, null,
       case when i % 3 = 0 then 'DeleteInProgress' else 'Unassigned' end, case when i % 3 = 0 then 0 else 1 end,
       'VoiceConnector', 'Local', 'US', 0, 0, case when i % 3 = 0 then i end
     from generate_series(0, 1999) as i`,
  );
  await pool.query('analyze phone_numbers');
});
after(async () => {
  await db?.destroy();
});

/** The indexes of `phone_numbers` that the plans of what `work` runs read, after checking none scans the table. */
async function indexesRead(work: () => Promise<unknown>): Promise<Set<string>> {
  ran.length = 0;
  await work();
  const used = new Set<string>();
  for (const query of ran) {
    const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [...query.parameters])).rows.map((row) => row['QUERY PLAN']).join('\n');
    assert.doesNotMatch(plan, /Seq Scan on phone_numbers/, `${query.sql}\n${plan}`);
    for (const [, scanned, bitmap] of plan.matchAll(/Index (?:Only )?Scan (?:Backward )?using (\w+) on phone_numbers|Bitmap Index Scan on (\w+)/g)) used.add((scanned ?? bitmap)!);
  }
  return used;
}

describe('lookups of numbers by e164 on PostgreSQL', () => {
  it('search reads the owned numbers and the aging ones through their partial indexes', async () => {
    for (const prefixes of [['+1206555'], ['+1206555', '+1425'], Array.from({ length: 40 }, (_, i) => `+1${200 + i}`)]) {
      const used = await indexesRead(() => unavailableUnder(db, prefixes, new Date(0)));
      assert.ok(used.has('phone_numbers_active_e164'), `owned numbers: ${[...used]}`);
      assert.ok(used.has('phone_numbers_released_e164'), `aging numbers: ${[...used]}`);
    }
  });

  it('the availability reads of several searches at once read through the same indexes, and answer each as alone', async () => {
    await pool.query(`insert into orders (id, account_id, product_type, status, created_at, updated_at) values ('held', '100000000001', 'VoiceConnector', 'Processing', 0, 0)`);
    await pool.query(
      `insert into order_numbers (order_id, position, e164, status, failure_reason)
       values ('held', 0, '+12065559001', 'Processing', null), ('held', 1, '+14255550007', 'Processing', null), ('held', 2, '+12065559002', 'Acquired', null)`,
    );
    try {
      // Released at i for every third i: bounds before, among and after those times; prefixes nested, apart, empty.
      const reads = [
        { prefixes: ['+1206555'], agingSince: new Date(0) },
        { prefixes: ['+12065550', '+12065551', '+1425'], agingSince: new Date(600) },
        { prefixes: ['+120655500', '+1206555'], agingSince: new Date(1500) },
        { prefixes: ['+1206555199'], agingSince: new Date(5000) },
        { prefixes: ['+1999'], agingSince: new Date(0) },
      ];
      const alone: Set<string>[] = [];
      for (const read of reads) alone.push(await unavailableUnder(db, read.prefixes, read.agingSince));
      const used = await indexesRead(async () => assert.deepEqual(await unavailableUnderEach(db, reads), alone));
      assert.ok(used.has('phone_numbers_active_e164'), `owned numbers: ${[...used]}`);
      assert.ok(used.has('phone_numbers_released_e164'), `aging numbers: ${[...used]}`);
      assert.ok(alone[0]!.has('+12065559001') && !alone[0]!.has('+12065559002'), 'an order in progress holds its numbers, a settled one not');
      assert.ok(alone[1]!.has('+14255550007'));
      assert.ok(alone[0]!.size > alone[2]!.size && alone[2]!.size > alone[3]!.size && alone[3]!.size > 0, alone.map((set) => set.size).join());
      assert.equal(alone[4]!.size, 0);
    } finally {
      await pool.query(`delete from order_numbers where order_id = 'held'`);
      await pool.query(`delete from orders where id = 'held'`);
    }
  });

  it('fulfilment checks aging numbers through the index of released records', async () => {
    assert.deepEqual([...(await indexesRead(() => agingSince(db, sqlLists('postgres'), ['+12065550100', '+12065550101'], new Date(0))))], ['phone_numbers_released_e164']);
  });

  it('fulfilment settles each reservation through an index: the order\'s, or the unique index of active numbers', async () => {
    const at = new Date(0);
    const used = await indexesRead(async () => {
      await settleAcquisitionsOf(
        db,
        sqlLists('postgres'),
        [
          { orderId: 'a', e164: '+12065550100', acquired: true },
          { orderId: 'b', e164: '+12065550101', acquired: false },
          { orderId: 'c', e164: '+12065550102', acquired: true, callingName: { name: 'Acme', dueAt: at } },
        ],
        at,
      );
    });
    // PostgreSQL's statistics count the records without an order apart (SQLite's average them in), so the order's
    // index is as good a path as the number's here.
    assert.ok(used.size > 0 && [...used].every((index) => ['phone_numbers_active_e164', 'phone_numbers_order'].includes(index)), [...used].join());
  });
});

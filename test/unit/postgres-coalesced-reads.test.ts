/**
 * On PostgreSQL the gets and listings of orders, the reads and listings of numbers and search's availability reads asked in one turn of the event loop go to the database
 * as one statement (src/storage/coalesced-reads.ts), which reads its keys through the tables' indexes; a get inside a
 * transaction keeps its own statement; a failed statement fails each get of its batch, and the next turn reads again.
 * Counted at kysely's log, on a pool of the test's own, after the schema is migrated as the server migrates it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Order } from '../../src/domain/orders/order.ts';
import { unavailableUnder } from '../../src/storage/kysely/availability-queries.ts';
import { KyselyOrderRepository } from '../../src/storage/kysely/order-repository.ts';
import { KyselyPhoneNumberRepository } from '../../src/storage/kysely/phone-number-repository.ts';
import { recordFields } from '../../src/storage/kysely/record-text.ts';
import { KyselyAssociationRepository } from '../../src/storage/kysely/association-repository.ts';
import { KyselyVoiceConnectorRepository } from '../../src/storage/kysely/voice-connector-repository.ts';
import type { ListNumbersOptions } from '../../src/domain/ports/phone-numbers.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { newVoiceConnectorId } from '../../src/domain/voice-connectors/voice-connector-id.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

let pool: pg.Pool;
let db: Kysely<DatabaseSchema>;
/** Every statement `db` ran, in order. */
const ran: { sql: string; parameters: readonly unknown[] }[] = [];
const ACCOUNT = '111111111111';
const OTHER = '222222222222';

function order(accountId: string, i: number): Order {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
  return {
    id: randomUUID(),
    accountId,
    productType: 'VoiceConnector',
    status: 'Successful',
    numbers: [{ e164: `+1206555${String(i).padStart(4, '0')}`, status: 'Acquired' }],
    createdAt: at,
    updatedAt: at,
  };
}

before(async () => {
  const url = await freshDatabase('coalesced_reads');
  await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 5_000 })).close();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }), log: (event) => void ran.push(event.query) });
  await pool.query(
    `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
     select '+1425555' || lpad(i::text, 4, '0'), case when i % 2 = 0 then '${ACCOUNT}' else '${OTHER}' end, null,
       'Unassigned', 1, 'VoiceConnector', 'Local', 'US', i, i, null
     from generate_series(0, 1999) as i`,
  );
  await pool.query('analyze phone_numbers');
});
after(async () => {
  await db?.destroy();
});
beforeEach(() => {
  ran.length = 0;
});

/** The plan of `query` with sequential scans priced out: which indexes it can read its keys through. */
async function planOf(query: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('set enable_seqscan = off');
    return (await client.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [...query.parameters])).rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('reset enable_seqscan');
    client.release();
  }
}

/** What `read` answers for each of `keys`, one after the other inside a transaction (where reads are not coalesced). */
async function oneByOne<K, V>(keys: readonly K[], read: (trx: Kysely<DatabaseSchema>, key: K) => Promise<V>): Promise<V[]> {
  return db.transaction().execute(async (trx) => {
    const answers: V[] = [];
    for (const key of keys) answers.push(await read(trx, key));
    return answers;
  });
}

describe('coalesced reads on PostgreSQL', () => {
  it('reads the order gets of one turn in one statement, each answered for its own account', async () => {
    const orders = new KyselyOrderRepository(db, 'postgres');
    const mine = Array.from({ length: 20 }, (_, i) => order(ACCOUNT, i));
    // Values the row text (record-text.ts) must carry: quotes, a backslash, separators, white space, characters beyond
    // ASCII, an empty name; several numbers, one failed with its reason.
    mine[1]!.name = 'Front "desk", (north) \\ é ☎\ttab';
    mine[2]!.name = '';
    mine[3]!.status = 'Partial';
    mine[3]!.numbers = [
      { e164: '+12065559001', status: 'Acquired' },
      { e164: '+12065559002', status: 'Failed', failureReason: 'Number is no longer available, (try another) "x"' },
      { e164: '+12065559003', status: 'Acquired' },
    ];
    mine[4]!.numbers = [];
    const theirs = order(OTHER, 99);
    for (const o of [...mine, theirs]) await orders.insert(o);
    ran.length = 0;
    const got = await Promise.all([...mine.map((o) => orders.get(ACCOUNT, o.id)), orders.get(ACCOUNT, theirs.id), orders.get(OTHER, theirs.id)]);
    assert.deepEqual(got, [...mine, undefined, theirs]);
    assert.equal(ran.length, 1, ran.map((q) => q.sql).join('\n'));
    assert.doesNotMatch(await planOf(ran[0]!), /Seq Scan on orders/);

    ran.length = 0;
    for (const o of mine.slice(0, 3)) assert.deepEqual(await orders.get(ACCOUNT, o.id), o);
    assert.equal(ran.length, 3, 'gets of different turns are statements of their own');
  });

  it('reads the number reads of one turn in one statement: the newest record, per account, through an index', async () => {
    const numbers = new KyselyPhoneNumberRepository(db, 'postgres');
    await pool.query(`update phone_numbers set active = 0, released_at = 4000 where e164 = '+14255550000' and order_id is null`);
    await pool.query(
      `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
       values ('+14255550000', '${ACCOUNT}', 'again', 'Unassigned', 1, 'VoiceConnector', 'Local', 'US', 5000, 5000, null)`,
    );
    const keys: [string, string][] = [[ACCOUNT, '+14255550000'], [ACCOUNT, '+14255550002'], [OTHER, '+14255550001'], [ACCOUNT, '+14255550001'], [ACCOUNT, '+14255559999']];
    ran.length = 0;
    const shown = await Promise.all(keys.map(([accountId, e164]) => numbers.getShown(accountId, e164)));
    assert.equal(ran.length, 1, ran.map((q) => q.sql).join('\n'));
    assert.deepEqual(shown.map((s) => s && [s.record.accountId, s.record.e164, s.record.orderId]), [
      [ACCOUNT, '+14255550000', 'again'],
      [ACCOUNT, '+14255550002', undefined],
      [OTHER, '+14255550001', undefined],
      undefined,
      undefined,
    ]);
    assert.doesNotMatch(await planOf(ran[0]!), /Seq Scan on phone_numbers/);
  });

  it('reads the availability reads of one turn\'s searches in one statement, each answered as alone', async () => {
    const numbers = new KyselyPhoneNumberRepository(db, 'postgres');
    const reads: [string[], Date][] = [[['+1425555'], new Date(0)], [['+14255550', '+14255551'], new Date(0)], [['+1425555000', '+1206'], new Date(0)]];
    ran.length = 0;
    const together = await Promise.all(reads.map(([prefixes, since]) => numbers.unavailableUnder(prefixes, since)));
    assert.equal(ran.length, 1, ran.map((q) => q.sql).join('\n'));
    const alone = [];
    for (const [prefixes, since] of reads) alone.push(await unavailableUnder(db, prefixes, since));
    assert.deepEqual(together, alone);
    assert.ok(together[0]!.size > 1000, `${together[0]!.size}`);
    assert.notEqual(together[0], together[1]);
  });

  it('reads the listings of one turn in one statement, each page as a listing alone reads it', async () => {
    const orders = new KyselyOrderRepository(db, 'postgres');
    const [a, b] = ['333333333333', '444444444444'];
    const made = Array.from({ length: 30 }, (_, i) => ({ ...order(i % 3 === 0 ? b : a, 1000 + i), ...(i % 4 === 0 && { productType: 'BusinessCalling' as const }) }));
    made[5]!.numbers = [];
    made[1]!.name = 'Lobby, "east" (2) \\ ü';
    made[2]!.numbers.push({ e164: '+12065559101', status: 'Failed', failureReason: 'refused, "busy"' });
    made[2]!.status = 'Partial';
    for (const o of made) await orders.insert(o);
    const mineA = made.filter((o) => o.accountId === a);
    const listings: [string, Parameters<typeof orders.list>[1]][] = [
      [a, { limit: 5 }],
      [a, { limit: 4, after: { createdAt: mineA[3]!.createdAt, id: mineA[3]!.id } }],
      [b, { limit: 50 }],
      [a, { limit: 3, productTypes: ['BusinessCalling'] }],
      [a, { limit: 2, productTypes: ['VoiceConnector', 'BusinessCalling'], after: { createdAt: mineA[0]!.createdAt, id: mineA[0]!.id } }],
      ['555555555555', { limit: 5 }],
    ];
    ran.length = 0;
    const together = await Promise.all(listings.map(([accountId, options]) => orders.list(accountId, options)));
    assert.equal(ran.length, 1, ran.map((q) => q.sql).join('\n'));
    const plan = await planOf(ran[0]!);
    assert.match(plan, /Index Cond: \(order_id = orders\.id\)/, plan);
    const alone = await oneByOne(listings, (trx, [accountId, options]) => new KyselyOrderRepository(trx, 'postgres').list(accountId, options));
    assert.deepEqual(together, alone);
    assert.deepEqual(together[0], mineA.slice(0, 5));
    assert.deepEqual(together[1], mineA.slice(4, 8));
    assert.deepEqual(together[2], made.filter((o) => o.accountId === b));
    assert.deepEqual(together[3], mineA.filter((o) => o.productType === 'BusinessCalling').slice(0, 3));
    assert.deepEqual(together[4], mineA.slice(1, 3));
    assert.deepEqual(together[5], []);
  });

  it('reads the number listings of one turn in one statement per shape, each page as a listing alone reads it', async () => {
    const numbers = new KyselyPhoneNumberRepository(db, 'postgres');
    const at = new Date(10_000);
    const id = newVoiceConnectorId(cryptoIds);
    await new KyselyVoiceConnectorRepository(db, 'postgres').insert({ id, accountId: ACCOUNT, name: 'trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at, updatedAt: at });
    const onConnector = ['+14255550010', '+14255550012', '+14255550014', '+14255550016'];
    await new KyselyAssociationRepository(db).associate(ACCOUNT, onConnector, { kind: 'VoiceConnectorId', id }, at);
    await pool.query(`update phone_numbers set status = 'Assigned' where account_id = '${ACCOUNT}' and e164 = any($1::text[])`, [onConnector]);
    // Text with quotes, escapes and characters beyond ASCII, and the optional columns set, read back alike both ways.
    const awkward = 'a "quoted" \\ name\twith é, 📞 and \u0001';
    await pool.query(
      `update phone_numbers set name = $1, calling_name = $2, calling_name_status = 'UpdateInProgress', calling_name_due_at = 9007199254740,
         deletion_at = 1234567890123 where account_id = $3 and e164 = '+14255550002'`,
      [awkward, 'CALLER "X"', ACCOUNT],
    );
    const now = new Date(20_000);
    const listings: [string, ListNumbersOptions][] = [
      [ACCOUNT, { limit: 5, now }],
      [OTHER, { limit: 3, now }],
      [ACCOUNT, { limit: 4, now, after: '+14255550100' }],
      [ACCOUNT, { limit: 3, now, status: 'Assigned' }],
      [ACCOUNT, { limit: 2, now, productTypes: ['VoiceConnector', 'SipMediaApplicationDialIn'] }],
      [ACCOUNT, { limit: 3, now, associatedWith: { kind: 'VoiceConnectorId', id } }],
      [ACCOUNT, { limit: 3, now, associatedWith: { kind: 'VoiceConnectorId', id }, after: '+14255550012' }],
      ['666666666666', { limit: 5, now }],
    ];
    ran.length = 0;
    const together = await Promise.all(listings.map(([accountId, options]) => numbers.listListed(accountId, options)));
    assert.equal(ran.length, 6, `one statement per shape of listing:\n${ran.map((q) => q.sql).join('\n')}`);
    const alone = await oneByOne(listings, (trx, [accountId, options]) => new KyselyPhoneNumberRepository(trx, 'postgres').listListed(accountId, options));
    assert.deepEqual(together, alone);
    const e164s = together.map((page) => page.map((n) => n.e164));
    assert.deepEqual(e164s[0], ['+14255550000', '+14255550002', '+14255550004', '+14255550006', '+14255550008']);
    const marked = together[0]![1]!;
    assert.equal(marked.name, awkward);
    assert.equal(marked.callingName, 'CALLER "X"');
    assert.deepEqual([marked.callingNameDueAt?.getTime(), marked.deletionAt?.getTime()], [9007199254740, 1234567890123]);
    assert.deepEqual(e164s[1], ['+14255550001', '+14255550003', '+14255550005']);
    assert.deepEqual(e164s[2], ['+14255550102', '+14255550104', '+14255550106', '+14255550108']);
    assert.deepEqual(e164s[3], onConnector.slice(0, 3));
    assert.deepEqual(e164s[5], onConnector.slice(0, 3));
    assert.deepEqual(e164s[6], onConnector.slice(2));
    assert.deepEqual(e164s[7], []);
    for (const page of together.slice(0, 7)) assert.ok(page.length > 0);
  });

  it('reads back every field of a row value as PostgreSQL writes it (the listings read their records so)', async () => {
    const texts = ['', ' ', 'plain', 'a,b', '(x)', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', 'é and 📞', '\u0001', '"', '\\', '""', ',', ')'];
    const values: (string | null)[] = [...texts, null, '+14255550100', null];
    const { rows } = await pool.query<{ record: string }>(`select row(${values.map((_, i) => `$${i + 1}::text`).join(', ')})::text as record`, values);
    assert.deepEqual(recordFields(rows[0]!.record, values.length), values);
    const numbers = await pool.query<{ record: string }>(`select row(12345678901234::bigint, 1::integer, null::bigint)::text as record`);
    assert.deepEqual(recordFields(numbers.rows[0]!.record, 3), ['12345678901234', '1', null]);
  });

  it('keeps a get inside a transaction to its own statement', async () => {
    const o = order(ACCOUNT, 500);
    await new KyselyOrderRepository(db, 'postgres').insert(o);
    ran.length = 0;
    const got = await db.transaction().execute(async (trx) => {
      const orders = new KyselyOrderRepository(trx, 'postgres');
      return Promise.all([orders.get(ACCOUNT, o.id), orders.get(ACCOUNT, o.id)]);
    });
    assert.deepEqual(got, [o, o]);
    assert.equal(ran.filter((q) => /from "orders"/.test(q.sql)).length, 2);
  });

  it('fails each get of a failed statement, and reads again at the next turn', async () => {
    const orders = new KyselyOrderRepository(db, 'postgres');
    const o = order(ACCOUNT, 600);
    await orders.insert(o);
    await pool.query('alter table order_numbers rename to order_numbers_away');
    let settled: PromiseSettledResult<Order | undefined>[];
    try {
      settled = await Promise.allSettled([orders.get(ACCOUNT, o.id), orders.get(ACCOUNT, randomUUID())]);
    } finally {
      await pool.query('alter table order_numbers_away rename to order_numbers');
    }
    for (const result of settled) {
      assert.equal(result.status, 'rejected');
      assert.match(String((result as PromiseRejectedResult).reason), /order_numbers/);
    }
    assert.deepEqual(await orders.get(ACCOUNT, o.id), o);
  });
});

/**
 * The counter of numbers on order (migration 0029) looks each written number's order up by its key on PostgreSQL: in
 * one transaction that writes batch after batch of orders into a fresh database (`dialtone import`), no statement's
 * trigger reads `orders` sequentially (`pg_stat_xact_user_tables`, this transaction's own counts), whatever the plan
 * PL/pgSQL kept from the first batch, when the table looked empty. With 0016's join, each batch read every order
 * written before it. The counters still equal a recount.
 *
 * 0016's orders trigger counts an order's numbers by a lookup per order on UPDATE and DELETE. Its plans, made in a
 * session while the tables held one order, still read neither table sequentially once they hold thousands (a
 * settlement and a prune in the same session).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, it } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Order } from '../../src/domain/orders/order.ts';
import { KyselyOrderRepository } from '../../src/storage/kysely/order-repository.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

const ACCOUNT = '123456789012';

function order(i: number, status: Order['status']): Order {
  return {
    id: randomUUID(),
    accountId: ACCOUNT,
    productType: 'VoiceConnector',
    status,
    numbers: [
      { e164: `+1206555${String(i).padStart(4, '0')}`, status: 'Processing' },
      { e164: `+1425555${String(i).padStart(4, '0')}`, status: status === 'Processing' ? 'Processing' : 'Acquired' },
    ],
    createdAt: new Date(1e12 + i),
    updatedAt: new Date(1e12 + i),
  };
}

it('writes batches of orders in one transaction without reading orders sequentially; the counters equal a recount', async () => {
  const url = await freshDatabase('order_usage_lookups');
  // Migrated as the server migrates it, then written through a pool of the test's own.
  await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 30_000 })).close();
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    const { seqRead, usage, recount } = await db.transaction().execute(async (trx) => {
      const orders = new KyselyOrderRepository(trx, 'postgres');
      for (let batch = 0; batch < 4; batch++) {
        await orders.insertAll(Array.from({ length: 500 }, (_, i) => order(batch * 500 + i, i % 4 === 0 ? 'Successful' : 'Processing')));
      }
      const stats = await sql<{ seq_tup_read: string }>`select seq_tup_read from pg_stat_xact_user_tables where relname = 'orders'`.execute(trx);
      const counters = await sql<{ processing_orders: string; numbers_on_order: string }>`
        select processing_orders, numbers_on_order from account_usage where account_id = ${ACCOUNT}`.execute(trx);
      const counted = await sql<{ processing_orders: string; numbers_on_order: string }>`
        select count(distinct o.id) as processing_orders, count(n.e164) filter (where n.status = 'Processing') as numbers_on_order
          from orders o join order_numbers n on n.order_id = o.id where o.account_id = ${ACCOUNT} and o.status = 'Processing'`.execute(trx);
      return { seqRead: Number(stats.rows[0]?.seq_tup_read), usage: counters.rows[0], recount: counted.rows[0] };
    });
    assert.equal(seqRead, 0, 'no order read by a sequential scan');
    assert.deepEqual(usage, recount);
    assert.deepEqual(recount, { processing_orders: '1500', numbers_on_order: '3000' });
  } finally {
    await db.destroy();
  }
});

it('settles and prunes orders without sequential reads, with the trigger plans made while the tables held one order', async () => {
  const url = await freshDatabase('order_usage_updates');
  await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 30_000 })).close();
  // One session for the settlements (its plans are kept across statements), another for the bulk writes.
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  const writer = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  const settled = (o: Order, at: number) => ({
    accountId: ACCOUNT,
    orderId: o.id,
    status: 'Successful' as const,
    numbers: o.numbers.map((n) => ({ e164: n.e164, status: 'Acquired' as const })),
    at: new Date(1e12 + at),
  });
  try {
    const first = order(0, 'Processing');
    await new KyselyOrderRepository(db, 'postgres').insertAll([first]);
    await db.transaction().execute(async (trx) => {
      await new KyselyOrderRepository(trx, 'postgres').settleMany([settled(first, 1)]);
      assert.equal(await new KyselyOrderRepository(trx, 'postgres').pruneFinished(new Date(2e12), 10), 1);
    });
    for (let batch = 0; batch < 10; batch++) {
      await new KyselyOrderRepository(writer, 'postgres').insertAll(Array.from({ length: 500 }, (_, i) => order(1 + batch * 500 + i, 'Processing')));
    }
    // Read in the writer's session: a session's statistics not yet flushed also count in pg_stat_xact_user_tables.
    const ids = (await sql<{ id: string }>`select id from orders order by id limit 300`.execute(writer)).rows.map((r) => r.id);
    const found = await new KyselyOrderRepository(writer, 'postgres').getMany(ids.map((orderId) => ({ accountId: ACCOUNT, orderId })));
    const { stats, usage, recount } = await db.transaction().execute(async (trx) => {
      const orders = new KyselyOrderRepository(trx, 'postgres');
      for (const [i, o] of found.entries()) await orders.settleMany([settled(o, i + 2)]);
      // Ten at a time: on tables without statistics the planner reads a long list of keys by a sequential scan.
      for (let i = 0; i < 10; i++) assert.equal(await orders.pruneFinished(new Date(2e12), 10), 10);
      const read = await sql<{ relname: string; seq_tup_read: string }>`
        select relname, seq_tup_read from pg_stat_xact_user_tables where relname in ('orders', 'order_numbers') order by relname`.execute(trx);
      const counters = await sql<{ processing_orders: string; numbers_on_order: string }>`
        select processing_orders, numbers_on_order from account_usage where account_id = ${ACCOUNT}`.execute(trx);
      const counted = await sql<{ processing_orders: string; numbers_on_order: string }>`
        select count(distinct o.id) as processing_orders, count(n.e164) filter (where n.status = 'Processing') as numbers_on_order
          from orders o join order_numbers n on n.order_id = o.id where o.account_id = ${ACCOUNT} and o.status = 'Processing'`.execute(trx);
      return { stats: read.rows, usage: counters.rows[0], recount: counted.rows[0] };
    });
    assert.deepEqual(stats, [
      { relname: 'order_numbers', seq_tup_read: '0' },
      { relname: 'orders', seq_tup_read: '0' },
    ]);
    assert.deepEqual(usage, recount);
    assert.deepEqual(recount, { processing_orders: '4700', numbers_on_order: '9400' });
  } finally {
    await db.destroy();
    await writer.destroy();
  }
});

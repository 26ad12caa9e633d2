/**
 * The counter of numbers on order (migration 0029) looks each written number's order up by its key on PostgreSQL: in
 * one transaction that writes batch after batch of orders into a fresh database (`dialtone import`), no statement's
 * trigger reads `orders` sequentially (`pg_stat_xact_user_tables`, this transaction's own counts), whatever the plan
 * PL/pgSQL kept from the first batch, when the table looked empty. With 0016's join, each batch read every order
 * written before it. The counters still equal a recount.
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

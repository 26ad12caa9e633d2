/** 0001 (PostgreSQL): orders, their numbers, and the server-wide meta table. Forward-only; mirrors sqlite/0001. */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

/** Creates `orders` (+ the keyset index for listing), `order_numbers` and `meta`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('product_type', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('orders_account_created_id').on('orders').columns(['account_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('order_numbers')
    .addColumn('order_id', key, (col) => col.notNull().references('orders.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('e164', key, (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('failure_reason', 'text')
    .addPrimaryKeyConstraint('order_numbers_pk', ['order_id', 'position'])
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('name', key, (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();
}

/**
 * 0008 (PostgreSQL): mirrors sqlite/0008 — `order_invocations` (account + SDK invocation id → the order a
 * CreatePhoneNumberOrder created, with its fingerprint and time; the primary key decides between concurrent duplicates
 * on every node) and the partial index of finished orders by the time they finished. Keys are byte-ordered text.
 * Forward-only.
 */
import { sql, type Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_invocations')
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('invocation_id', key, (col) => col.notNull())
    .addColumn('order_id', key, (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addPrimaryKeyConstraint('order_invocations_pk', ['account_id', 'invocation_id'])
    .execute();
  await db.schema.createIndex('order_invocations_created').on('order_invocations').column('created_at').execute();
  await db.schema
    .createIndex('orders_finished_updated')
    .on('orders')
    .column('updated_at')
    .where(sql.ref('status'), '<>', sql.lit('Processing'))
    .execute();
}

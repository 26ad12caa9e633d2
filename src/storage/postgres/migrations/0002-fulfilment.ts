/**
 * 0002 (PostgreSQL): owned phone numbers and the job queue. Forward-only; mirrors sqlite/0002.
 * The partial unique index on `e164 WHERE active = 1` makes the database guarantee one active owner per number across
 * every node: `INSERT … ON CONFLICT DO NOTHING` waits for a concurrent uncommitted insert of the same number, then
 * skips it. `id` is an identity column (`bigint`): only compared and ordered in SQL, never handed out.
 */
import { sql, type Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('phone_numbers')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('e164', key, (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('order_id', key)
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull())
    .addColumn('product_type', 'text', (col) => col.notNull())
    .addColumn('number_type', 'text', (col) => col.notNull())
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addColumn('released_at', millis)
    .execute();
  await db.schema
    .createIndex('phone_numbers_active_e164')
    .on('phone_numbers')
    .column('e164')
    .unique()
    .where(sql.ref('active'), '=', 1)
    .execute();
  await db.schema.createIndex('phone_numbers_e164').on('phone_numbers').column('e164').execute();
  await db.schema.createIndex('phone_numbers_account_e164').on('phone_numbers').columns(['account_id', 'e164']).execute();
  await db.schema.createIndex('phone_numbers_order').on('phone_numbers').column('order_id').execute();

  await db.schema.createIndex('order_numbers_e164').on('order_numbers').columns(['e164', 'status']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('run_at', millis, (col) => col.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', millis)
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('jobs_run_at').on('jobs').columns(['run_at']).execute();
}

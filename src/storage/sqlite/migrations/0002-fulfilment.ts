/**
 * 0002: owned phone numbers and the job queue. Forward-only.
 * `phone_numbers.active` is 1 while a number counts as owned (from AcquireInProgress until released); the partial
 * unique index makes the database, not the code, guarantee that a number is actively owned at most once.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('phone_numbers')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('e164', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull())
    .addColumn('product_type', 'text', (col) => col.notNull())
    .addColumn('number_type', 'text', (col) => col.notNull())
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('released_at', 'integer')
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
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('run_at', 'integer', (col) => col.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'integer')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('jobs_run_at').on('jobs').columns(['run_at']).execute();
}

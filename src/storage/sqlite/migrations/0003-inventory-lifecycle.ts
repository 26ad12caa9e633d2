/**
 * 0003: the number inventory lifecycle. Forward-only.
 * - `phone_numbers` gains the calling name (+ its status and propagation deadline) and the deletion-queue deadline;
 * - indexes for listing an account's numbers by status or product type in E.164 order (the unfiltered listing uses
 *   `phone_numbers_account_e164` from 0002), and partial indexes that let the sweeps find due rows without scanning;
 * - `phone_number_settings`: the account's default outbound calling name.
 * SQLite adds one column per `ALTER TABLE`, so each column is its own statement (PostgreSQL accepts the same).
 */
import { sql, type Kysely } from 'kysely';

/** Adds the lifecycle columns, the listing and sweep indexes, and `phone_number_settings`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').addColumn('calling_name', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('calling_name_status', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('calling_name_due_at', 'integer').execute();
  await db.schema.alterTable('phone_numbers').addColumn('deletion_at', 'integer').execute();

  await db.schema
    .createIndex('phone_numbers_account_status_e164')
    .on('phone_numbers')
    .columns(['account_id', 'status', 'e164'])
    .execute();
  await db.schema
    .createIndex('phone_numbers_account_product_e164')
    .on('phone_numbers')
    .columns(['account_id', 'product_type', 'e164'])
    .execute();
  await db.schema
    .createIndex('phone_numbers_deletion_due')
    .on('phone_numbers')
    .column('deletion_at')
    .where(sql.ref('deletion_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('phone_numbers_calling_name_due')
    .on('phone_numbers')
    .column('calling_name_due_at')
    .where(sql.ref('calling_name_due_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('phone_number_settings')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('calling_name', 'text', (col) => col.notNull())
    .addColumn('calling_name_updated_at', 'integer', (col) => col.notNull())
    .execute();
}

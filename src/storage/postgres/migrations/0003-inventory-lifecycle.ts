/**
 * 0003 (PostgreSQL): the number inventory lifecycle. Forward-only; mirrors sqlite/0003: calling-name and
 * deletion-queue columns, the listing indexes, partial indexes for the sweeps, and `phone_number_settings`.
 */
import { sql, type Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('phone_numbers')
    .addColumn('calling_name', 'text')
    .addColumn('calling_name_status', 'text')
    .addColumn('calling_name_due_at', millis)
    .addColumn('deletion_at', millis)
    .execute();

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
    .addColumn('account_id', key, (col) => col.primaryKey())
    .addColumn('calling_name', 'text', (col) => col.notNull())
    .addColumn('calling_name_updated_at', millis, (col) => col.notNull())
    .execute();
}

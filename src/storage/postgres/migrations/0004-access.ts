/**
 * 0004 (PostgreSQL): tenancy and quotas. Forward-only; mirrors sqlite/0004: `accounts` and `access_keys` created from
 * the command line (secrets stored encrypted, `allow`/`deny` as JSON text, as on SQLite), and the indexes that keep
 * the quota counts cheap.
 */
import { sql, type Kysely } from 'kysely';
import { key, millis } from './types.ts';

/** Creates `accounts`, `access_keys` and the quota-count indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('account_id', key, (col) => col.primaryKey())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('limits', 'text')
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_valid_until', millis)
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('allow', 'text')
    .addColumn('deny', 'text')
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('access_keys_account').on('access_keys').columns(['account_id', 'access_key_id']).execute();

  await db.schema.createIndex('orders_account_status').on('orders').columns(['account_id', 'status']).execute();
  await db.schema
    .createIndex('phone_numbers_owned_account')
    .on('phone_numbers')
    .columns(['account_id', 'status'])
    .where(sql.ref('active'), '=', 1)
    .execute();
}

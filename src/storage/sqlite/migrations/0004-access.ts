/**
 * 0004: tenancy and quotas. Forward-only.
 * - `accounts`: accounts created from the command line (`dialtone accounts create`), enabled or suspended, with
 *   optional limit overrides (JSON text). Accounts of the configuration file are not stored here.
 * - `access_keys`: access keys created from the command line, for accounts of either origin. The secret is stored
 *   encrypted (AES-256-GCM, `v1:` + base64); `previous_secret` stays valid until `previous_valid_until` after a rotation
 *   with a grace period. `allow` / `deny` are JSON arrays of IAM-style action patterns (`null` allow = everything).
 * - indexes that keep the quota counts cheap: an account's orders by status, and its actively owned numbers.
 */
import { sql, type Kysely } from 'kysely';

/** Creates `accounts`, `access_keys` and the quota-count indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('limits', 'text')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_valid_until', 'integer')
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('allow', 'text')
    .addColumn('deny', 'text')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
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

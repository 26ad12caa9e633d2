/**
 * 0015 (PostgreSQL): what keeps the console's overview of an account cheap. Forward-only. The order indexes mirror
 * sqlite/0015; the numbers are counted from a covering index instead of counters.
 * - `orders_account_created_status` (account_id, created_at, id, status) replaces `orders_account_created_id`: the
 *   keyset listing reads it as before, and the orders created in a window are counted by status from the index alone.
 * - `orders_account_status_created` (account_id, status, created_at) replaces `orders_account_status` (0004): an
 *   account's orders in Processing and the oldest of them from as many index entries.
 * - `orders_settled_account` (account_id, updated_at, created_at) of the settled orders: the orders an account settled
 *   in a window, and their lags, from the index alone.
 * - `phone_numbers_held` (account_id, status, product_type, deletion_at) of the active records: the numbers an account
 *   holds, counted by an index-only scan. Counters kept by row triggers (as on SQLite) would make concurrent
 *   transactions of one account lock several counter rows each, in whatever order their rows come (a fulfilment batch
 *   of two product types, an association beside a disassociation): a deadlock PostgreSQL breaks by failing one of them.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_account_created_status').on('orders').columns(['account_id', 'created_at', 'id', 'status']).execute();
  await db.schema.dropIndex('orders_account_created_id').execute();
  await db.schema.createIndex('orders_account_status_created').on('orders').columns(['account_id', 'status', 'created_at']).execute();
  await db.schema.dropIndex('orders_account_status').execute();
  await db.schema
    .createIndex('orders_settled_account')
    .on('orders')
    .columns(['account_id', 'updated_at', 'created_at'])
    .where(sql.ref('status'), '<>', sql.lit('Processing'))
    .execute();
  await db.schema
    .createIndex('phone_numbers_held')
    .on('phone_numbers')
    .columns(['account_id', 'status', 'product_type', 'deletion_at'])
    .where(sql.ref('active'), '=', sql.lit(1))
    .execute();
}

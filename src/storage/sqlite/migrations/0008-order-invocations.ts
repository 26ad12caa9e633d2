/**
 * 0008: retry-safe creates and order retention.
 * - `order_invocations`: which order a call of CreatePhoneNumberOrder created, keyed by the account and the SDK's
 *   invocation id (`amz-sdk-invocation-id`, the same on every retry of one call), with a fingerprint of what the call
 *   asked for and when. The primary key makes the claim of an invocation id atomic with the order's insert; the index
 *   on `created_at` serves the bounded deletes of entries past the window.
 * - `orders_finished_updated`: finished orders (`status <> 'Processing'`) by the time they finished (`updated_at`), for
 *   the bounded deletes of orders past their retention. Partial, so orders in Processing cost it nothing; queries repeat
 *   its predicate word for word (with the literal) so that SQLite can use it.
 * Forward-only.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_invocations')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('invocation_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
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

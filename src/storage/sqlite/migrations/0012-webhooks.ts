/**
 * 0012: webhook subscriptions and their dead letters.
 * - `webhook_subscriptions`: the account's target, its sealed secret (AES-GCM, bound to the id), the types it wants
 *   (JSON list; null = every type), and the delivery state: `cursor_seq` (last event sequence handled), the failing
 *   head's `attempts` / `failing_since` / `last_error` / `last_status`, `next_attempt_at`, and the claim's lease
 *   (`lease_owner`, a token unique per claim, and `lease_until`). Claims look for due subscriptions by `next_attempt_at`.
 * - `webhook_dead_letters`: events given up on after the retry period, with the body sent; keyed by subscription and
 *   event id; deleted with their subscription (by the repository, in the same transaction).
 * Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('secret_ciphertext', 'text', (col) => col.notNull())
    .addColumn('event_types', 'text')
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('cursor_seq', 'integer', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('failing_since', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('delivered_at', 'integer')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'integer')
    .execute();
  await db.schema.createIndex('webhook_subscriptions_account').on('webhook_subscriptions').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('webhook_subscriptions_due').on('webhook_subscriptions').column('next_attempt_at').execute();
  await db.schema
    .createTable('webhook_dead_letters')
    .addColumn('subscription_id', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text', (col) => col.notNull())
    .addColumn('dead_lettered_at', 'integer', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('webhook_dead_letters_pk', ['subscription_id', 'event_id'])
    .execute();
}

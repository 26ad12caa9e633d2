/**
 * 0012 (PostgreSQL): mirrors sqlite/0012 — `webhook_subscriptions` (target, sealed secret, type filter, delivery
 * state and the claim's lease; claims lock rows with `FOR UPDATE SKIP LOCKED`) and `webhook_dead_letters`. Keys are
 * byte-ordered text, times bigint milliseconds. Forward-only.
 */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('secret_ciphertext', 'text', (col) => col.notNull())
    .addColumn('event_types', 'text')
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addColumn('cursor_seq', 'bigint', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', millis, (col) => col.notNull())
    .addColumn('failing_since', millis)
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('delivered_at', millis)
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', millis)
    .execute();
  await db.schema.createIndex('webhook_subscriptions_account').on('webhook_subscriptions').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('webhook_subscriptions_due').on('webhook_subscriptions').column('next_attempt_at').execute();
  await db.schema
    .createTable('webhook_dead_letters')
    .addColumn('subscription_id', key, (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('event_id', key, (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text', (col) => col.notNull())
    .addColumn('dead_lettered_at', millis, (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('webhook_dead_letters_pk', ['subscription_id', 'event_id'])
    .execute();
}

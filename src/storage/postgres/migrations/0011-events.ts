/**
 * 0011 (PostgreSQL): mirrors sqlite/0011 — the event outbox: `event_sequences` (each account's last sequence, taken by
 * a locking upsert so that sequences follow commit order) and `events` (by account and sequence; by time for the
 * retention prune; the random id is not indexed, as on SQLite). Keys are byte-ordered text. Forward-only.
 */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_sequences')
    .addColumn('account_id', key, (col) => col.primaryKey())
    .addColumn('last_seq', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('events')
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('id', key, (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('occurred_at', millis, (col) => col.notNull())
    .addColumn('resources', 'text', (col) => col.notNull())
    .addColumn('detail', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('events_pk', ['account_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_occurred_at').on('events').column('occurred_at').execute();
}

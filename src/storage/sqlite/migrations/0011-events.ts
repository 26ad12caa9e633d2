/**
 * 0011: the event outbox.
 * - `event_sequences`: each account's last event sequence. Appending takes the next numbers from it in one upsert
 *   (which, on a database with concurrent writers, keeps the account's row locked until commit: sequences follow commit
 *   order). Never reset, so a sequence is never given twice, whatever is pruned or reset.
 * - `events`: the events, keyed by account and sequence (the reads: one account, after a sequence); `occurred_at`
 *   serves the retention prune. The id (a random UUID, the same in every delivery) has no index: nothing looks an
 *   event up by it, and an index of random keys made each append cost about twice as much as the rest of its write.
 * Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_sequences')
    .addColumn('account_id', 'text', (col) => col.primaryKey())
    .addColumn('last_seq', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('events')
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'integer', (col) => col.notNull())
    .addColumn('resources', 'text', (col) => col.notNull())
    .addColumn('detail', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('events_pk', ['account_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_occurred_at').on('events').column('occurred_at').execute();
}

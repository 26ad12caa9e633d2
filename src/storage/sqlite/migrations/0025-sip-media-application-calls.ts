/**
 * 0025: `sip_media_application_calls`, the outbound calls of SIP media applications (CreateSipMediaApplicationCall):
 * one row per transaction, of its application in its account (the foreign key deletes the calls with their
 * application). `sip_headers` and `arguments` are JSON objects. Rows are read for a day after `created_at`, then pruned
 * (indexed by account and `created_at`). Forward-only; the same in both dialects but for the column types.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './0024-proxy-sessions.ts';

export async function createSipMediaApplicationCalls(db: Kysely<unknown>, { key, millis }: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('sip_media_application_calls')
    .addColumn('transaction_id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('sip_media_application_id', key, (col) => col.notNull())
    .addColumn('from_phone_number', 'text', (col) => col.notNull())
    .addColumn('to_phone_number', 'text', (col) => col.notNull())
    .addColumn('sip_headers', 'text', (col) => col.notNull())
    .addColumn('arguments', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addForeignKeyConstraint(
      'sip_media_application_calls_application',
      ['account_id', 'sip_media_application_id'],
      'sip_media_applications',
      ['account_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('sip_media_application_calls_account_created').on('sip_media_application_calls').columns(['account_id', 'created_at']).execute();
  // The foreign key's own lookups (deleting an application) go through its columns.
  await db.schema
    .createIndex('sip_media_application_calls_application')
    .on('sip_media_application_calls')
    .columns(['account_id', 'sip_media_application_id'])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createSipMediaApplicationCalls(db, { key: 'text', millis: 'integer' });
}

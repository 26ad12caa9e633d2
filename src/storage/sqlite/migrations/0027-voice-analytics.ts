/**
 * 0027: voice analytics. `voice_analytics_tasks`, the speaker search and voice tone analysis tasks of voice connectors'
 * calls: one row per task, of its connector in its account (the foreign key deletes the tasks with their connector).
 * `kind` is `speaker-search` or `voice-tone`; `call_leg`, `voice_profile_domain_id` and `voiceprint` are a speaker
 * search's, `language_code` a voice tone analysis's. Rows are read for a day after `created_at`, then pruned (indexed
 * by account and `created_at`); a retry is found by its `client_request_token`, a running task by its call.
 * `voice_profiles`, the voice profiles enrolled from speaker searches: each in a voice profile domain (the foreign key
 * deletes them with their domain), with the voiceprint that searches match and the task it came from. Forward-only;
 * the same in both dialects but for the column types.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from './0024-proxy-sessions.ts';

export async function createVoiceAnalytics(db: Kysely<unknown>, { key, millis }: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('voice_analytics_tasks')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('voice_connector_id', key, (col) => col.notNull())
    .addColumn('transaction_id', 'text', (col) => col.notNull())
    .addColumn('call_leg', 'text')
    .addColumn('voice_profile_domain_id', key)
    .addColumn('voiceprint', 'text')
    .addColumn('language_code', 'text')
    .addColumn('client_request_token', key)
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('stopped_at', millis)
    .addForeignKeyConstraint('voice_analytics_tasks_connector', ['account_id', 'voice_connector_id'], 'voice_connectors', ['account_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('voice_analytics_tasks_account_created').on('voice_analytics_tasks').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('voice_analytics_tasks_call').on('voice_analytics_tasks').columns(['account_id', 'voice_connector_id', 'transaction_id']).execute();
  await db.schema.createIndex('voice_analytics_tasks_token').on('voice_analytics_tasks').columns(['account_id', 'client_request_token']).execute();
  await db.schema
    .createTable('voice_profiles')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('region', key, (col) => col.notNull())
    .addColumn('voice_profile_domain_id', key, (col) => col.notNull().references('voice_profile_domains.id').onDelete('cascade'))
    .addColumn('voiceprint', 'text', (col) => col.notNull())
    .addColumn('speaker_search_task_id', key, (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addColumn('expires_at', millis, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('voice_profiles_domain_created').on('voice_profiles').columns(['voice_profile_domain_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('voice_profiles_voiceprint').on('voice_profiles').columns(['voice_profile_domain_id', 'voiceprint']).execute();
  // A search's voiceprint enrols one profile: the service checks it under the account's lock, the index makes sure.
  await db.schema.createIndex('voice_profiles_task').on('voice_profiles').columns(['account_id', 'speaker_search_task_id']).unique().execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createVoiceAnalytics(db, { key: 'text', millis: 'integer' });
}

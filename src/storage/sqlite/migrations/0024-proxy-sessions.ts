/**
 * 0024: `proxy_sessions`, the voice connectors' proxy sessions (CreateProxySession): one row each, on its connector in
 * its account (the foreign key deletes the sessions with their connector), listed per connector by (`created_at`,
 * `id`). `capabilities` is a JSON array, `geo_match_params` a JSON object or null. A session's status is not stored:
 * it is open while `expires_at` (`created_at` plus `expiry_minutes`, in milliseconds) is later than now. The two
 * participants and their proxy numbers are columns, each participant indexed with the connector and `expires_at`, so
 * that the numbers a participant holds in open sessions are found by index. Forward-only; the same in both dialects
 * but for the column types ({@link createProxySessions}).
 */
import type { Expression, Kysely } from 'kysely';

/** The column types of a dialect: text keys and integer milliseconds. */
export interface ColumnTypes {
  key: 'text' | Expression<unknown>;
  millis: 'integer' | 'bigint';
}

export async function createProxySessions(db: Kysely<unknown>, { key, millis }: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('proxy_sessions')
    .addColumn('id', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('voice_connector_id', key, (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('capabilities', 'text', (col) => col.notNull())
    .addColumn('expiry_minutes', 'integer', (col) => col.notNull())
    .addColumn('expires_at', millis, (col) => col.notNull())
    .addColumn('number_selection_behavior', 'text')
    .addColumn('geo_match_level', 'text')
    .addColumn('geo_match_params', 'text')
    .addColumn('participant_1', key, (col) => col.notNull())
    .addColumn('proxy_1', key, (col) => col.notNull())
    .addColumn('participant_2', key, (col) => col.notNull())
    .addColumn('proxy_2', key, (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('updated_at', millis, (col) => col.notNull())
    .addForeignKeyConstraint('proxy_sessions_connector', ['account_id', 'voice_connector_id'], 'voice_connectors', ['account_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('proxy_sessions_connector_created')
    .on('proxy_sessions')
    .columns(['account_id', 'voice_connector_id', 'created_at', 'id'])
    .execute();
  for (const n of [1, 2]) {
    await db.schema
      .createIndex(`proxy_sessions_participant_${n}`)
      .on('proxy_sessions')
      .columns(['voice_connector_id', `participant_${n}`, 'expires_at'])
      .execute();
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createProxySessions(db, { key: 'text', millis: 'integer' });
}

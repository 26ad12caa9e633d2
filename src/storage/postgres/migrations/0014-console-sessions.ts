/** 0014 (PostgreSQL): mirrors sqlite/0014 — `console_sessions`, keyed by the SHA-256 of the token; times bigint milliseconds. Forward-only. */
import type { Kysely } from 'kysely';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', key, (col) => col.primaryKey())
    .addColumn('account_id', key, (col) => col.notNull())
    .addColumn('access_key_id', 'text', (col) => col.notNull())
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', millis, (col) => col.notNull())
    .addColumn('expires_at', millis, (col) => col.notNull())
    .addColumn('last_seen_at', millis, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expiry').on('console_sessions').column('expires_at').execute();
}

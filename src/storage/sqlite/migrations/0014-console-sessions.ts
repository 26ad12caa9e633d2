/**
 * 0014: `console_sessions` — the web console's sessions. Keyed by the SHA-256 of the session token (the token itself is
 * only in the browser's cookie), with the account and access key it signed in as, its CSRF token, and its times:
 * `expires_at` (absolute end), `last_seen_at` (for the idle timeout). The sweep deletes ended sessions by
 * `expires_at`. Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('access_key_id', 'text', (col) => col.notNull())
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'integer', (col) => col.notNull())
    .addColumn('last_seen_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expiry').on('console_sessions').column('expires_at').execute();
}

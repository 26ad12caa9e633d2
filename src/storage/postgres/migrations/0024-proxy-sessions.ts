/**
 * 0024: `proxy_sessions`, the voice connectors' proxy sessions: the table of the SQLite migration of the same name
 * (which says what it holds), with this dialect's column types. Forward-only.
 */
import type { Kysely } from 'kysely';
import { createProxySessions } from '../../sqlite/migrations/0024-proxy-sessions.ts';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createProxySessions(db, { key, millis });
}

/**
 * 0025: `sip_media_application_calls`, the outbound calls of SIP media applications: the table of the SQLite migration
 * of the same name (which says what it holds), with this dialect's column types. Forward-only.
 */
import type { Kysely } from 'kysely';
import { createSipMediaApplicationCalls } from '../../sqlite/migrations/0025-sip-media-application-calls.ts';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createSipMediaApplicationCalls(db, { key, millis });
}

/**
 * 0027: voice analytics (`voice_analytics_tasks`, `voice_profiles`): the tables of the SQLite migration of the same
 * name (which says what they hold), with this dialect's column types. Forward-only.
 */
import type { Kysely } from 'kysely';
import { createVoiceAnalytics } from '../../sqlite/migrations/0027-voice-analytics.ts';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createVoiceAnalytics(db, { key, millis });
}

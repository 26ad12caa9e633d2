/**
 * 0027: `voice_analytics_tasks`, the speaker search and voice tone analysis tasks of voice connectors' calls: the table
 * of the SQLite migration of the same name (which says what it holds), with this dialect's column types. Forward-only.
 */
import type { Kysely } from 'kysely';
import { createVoiceAnalyticsTasks } from '../../sqlite/migrations/0027-voice-analytics-tasks.ts';
import { key, millis } from './types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createVoiceAnalyticsTasks(db, { key, millis });
}

/**
 * 0028: the indexes of voice analytics' retention sweep, which deletes across all accounts the tasks past their day
 * (by `created_at`) and the voice profiles past their expiry (by `expires_at`), oldest first: with them each delete
 * reads an index range instead of scanning the table (0027's `voice_analytics_tasks_account_created` serves one
 * account's reads and prunes, not a range over every account). Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('voice_analytics_tasks_created').on('voice_analytics_tasks').column('created_at').execute();
  await db.schema.createIndex('voice_profiles_expires').on('voice_profiles').column('expires_at').execute();
}

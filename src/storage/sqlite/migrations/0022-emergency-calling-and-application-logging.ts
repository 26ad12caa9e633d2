/**
 * 0022: a voice connector's emergency calling configuration (`voice_connectors.emergency_calling_configuration`) and a
 * SIP media application's logging configuration (`sip_media_applications.logging_configuration`), JSON objects on the
 * resource's own row (they go with it), null when never put or deleted. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('voice_connectors').addColumn('emergency_calling_configuration', 'text').execute();
  await db.schema.alterTable('sip_media_applications').addColumn('logging_configuration', 'text').execute();
}

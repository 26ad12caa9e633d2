/**
 * 0023: a voice connector's proxy configuration (`voice_connectors.proxy`, PutVoiceConnectorProxy), a JSON object on
 * the connector's own row (it goes with it), null when never put or deleted. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('voice_connectors').addColumn('proxy', 'text').execute();
}

/**
 * 0026: a voice connector's external systems configuration (`voice_connectors.external_systems_configuration`,
 * PutVoiceConnectorExternalSystemsConfiguration), a JSON object on the connector's own row (it goes with it), null when
 * never put or deleted. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('voice_connectors').addColumn('external_systems_configuration', 'text').execute();
}

/**
 * 0019: a voice connector's SIP trunk settings, on its own row (they go with it when it is deleted): `origination`,
 * `termination`, `logging_configuration` and `streaming_configuration` as JSON objects, `termination_credentials` as a
 * JSON array of `{ username, passwordHash }`; null when never put or deleted. Forward-only; the same in both dialects.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['origination', 'termination', 'termination_credentials', 'logging_configuration', 'streaming_configuration']) {
    await db.schema.alterTable('voice_connectors').addColumn(column, 'text').execute();
  }
}

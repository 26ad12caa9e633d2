/** 0013 (PostgreSQL): mirrors sqlite/0013 — `webhook_dead_letters.through_seq`, set on a record of pruned events. Forward-only. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_dead_letters').addColumn('through_seq', 'bigint').execute();
}

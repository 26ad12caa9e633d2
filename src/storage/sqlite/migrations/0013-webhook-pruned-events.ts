/**
 * 0013: `webhook_dead_letters.through_seq` — a dead letter may record events that were deleted from the outbox (pruned
 * after their retention, or by a reset) before a subscription reached them: `seq`…`through_seq`, with the event id
 * `pruned-<seq>` and an empty type and body (the events are gone). Null on a dead letter of one event. Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_dead_letters').addColumn('through_seq', 'integer').execute();
}

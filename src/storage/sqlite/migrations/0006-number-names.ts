/**
 * 0006: names (Chime SDK Voice's `Name`). An order keeps the name it was created with, and fulfilment gives it to every
 * number the order reserves; a number's name can change later on its own. Both columns are nullable text: rows written
 * before names existed, and everything ordered or changed without one, keep `null` (no name). Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('name', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('name', 'text').execute();
}

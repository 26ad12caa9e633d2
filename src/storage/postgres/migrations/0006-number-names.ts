/**
 * 0006 (PostgreSQL): mirrors sqlite/0006 — a nullable `name` on orders and on phone numbers; existing rows keep `null`.
 * Plain `text` (the database's collation): names are only stored and read back, never compared or ordered. Forward-only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('name', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('name', 'text').execute();
}

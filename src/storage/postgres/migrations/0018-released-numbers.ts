/**
 * 0018 (PostgreSQL), as sqlite/0018: `phone_numbers_released_e164` (e164, released_at) of the released records only
 * replaces `phone_numbers_e164`, which held every record. Forward-only. Fulfilment's aging check and search's
 * availability read the released records by number through it; a reservation no longer writes an entry of it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('phone_numbers_released_e164')
    .on('phone_numbers')
    .columns(['e164', 'released_at'])
    .where(sql.ref('released_at'), 'is not', null)
    .execute();
  await db.schema.dropIndex('phone_numbers_e164').execute();
}

/**
 * 0018: `phone_numbers_released_e164` (e164, released_at) of the released records only (`released_at is not null`)
 * replaces `phone_numbers_e164` (0002), which held every record. Forward-only.
 *
 * The two queries that look numbers up by `e164` across accounts without `active = 1` want only released records:
 * fulfilment's aging check (`released_at > ?`) and the availability of search (the owned numbers through
 * `phone_numbers_active_e164`, the aging ones through this index). Every other lookup by number goes through an index
 * led by the account or through the unique active index. A record enters the new index when it is released (the
 * deletion sweep, about once in a number's life), not when a number is reserved: a reservation writes one scattered
 * index leaf fewer.
 * `node --import tsx bench/fulfilment-steps.ts --scattered --existing 300000` measures it on a grown table.
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

/**
 * Changes of an account's numbers, each a conditional write that answers whether it matched: product type, calling
 * name and name of one number, its deletion queue (queue, restore), and `Assigned` or `Unassigned` as its
 * associations come and go.
 */
import { sql, type Kysely } from 'kysely';
import type { ProductType } from '../../domain/orders/order.ts';
import type { PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlLists } from './pg-arrays.ts';
import { CHUNK } from './number-rows.ts';

/** See `OwnedNumbers.changeProductType`. */
export async function changeProductType(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  e164: string,
  change: { productType: ProductType; from: PhoneNumberStatus[]; at: Date },
): Promise<boolean> {
  const result = await activeRecord(db, accountId, e164)
    .set({ product_type: change.productType, updated_at: change.at.getTime() })
    .where('status', 'in', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** See `OwnedNumbers.changeCallingName`. */
export async function changeCallingName(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  e164: string,
  change: { callingName: string; from: PhoneNumberStatus[]; at: Date; dueAt: Date },
): Promise<boolean> {
  const at = change.at.getTime();
  const result = await activeRecord(db, accountId, e164)
    .set({
      calling_name: change.callingName,
      calling_name_status: 'UpdateInProgress',
      calling_name_due_at: change.dueAt.getTime(),
      updated_at: at,
    })
    .where('status', 'in', change.from)
    .where((eb) =>
      eb.or([
        eb('calling_name_status', 'is', null),
        eb('calling_name_status', '<>', 'UpdateInProgress'),
        eb('calling_name_due_at', '<=', at),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** See `OwnedNumbers.changeName`. */
export async function changeName(
  db: Kysely<DatabaseSchema>,
  accountId: string,
  e164: string,
  change: { name: string | undefined; from: PhoneNumberStatus[]; at: Date },
): Promise<boolean> {
  const result = await activeRecord(db, accountId, e164)
    .set({ name: change.name ?? null, updated_at: change.at.getTime() })
    .where('status', 'in', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** See `OwnedNumbers.queueDeletion`. */
export async function queueDeletion(db: Kysely<DatabaseSchema>, accountId: string, e164: string, change: { at: Date; deletionAt: Date }): Promise<boolean> {
  const result = await activeRecord(db, accountId, e164)
    .set({ status: 'DeleteInProgress', deletion_at: change.deletionAt.getTime(), updated_at: change.at.getTime() })
    .where('status', '=', 'Unassigned')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** See `OwnedNumbers.restore`. */
export async function restore(db: Kysely<DatabaseSchema>, accountId: string, e164: string, at: Date): Promise<boolean> {
  const result = await activeRecord(db, accountId, e164)
    .set({ status: 'Unassigned', deletion_at: null, updated_at: at.getTime() })
    .where('status', '=', 'DeleteInProgress')
    .where('deletion_at', '>', at.getTime())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** See `OwnedNumbers.markAssigned`. */
export async function markAssigned(
  db: Kysely<DatabaseSchema>,
  lists: SqlLists,
  accountId: string,
  e164s: readonly string[],
  change: { productType: ProductType; at: Date },
): Promise<Set<string>> {
  const matched = new Set<string>();
  for (const chunk of lists.batches(e164s, CHUNK)) {
    const rows = await db
      .updateTable('phone_numbers')
      .set({ status: 'Assigned', updated_at: change.at.getTime() })
      .where('account_id', '=', accountId)
      .where((eb) => lists.oneOf(eb, 'e164', chunk))
      .where('active', '=', sql.lit(1))
      .where('status', 'in', ['Unassigned', 'Assigned'])
      .where('product_type', '=', change.productType)
      .returning('e164')
      .execute();
    for (const row of rows) matched.add(row.e164);
  }
  return matched;
}

/** See `OwnedNumbers.markUnassignedWhereFree`. */
export async function markUnassignedWhereFree(db: Kysely<DatabaseSchema>, lists: SqlLists, accountId: string, e164s: readonly string[], at: Date): Promise<void> {
  for (const chunk of lists.batches(e164s, CHUNK)) {
    await db
      .updateTable('phone_numbers')
      .set({ status: 'Unassigned', updated_at: at.getTime() })
      .where('account_id', '=', accountId)
      .where((eb) => lists.oneOf(eb, 'e164', chunk))
      .where('active', '=', sql.lit(1))
      .where('status', '=', 'Assigned')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('phone_number_associations')
              .select('phone_number_associations.e164')
              .whereRef('phone_number_associations.e164', '=', 'phone_numbers.e164'),
          ),
        ),
      )
      .execute();
  }
}

/** An UPDATE of the account's active record of the number (at most one row, by the unique active index). */
function activeRecord(db: Kysely<DatabaseSchema>, accountId: string, e164: string) {
  return db.updateTable('phone_numbers').where('account_id', '=', accountId).where('e164', '=', e164).where('active', '=', sql.lit(1));
}

/**
 * What the modules of the phone-number repository share: a `phone_numbers` row as an owned number, the read of an
 * account's newest record of a number, and how many rows or values one statement takes on SQLite.
 */
import type { Kysely, Selectable } from 'kysely';
import type { NumberType } from '../../domain/numbers/number-rules.ts';
import type { ProductType } from '../../domain/orders/order.ts';
import type { CallingNameStatus, OwnedNumber, PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema, PhoneNumbersTable } from './schema.ts';
import { QueryTemplate } from './query-template.ts';

/** SQLite: rows per multi-row INSERT and values per IN list, well under its bound-variable limit. */
export const CHUNK = 200;

// `active` is compared with a literal (`sql.lit`), never a bound parameter: SQLite matches a parameter against the
// constant of a partial index (`where active = 1`) by its bound value, and then prepares the statement again at every
// bind, which doubles the cost of a lookup.

/** Every column of `phone_numbers`, in the table's order (a record, so that the compiler sees none missing). */
const COLUMNS: Record<keyof PhoneNumbersTable, true> = {
  id: true,
  e164: true,
  account_id: true,
  order_id: true,
  status: true,
  active: true,
  product_type: true,
  number_type: true,
  country: true,
  created_at: true,
  updated_at: true,
  released_at: true,
  calling_name: true,
  calling_name_status: true,
  calling_name_due_at: true,
  deletion_at: true,
  name: true,
};
export const PHONE_NUMBER_COLUMNS = Object.keys(COLUMNS) as (keyof PhoneNumbersTable)[];

/** The account's newest record of a number. */
const GET_NUMBER = new QueryTemplate((db, arg) =>
  db.selectFrom('phone_numbers').selectAll().where('account_id', '=', arg(0)).where('e164', '=', arg(1)).orderBy('id', 'desc').limit(1),
);

/** The account's newest record of a number, if it has any. */
export async function getNumber(db: Kysely<DatabaseSchema>, accountId: string, e164: string): Promise<OwnedNumber | undefined> {
  const [row] = await GET_NUMBER.execute(db, [accountId, e164]);
  return row === undefined ? undefined : toOwnedNumber(row);
}

export function toOwnedNumber(row: Selectable<PhoneNumbersTable>): OwnedNumber {
  const owned: OwnedNumber = {
    e164: row.e164,
    accountId: row.account_id,
    status: row.status as PhoneNumberStatus,
    productType: row.product_type as ProductType,
    type: row.number_type as NumberType,
    country: row.country,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.order_id !== null) owned.orderId = row.order_id;
  if (row.name !== null && row.name !== undefined) owned.name = row.name;
  owned.active = Number(row.active) === 1;
  if (row.calling_name !== null && row.calling_name !== undefined) owned.callingName = row.calling_name;
  if (row.calling_name_status !== null && row.calling_name_status !== undefined) {
    owned.callingNameStatus = row.calling_name_status as CallingNameStatus;
  }
  if (row.calling_name_due_at !== null && row.calling_name_due_at !== undefined) owned.callingNameDueAt = new Date(Number(row.calling_name_due_at));
  if (row.deletion_at !== null && row.deletion_at !== undefined) owned.deletionAt = new Date(Number(row.deletion_at));
  if (row.released_at !== null) owned.releasedAt = new Date(Number(row.released_at));
  return owned;
}

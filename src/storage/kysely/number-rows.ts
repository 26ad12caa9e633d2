/**
 * What the modules of the phone-number repository share: a `phone_numbers` row as an owned number, the read of an
 * account's newest record of a number, and how many rows or values one statement takes on SQLite.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { NumberType } from '../../domain/numbers/number-rules.ts';
import type { ProductType } from '../../domain/orders/order.ts';
import type { CallingNameStatus, OwnedNumber, PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { DatabaseSchema, PhoneNumbersTable } from './schema.ts';
import type { NumberAssociation } from '../../domain/ports/associations.ts';
import { toAssociation } from './association-repository.ts';
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

/** A number's association beside its record, prefixed `a_` (see {@link ShownAssociationColumns}). */
const ASSOCIATION_COLUMNS = [
  'a.e164 as a_e164',
  'a.voice_connector_id as a_voice_connector_id',
  'a.voice_connector_group_id as a_voice_connector_group_id',
  'a.sip_rule_id as a_sip_rule_id',
  'a.associated_at as a_associated_at',
] as const;

/**
 * The same record with the number's association in the account, if any (the association's columns prefixed `a_`;
 * `a_e164` is null without one).
 */
const GET_SHOWN = new QueryTemplate((db, arg) =>
  db
    .selectFrom('phone_numbers as p')
    .leftJoin('phone_number_associations as a', (join) => join.onRef('a.e164', '=', 'p.e164').onRef('a.account_id', '=', 'p.account_id'))
    .selectAll('p')
    .select(ASSOCIATION_COLUMNS)
    .where('p.account_id', '=', arg(0))
    .where('p.e164', '=', arg(1))
    .orderBy('p.id', 'desc')
    .limit(1),
);

/** The association's columns beside a number's record (all null without one). */
interface ShownAssociationColumns {
  a_e164: string | null;
  a_voice_connector_id: string | null;
  a_voice_connector_group_id: string | null;
  a_sip_rule_id: string | null;
  a_associated_at: number | null;
}

/** A number's record with its association in the account, if any. */
export interface ShownNumber {
  record: OwnedNumber;
  association?: NumberAssociation;
}

/**
 * The newest record of each number of `e164s` held by one of `accounts`, each with its association (PostgreSQL: the
 * reads of several numbers at once; the caller keeps the rows of the pairs it asked for).
 */
const GET_SHOWN_MANY = new QueryTemplate((db, arg) =>
  db
    .selectFrom('phone_numbers as p')
    .leftJoin('phone_number_associations as a', (join) => join.onRef('a.e164', '=', 'p.e164').onRef('a.account_id', '=', 'p.account_id'))
    .distinctOn(['p.account_id', 'p.e164'])
    .selectAll('p')
    .select(ASSOCIATION_COLUMNS)
    .where('p.account_id', '=', sql<string>`any(${arg(0)}::text[])`)
    .where('p.e164', '=', sql<string>`any(${arg(1)}::text[])`)
    .orderBy('p.account_id')
    .orderBy('p.e164')
    .orderBy('p.id', 'desc'),
);

/** The account's newest record of a number with its association, if it has a record (see `OwnedNumbers.getShown`). */
export async function getShownNumber(db: Kysely<DatabaseSchema>, accountId: string, e164: string): Promise<ShownNumber | undefined> {
  const [row] = await GET_SHOWN.execute(db, [accountId, e164]);
  return row === undefined ? undefined : toShown(row);
}

/** PostgreSQL: {@link getShownNumber} of each key, in one query; at each key's position its number or `undefined`. */
export async function getShownNumbers(db: Kysely<DatabaseSchema>, keys: readonly { accountId: string; e164: string }[]): Promise<(ShownNumber | undefined)[]> {
  const accounts = [...new Set(keys.map((k) => k.accountId))];
  const e164s = [...new Set(keys.map((k) => k.e164))];
  const rows = new Map((await GET_SHOWN_MANY.execute(db, [accounts, e164s])).map((row) => [`${row.account_id} ${row.e164}`, row]));
  return keys.map((k) => {
    const row = rows.get(`${k.accountId} ${k.e164}`);
    // Each caller gets objects of its own, even when a number is asked for twice in one batch.
    return row === undefined ? undefined : toShown(row);
  });
}

function toShown(row: Selectable<PhoneNumbersTable> & ShownAssociationColumns): ShownNumber {
  const record = toOwnedNumber(row);
  if (row.a_e164 === null) return { record };
  const association = toAssociation({
    e164: row.a_e164,
    voice_connector_id: row.a_voice_connector_id,
    voice_connector_group_id: row.a_voice_connector_group_id,
    sip_rule_id: row.a_sip_rule_id,
    associated_at: row.a_associated_at!,
  });
  return { record, association };
}

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

/**
 * Fulfilment's claims on numbers: the reservation of each number for an order before the carrier is asked (the unique
 * active index decides races), the settlement of those reservations once it answered, and which numbers still age.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { ActiveOwner, Reservation, Settled } from '../../domain/ports/phone-numbers.ts';
import type { DatabaseSchema } from './schema.ts';
import { chunked, type ColumnTypes, type SqlLists } from './pg-arrays.ts';
import { CHUNK } from './number-rows.ts';

/** The columns of a reservation, as arrays on PostgreSQL. */
const RESERVATION_COLUMNS: ColumnTypes<'phone_numbers'> = {
  e164: 'text',
  account_id: 'text',
  order_id: 'text',
  status: 'text',
  active: 'integer',
  product_type: 'text',
  number_type: 'text',
  country: 'text',
  created_at: 'bigint',
  updated_at: 'bigint',
  released_at: 'bigint',
  name: 'text',
};

const RESERVED_COLUMN_NAMES = Object.keys(RESERVATION_COLUMNS);
const SQLITE_RESERVATION_INSERTS = new Map<number, string>();

/** `insert … values (…), … on conflict do nothing returning e164, account_id, order_id` of `count` reservations. */
export function sqliteReservationInsert(count: number): string {
  let text = SQLITE_RESERVATION_INSERTS.get(count);
  if (text === undefined) {
    const row = `(${RESERVED_COLUMN_NAMES.map(() => '?').join(', ')})`;
    text =
      `insert into "phone_numbers" (${RESERVED_COLUMN_NAMES.map((column) => `"${column}"`).join(', ')}) values ${Array.from({ length: count }, () => row).join(', ')}` +
      ' on conflict do nothing returning "e164", "account_id", "order_id"';
    SQLITE_RESERVATION_INSERTS.set(count, text);
  }
  return text;
}

/** See `NumberReservations.reserve`. */
export async function reserve(db: Kysely<DatabaseSchema>, lists: SqlLists, reservations: Reservation[]): Promise<Map<string, ActiveOwner>> {
  // In E.164 order: two transactions reserving overlapping numbers then wait on each other in the same order
  // instead of deadlocking (PostgreSQL waits for an uncommitted conflicting insert of the unique active index).
  const ordered = [...reservations].sort((a, b) => (a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0));
  const rows = ordered.map((r) => ({
    e164: r.e164,
    account_id: r.accountId,
    order_id: r.orderId,
    status: 'AcquireInProgress',
    active: 1,
    product_type: r.productType,
    number_type: r.type,
    country: r.country,
    created_at: r.at.getTime(),
    updated_at: r.at.getTime(),
    released_at: null,
    name: r.name ?? null,
  }));
  // Each row inserted is its number's active owner: the insert says which (`returning`), so that only the numbers it
  // did not take are looked up. That lookup is then rare (a number someone holds), and it stays off the common path,
  // where on a young PostgreSQL database (no statistics yet) a prepared `e164 = any($1)` among the active records was
  // planned as a scan of every active record: 76 µs per reserved number of 10,000 (bench/fulfilment-steps.ts --postgres).
  const owners = new Map<string, ActiveOwner>();
  if (lists.arrays) {
    for (const insert of lists.insert(db, 'phone_numbers', rows, RESERVATION_COLUMNS, CHUNK)) {
      for (const row of await insert.onConflict((oc) => oc.doNothing()).returning(['e164', 'account_id', 'order_id']).execute()) owners.set(row.e164, ownerOf(row));
    }
  } else {
    // SQLite: the statement kysely's builder would write, written once per number of rows. The builder parses every
    // value of every row and compiles each into the text (12 per number); without it a reservation of 50 numbers costs
    // about 15 % less CPU (`bench/fulfilment-steps.ts --numbers 50`). Here the values are bound in the columns' order.
    for (const chunk of chunked(rows, CHUNK)) {
      const parameters: unknown[] = [];
      for (const row of chunk) for (const column of RESERVED_COLUMN_NAMES) parameters.push((row as Record<string, unknown>)[column]);
      const inserted = await db.executeQuery<{ e164: string; account_id: string; order_id: string | null }>(CompiledQuery.raw(sqliteReservationInsert(chunk.length), parameters));
      for (const row of inserted.rows) owners.set(row.e164, ownerOf(row));
    }
  }
  // A statement of its own, after the inserts: it sees the rows that concurrent reservations committed meanwhile.
  const others = [...new Set(reservations.map((r) => r.e164).filter((e164) => !owners.has(e164)))];
  for (const chunk of lists.batches(others, CHUNK)) {
    const rows = await db
      .selectFrom('phone_numbers')
      .select(['e164', 'account_id', 'order_id'])
      .where('active', '=', sql.lit(1))
      .where((eb) => lists.oneOf(eb, 'e164', chunk))
      .execute();
    for (const row of rows) owners.set(row.e164, ownerOf(row));
  }
  return owners;
}

function ownerOf(row: { account_id: string; order_id: string | null }): ActiveOwner {
  return row.order_id === null ? { accountId: row.account_id } : { accountId: row.account_id, orderId: row.order_id };
}

/**
 * A number has at most one `AcquireInProgress` row (it is active, and the unique index allows one active row per
 * number), so the row of each result is the one of its number among the batch's orders.
 *
 * `active = 1` (always true of a reservation) lets the planner find each row through that unique index,
 * `phone_numbers_active_e164`, the only index led by `e164` that holds it. Without it, once SQLite has statistics it
 * picks a worse path (a skip-scan of `phone_numbers_account_status_e164`, one probe per account for each number):
 * settling cost 237 µs per order instead of 89 on a table of 300,000 records (bench/fulfilment-steps.ts --existing).
 */
export async function settleAcquisitionsOf(db: Kysely<DatabaseSchema>, lists: SqlLists, results: Settled[], at: Date): Promise<void> {
  const updated_at = at.getTime();
  // One update per outcome: failed, acquired, or acquired with a calling name to start with (its account's default).
  const groups = new Map<string, { set: SettledColumns; results: Settled[] }>();
  for (const result of results) {
    const name = result.acquired ? result.callingName : undefined;
    const key = !result.acquired ? 'failed' : name === undefined ? 'acquired' : `named:${name.dueAt.getTime()}:${name.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      const set: SettledColumns = !result.acquired
        ? { status: 'AcquireFailed', active: 0, updated_at }
        : name === undefined
          ? { status: 'Unassigned', updated_at }
          : { status: 'Unassigned', updated_at, calling_name: name.name, calling_name_status: 'UpdateInProgress', calling_name_due_at: name.dueAt.getTime() };
      groups.set(key, (group = { set, results: [] }));
    }
    group.results.push(result);
  }
  for (const { set, results: group } of groups.values()) {
    for (const chunk of lists.batches(group, CHUNK)) {
      await db
        .updateTable('phone_numbers')
        .set(set)
        .where('status', '=', 'AcquireInProgress')
        .where('active', '=', sql.lit(1))
        .where((eb) => lists.oneOf(eb, 'e164', chunk.map((r) => r.e164)))
        .where((eb) => lists.oneOf(eb, 'order_id', [...new Set(chunk.map((r) => r.orderId))]))
        .execute();
    }
  }
}

/** What a settlement writes into a reserved number's row. */
type SettledColumns = {
  status: 'Unassigned' | 'AcquireFailed';
  updated_at: number;
  active?: 0;
  calling_name?: string;
  calling_name_status?: 'UpdateInProgress';
  calling_name_due_at?: number;
};

/** Those of `e164s` released after `since`. */
export async function agingSince(db: Kysely<DatabaseSchema>, lists: SqlLists, e164s: string[], since: Date): Promise<Set<string>> {
  const aging = new Set<string>();
  for (const chunk of lists.batches(e164s, CHUNK)) {
    const rows = await db
      .selectFrom('phone_numbers')
      .select('e164')
      .where((eb) => lists.oneOf(eb, 'e164', chunk))
      .where('released_at', '>', since.getTime())
      .execute();
    for (const row of rows) aging.add(row.e164);
  }
  return aging;
}

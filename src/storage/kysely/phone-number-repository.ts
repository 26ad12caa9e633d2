/** Owned phone numbers on kysely, in dialect-neutral queries. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { NumberType } from '../../domain/numbers/number-rules.ts';
import type { ProductType } from '../../domain/orders/order.ts';
import type { CallingNameStatus, OwnedNumber, PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { AssociationTarget } from '../../domain/ports/associations.ts';
import type { ActiveOwner, ListNumbersOptions, PhoneNumberRepository, Reservation } from '../../domain/ports/phone-numbers.ts';
import type { SqlDialect } from './sql-dialect.ts';
import type { DatabaseSchema, PhoneNumbersTable } from './schema.ts';
import { QueryTemplate } from './query-template.ts';
import { sqlLists, type ColumnTypes, type SqlLists } from './pg-arrays.ts';
import { unavailableUnder } from './availability-queries.ts';
import { TARGET_COLUMNS } from './association-repository.ts';

/** SQLite: rows per multi-row INSERT and values per IN list, well under its bound-variable limit. */
const CHUNK = 200;
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
/** Records per read of `recordsOf`. */
const RECORDS_PER_READ = 1_000;

// `active` is compared with a literal (`sql.lit`), never a bound parameter: SQLite matches a parameter against the
// constant of a partial index (`where active = 1`) by its bound value, and then prepares the statement again at every
// bind, which doubles the cost of a lookup.

/** The account's newest record of a number. */
const GET_NUMBER = new QueryTemplate((db, arg) =>
  db.selectFrom('phone_numbers').selectAll().where('account_id', '=', arg(0)).where('e164', '=', arg(1)).orderBy('id', 'desc').limit(1),
);

export class KyselyPhoneNumberRepository implements PhoneNumberRepository {
  readonly #db: Kysely<DatabaseSchema>;
  /** PostgreSQL: the sweeps skip rows that another transaction holds instead of waiting for them. */
  readonly #rowLocks: boolean;
  readonly #lists: SqlLists;

  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
    this.#lists = sqlLists(dialect);
  }

  async reserve(reservations: Reservation[]): Promise<Map<string, ActiveOwner>> {
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
    for (const insert of this.#lists.insert(this.#db, 'phone_numbers', rows, RESERVATION_COLUMNS, CHUNK)) {
      await insert.onConflict((oc) => oc.doNothing()).execute();
    }
    // A statement of its own, after the inserts: it sees the rows that concurrent reservations committed meanwhile.
    const owners = new Map<string, ActiveOwner>();
    for (const chunk of this.#lists.batches(reservations.map((r) => r.e164), CHUNK)) {
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .select(['e164', 'account_id', 'order_id'])
        .where('active', '=', sql.lit(1))
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
        .execute();
      for (const row of rows) {
        owners.set(row.e164, row.order_id === null ? { accountId: row.account_id } : { accountId: row.account_id, orderId: row.order_id });
      }
    }
    return owners;
  }

  async settleAcquisitions(orderId: string, results: { e164: string; acquired: boolean }[], at: Date): Promise<void> {
    const acquired = results.filter((r) => r.acquired).map((r) => r.e164);
    const failed = results.filter((r) => !r.acquired).map((r) => r.e164);
    for (const chunk of this.#lists.batches(acquired, CHUNK)) {
      await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'Unassigned', updated_at: at.getTime() })
        .where('order_id', '=', orderId)
        .where('status', '=', 'AcquireInProgress')
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
        .execute();
    }
    for (const chunk of this.#lists.batches(failed, CHUNK)) {
      await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'AcquireFailed', active: 0, updated_at: at.getTime() })
        .where('order_id', '=', orderId)
        .where('status', '=', 'AcquireInProgress')
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
        .execute();
    }
  }

  /**
   * A number has at most one `AcquireInProgress` row (it is active, and the unique index allows one active row per
   * number), so the row of each result is the one of its number among the batch's orders.
   */
  async settleAcquisitionsOf(results: { orderId: string; e164: string; acquired: boolean }[], at: Date): Promise<void> {
    for (const acquired of [true, false]) {
      for (const chunk of this.#lists.batches(results.filter((r) => r.acquired === acquired), CHUNK)) {
        await this.#db
          .updateTable('phone_numbers')
          .set(acquired ? { status: 'Unassigned', updated_at: at.getTime() } : { status: 'AcquireFailed', active: 0, updated_at: at.getTime() })
          .where('status', '=', 'AcquireInProgress')
          .where((eb) => this.#lists.oneOf(eb, 'e164', chunk.map((r) => r.e164)))
          .where((eb) => this.#lists.oneOf(eb, 'order_id', [...new Set(chunk.map((r) => r.orderId))]))
          .execute();
      }
    }
  }

  async agingSince(e164s: string[], since: Date): Promise<Set<string>> {
    const aging = new Set<string>();
    for (const chunk of this.#lists.batches(e164s, CHUNK)) {
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .select('e164')
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
        .where('released_at', '>', since.getTime())
        .execute();
      for (const row of rows) aging.add(row.e164);
    }
    return aging;
  }

  async unavailableUnder(prefixes: string[], agingSince: Date): Promise<Set<string>> {
    return unavailableUnder(this.#db, prefixes, agingSince);
  }

  async get(accountId: string, e164: string): Promise<OwnedNumber | undefined> {
    const [row] = await GET_NUMBER.execute(this.#db, [accountId, e164]);
    return row === undefined ? undefined : toOwnedNumber(row);
  }

  async listListed(accountId: string, options: ListNumbersOptions): Promise<OwnedNumber[]> {
    const { after, limit, now, status, productType, productTypes } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0 || productTypes?.length === 0) return [];
    if (options.associatedWith !== undefined) return this.#listAssociated(accountId, options.associatedWith, options);
    let query = this.#db.selectFrom('phone_numbers as p').selectAll('p').where('p.account_id', '=', accountId);
    if (status !== undefined) query = query.where('p.status', '=', status);
    if (productType !== undefined) query = query.where('p.product_type', '=', productType);
    // In the query, not after it: a page holds `limit` visible numbers, and the next key follows the last of them.
    if (productTypes !== undefined) query = query.where('p.product_type', 'in', productTypes);
    if (after !== undefined) query = query.where('p.e164', '>', after);
    const rows = await query
      .where((eb) =>
        eb.or([
          eb.and([
            eb('p.active', '=', sql.lit(1)),
            eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now.getTime())]),
          ]),
          eb.and([
            eb('p.active', '=', sql.lit(0)),
            eb('p.status', '=', 'AcquireFailed'),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('phone_numbers as newer')
                  .select('newer.id')
                  .whereRef('newer.account_id', '=', 'p.account_id')
                  .whereRef('newer.e164', '=', 'p.e164')
                  .whereRef('newer.id', '>', 'p.id'),
              ),
            ),
          ]),
        ]),
      )
      .orderBy('p.e164')
      .orderBy('p.id')
      .limit(limit)
      .execute();
    return rows.map(toOwnedNumber);
  }

  async changeProductType(
    accountId: string,
    e164: string,
    change: { productType: ProductType; from: PhoneNumberStatus[]; at: Date },
  ): Promise<boolean> {
    const result = await this.#activeRecord(accountId, e164)
      .set({ product_type: change.productType, updated_at: change.at.getTime() })
      .where('status', 'in', change.from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async changeCallingName(
    accountId: string,
    e164: string,
    change: { callingName: string; from: PhoneNumberStatus[]; at: Date; dueAt: Date },
  ): Promise<boolean> {
    const at = change.at.getTime();
    const result = await this.#activeRecord(accountId, e164)
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

  async changeName(accountId: string, e164: string, change: { name: string | undefined; from: PhoneNumberStatus[]; at: Date }): Promise<boolean> {
    const result = await this.#activeRecord(accountId, e164)
      .set({ name: change.name ?? null, updated_at: change.at.getTime() })
      .where('status', 'in', change.from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async queueDeletion(accountId: string, e164: string, change: { at: Date; deletionAt: Date }): Promise<boolean> {
    const result = await this.#activeRecord(accountId, e164)
      .set({ status: 'DeleteInProgress', deletion_at: change.deletionAt.getTime(), updated_at: change.at.getTime() })
      .where('status', '=', 'Unassigned')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async restore(accountId: string, e164: string, at: Date): Promise<boolean> {
    const result = await this.#activeRecord(accountId, e164)
      .set({ status: 'Unassigned', deletion_at: null, updated_at: at.getTime() })
      .where('status', '=', 'DeleteInProgress')
      .where('deletion_at', '>', at.getTime())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async markAssigned(accountId: string, e164s: readonly string[], change: { productType: ProductType; at: Date }): Promise<Set<string>> {
    const matched = new Set<string>();
    for (const chunk of this.#lists.batches(e164s, CHUNK)) {
      const rows = await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'Assigned', updated_at: change.at.getTime() })
        .where('account_id', '=', accountId)
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
        .where('active', '=', sql.lit(1))
        .where('status', 'in', ['Unassigned', 'Assigned'])
        .where('product_type', '=', change.productType)
        .returning('e164')
        .execute();
      for (const row of rows) matched.add(row.e164);
    }
    return matched;
  }

  async markUnassignedWhereFree(accountId: string, e164s: readonly string[], at: Date): Promise<void> {
    for (const chunk of this.#lists.batches(e164s, CHUNK)) {
      await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'Unassigned', updated_at: at.getTime() })
        .where('account_id', '=', accountId)
        .where((eb) => this.#lists.oneOf(eb, 'e164', chunk))
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

  async releaseDue(now: Date, limit: number): Promise<OwnedNumber[]> {
    let due = this.#db
      .selectFrom('phone_numbers')
      .select('id')
      .where('deletion_at', '<=', now.getTime())
      .where('active', '=', sql.lit(1))
      .where('status', '=', 'DeleteInProgress')
      .limit(limit);
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const rows = await this.#db
      .updateTable('phone_numbers')
      .set((eb) => ({ active: 0, released_at: eb.ref('deletion_at'), deletion_at: null, updated_at: now.getTime() }))
      .where('id', 'in', due)
      // Repeated outside the subquery: a row that another sweeper released meanwhile no longer matches.
      .where('active', '=', sql.lit(1))
      .where('status', '=', 'DeleteInProgress')
      .where('deletion_at', '<=', now.getTime())
      .returningAll()
      .execute();
    return rows.map(toOwnedNumber);
  }

  async completeCallingNames(now: Date, limit: number): Promise<OwnedNumber[]> {
    let due = this.#db
      .selectFrom('phone_numbers')
      .select('id')
      .where('calling_name_due_at', '<=', now.getTime())
      .limit(limit);
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const rows = await this.#db
      .updateTable('phone_numbers')
      .set((eb) => ({
        calling_name_status: 'UpdateSucceeded',
        // updatedAt becomes the due time unless the record changed later (never backwards).
        updated_at: eb
          .case()
          .when('calling_name_due_at', '>', eb.ref('updated_at'))
          .then(eb.ref('calling_name_due_at').$notNull())
          .else(eb.ref('updated_at'))
          .end(),
        calling_name_due_at: null,
      }))
      .where('id', 'in', due)
      .where('calling_name_due_at', '<=', now.getTime())
      .returningAll()
      .execute();
    return rows.map(toOwnedNumber);
  }

  /**
   * The listed numbers associated with `target`: driven by the association index (account, target, e164) in E.164
   * order, each joined to its active record; only active records can have associations (see `markAssigned`).
   */
  async #listAssociated(accountId: string, target: AssociationTarget, options: ListNumbersOptions): Promise<OwnedNumber[]> {
    const { after, limit, now, status, productType, productTypes } = options;
    let query = this.#db
      .selectFrom('phone_number_associations as a')
      .innerJoin('phone_numbers as p', (join) => join.onRef('p.e164', '=', 'a.e164').onRef('p.account_id', '=', 'a.account_id').on('p.active', '=', sql.lit(1)))
      .selectAll('p')
      .where('a.account_id', '=', accountId)
      .where(`a.${TARGET_COLUMNS[target.kind]}`, '=', target.id);
    // On both sides: a merge join (PostgreSQL) then starts each index scan at the key instead of at the account's first number.
    if (after !== undefined) query = query.where('a.e164', '>', after).where('p.e164', '>', after);
    if (status !== undefined) query = query.where('p.status', '=', status);
    if (productType !== undefined) query = query.where('p.product_type', '=', productType);
    if (productTypes !== undefined) query = query.where('p.product_type', 'in', productTypes);
    const rows = await query
      .where((eb) => eb.or([eb('p.deletion_at', 'is', null), eb('p.deletion_at', '>', now.getTime())]))
      .orderBy('a.e164')
      .limit(limit)
      .execute();
    return rows.map(toOwnedNumber);
  }

  async recordsOf(accountId: string): Promise<OwnedNumber[]> {
    const out: OwnedNumber[] = [];
    let after = -1;
    for (;;) {
      // Keyset pages by the row id (the order of writing), so that no single result holds a large account whole.
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(RECORDS_PER_READ)
        .execute();
      out.push(...rows.map(toOwnedNumber));
      if (rows.length < RECORDS_PER_READ) return out;
      after = Number(rows[rows.length - 1]!.id);
    }
  }

  async insertRecords(records: readonly OwnedNumber[]): Promise<void> {
    // Rounds: the first record of every number, then the second of those that have one, and so on. A statement then
    // holds at most one record of a number, so its records get ascending ids whatever order a statement's rows are
    // numbered in, and a number's newest record stays its newest.
    const rounds: OwnedNumber[][] = [];
    const seen = new Map<string, number>();
    for (const record of records) {
      const round = seen.get(record.e164) ?? 0;
      seen.set(record.e164, round + 1);
      (rounds[round] ??= []).push(record);
    }
    for (const chunk of rounds.flatMap((round) => chunks(round))) {
      await this.#db
        .insertInto('phone_numbers')
        .values(
          chunk.map((r) => ({
            e164: r.e164,
            account_id: r.accountId,
            order_id: r.orderId ?? null,
            status: r.status,
            active: r.active === false ? 0 : 1,
            product_type: r.productType,
            number_type: r.type,
            country: r.country,
            created_at: r.createdAt.getTime(),
            updated_at: r.updatedAt.getTime(),
            released_at: r.releasedAt?.getTime() ?? null,
            calling_name: r.callingName ?? null,
            calling_name_status: r.callingNameStatus ?? null,
            calling_name_due_at: r.callingNameDueAt?.getTime() ?? null,
            deletion_at: r.deletionAt?.getTime() ?? null,
            name: r.name ?? null,
          })),
        )
        .execute();
    }
  }

  /** An UPDATE of the account's active record of the number (at most one row, by the unique active index). */
  #activeRecord(accountId: string, e164: string) {
    return this.#db.updateTable('phone_numbers').where('account_id', '=', accountId).where('e164', '=', e164).where('active', '=', sql.lit(1));
  }
}

function toOwnedNumber(row: Selectable<PhoneNumbersTable>): OwnedNumber {
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

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

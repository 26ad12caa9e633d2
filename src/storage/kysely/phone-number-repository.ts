/** Owned phone numbers on kysely, in dialect-neutral queries. */
import type { Kysely, Selectable } from 'kysely';
import type { NumberType } from '../../domain/orders/number-rules.ts';
import type { ProductType } from '../../domain/orders/order.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { ActiveOwner, PhoneNumberRepository, Reservation } from '../ports.ts';
import type { DatabaseSchema, PhoneNumbersTable } from './schema.ts';

/** Rows per multi-row INSERT and values per IN list, well under every dialect's bound-variable limit. */
const CHUNK = 200;

/** The character after '9': `e164 >= P and e164 < P + ':'` selects the numbers that start with the digits P. */
const AFTER_DIGITS = ':';

export class KyselyPhoneNumberRepository implements PhoneNumberRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async reserve(reservations: Reservation[]): Promise<Map<string, ActiveOwner>> {
    for (const chunk of chunks(reservations)) {
      await this.#db
        .insertInto('phone_numbers')
        .values(
          chunk.map((r) => ({
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
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const owners = new Map<string, ActiveOwner>();
    for (const chunk of chunks(reservations.map((r) => r.e164))) {
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .select(['e164', 'account_id', 'order_id'])
        .where('active', '=', 1)
        .where('e164', 'in', chunk)
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
    for (const chunk of chunks(acquired)) {
      await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'Unassigned', updated_at: at.getTime() })
        .where('order_id', '=', orderId)
        .where('status', '=', 'AcquireInProgress')
        .where('e164', 'in', chunk)
        .execute();
    }
    for (const chunk of chunks(failed)) {
      await this.#db
        .updateTable('phone_numbers')
        .set({ status: 'AcquireFailed', active: 0, updated_at: at.getTime() })
        .where('order_id', '=', orderId)
        .where('status', '=', 'AcquireInProgress')
        .where('e164', 'in', chunk)
        .execute();
    }
  }

  async agingSince(e164s: string[], since: Date): Promise<Set<string>> {
    const aging = new Set<string>();
    for (const chunk of chunks(e164s)) {
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .select('e164')
        .where('e164', 'in', chunk)
        .where('released_at', '>', since.getTime())
        .execute();
      for (const row of rows) aging.add(row.e164);
    }
    return aging;
  }

  async unavailableUnder(prefixes: string[], agingSince: Date): Promise<Set<string>> {
    const unavailable = new Set<string>();
    if (prefixes.length === 0) return unavailable;
    const since = agingSince.getTime();
    const owned = await this.#db
      .selectFrom('phone_numbers')
      .select('e164')
      .where((eb) => eb.or(prefixes.map((p) => eb.and([eb('e164', '>=', p), eb('e164', '<', p + AFTER_DIGITS)]))))
      .where((eb) => eb.or([eb('active', '=', 1), eb('released_at', '>', since)]))
      .execute();
    for (const row of owned) unavailable.add(row.e164);
    const held = await this.#db
      .selectFrom('order_numbers')
      .select('e164')
      .where((eb) => eb.or(prefixes.map((p) => eb.and([eb('e164', '>=', p), eb('e164', '<', p + AFTER_DIGITS)]))))
      .where('status', '=', 'Processing')
      .execute();
    for (const row of held) unavailable.add(row.e164);
    return unavailable;
  }

  async get(accountId: string, e164: string): Promise<OwnedNumber | undefined> {
    const row = await this.#db
      .selectFrom('phone_numbers')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('e164', '=', e164)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toOwnedNumber(row);
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
  return owned;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

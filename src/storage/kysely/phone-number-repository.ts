/**
 * Owned phone numbers on kysely, in dialect-neutral queries. The repository holds the database and the dialect's
 * choices; the queries live by concept: reservations and their settlement (number-reservations.ts), reads
 * (number-rows.ts) and the listing (number-list-queries.ts), changes of numbers (number-changes.ts), the sweeps
 * (number-sweeps.ts), and the records of export and import (number-records.ts).
 */
import type { Kysely } from 'kysely';
import type { ProductType } from '../../domain/orders/order.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../../domain/phone-numbers/phone-number.ts';
import type { ActiveOwner, ListNumbersOptions, PhoneNumberRepository, Reservation, Settled } from '../../domain/ports/phone-numbers.ts';
import type { SqlDialect } from './sql-dialect.ts';
import type { DatabaseSchema } from './schema.ts';
import { sqlLists, type SqlLists } from './pg-arrays.ts';
import { unavailableUnder, unavailableUnderEach } from './availability-queries.ts';
import { getNumber, getShownNumber, getShownNumbers, type ShownNumber } from './number-rows.ts';
import { CoalescedReads } from '../coalesced-reads.ts';
import { listListed, listListedEach, readsRows, type Listing } from './number-list-queries.ts';
import * as reservationQueries from './number-reservations.ts';
import * as changeQueries from './number-changes.ts';
import * as sweepQueries from './number-sweeps.ts';
import * as recordQueries from './number-records.ts';

/** PostgreSQL: most numbers one coalesced read asks for. */
const NUMBERS_PER_SHOWN_READ = 200;
/** PostgreSQL: most availability reads (a search asks one for up to 64 prefixes at a time) one statement answers. */
const SEARCHES_PER_AVAILABILITY_READ = 64;
/** PostgreSQL: most listings of numbers one coalesced read asks for (each shape of listing one statement). */
const LISTINGS_PER_READ = 64;

export class KyselyPhoneNumberRepository implements PhoneNumberRepository {
  readonly #db: Kysely<DatabaseSchema>;
  /** PostgreSQL: the sweeps skip rows that another transaction holds instead of waiting for them. */
  readonly #rowLocks: boolean;
  readonly #lists: SqlLists;
  /** SQLite: pages of numbers are read packed (packed-rows.ts). */
  readonly #packedPages: boolean;
  /** PostgreSQL outside a transaction: the number reads of one turn read together (../coalesced-reads.ts). */
  readonly #shown: CoalescedReads<{ accountId: string; e164: string }, ShownNumber> | undefined;
  /** PostgreSQL outside a transaction: search's availability reads of one turn, read together. */
  readonly #unavailable: CoalescedReads<{ prefixes: readonly string[]; agingSince: Date }, Set<string>> | undefined;
  /** PostgreSQL outside a transaction: the listings of one turn, read together. */
  readonly #pages: CoalescedReads<Listing, OwnedNumber[]> | undefined;

  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
    this.#lists = sqlLists(dialect);
    this.#packedPages = dialect === 'sqlite';
    const coalesce = dialect === 'postgres' && !db.isTransaction;
    this.#shown = coalesce ? new CoalescedReads((keys) => getShownNumbers(db, keys), { maxBatch: NUMBERS_PER_SHOWN_READ }) : undefined;
    this.#unavailable = coalesce ? new CoalescedReads((reads) => unavailableUnderEach(db, reads), { maxBatch: SEARCHES_PER_AVAILABILITY_READ }) : undefined;
    this.#pages = coalesce ? new CoalescedReads((listings) => listListedEach(db, listings), { maxBatch: LISTINGS_PER_READ }) : undefined;
  }

  reserve(reservations: Reservation[]): Promise<Map<string, ActiveOwner>> {
    return reservationQueries.reserve(this.#db, this.#lists, reservations);
  }

  settleAcquisitionsOf(results: Settled[], at: Date): Promise<void> {
    return reservationQueries.settleAcquisitionsOf(this.#db, this.#lists, results, at);
  }

  agingSince(e164s: string[], since: Date): Promise<Set<string>> {
    return reservationQueries.agingSince(this.#db, this.#lists, e164s, since);
  }

  async unavailableUnder(prefixes: string[], agingSince: Date): Promise<Set<string>> {
    if (this.#unavailable) return (await this.#unavailable.get({ prefixes, agingSince })) ?? new Set();
    return unavailableUnder(this.#db, prefixes, agingSince);
  }

  get(accountId: string, e164: string): Promise<OwnedNumber | undefined> {
    return getNumber(this.#db, accountId, e164);
  }

  getShown(accountId: string, e164: string): Promise<ShownNumber | undefined> {
    if (this.#shown) return this.#shown.get({ accountId, e164 });
    return getShownNumber(this.#db, accountId, e164);
  }

  async listListed(accountId: string, options: ListNumbersOptions): Promise<OwnedNumber[]> {
    if (this.#pages && readsRows(options)) return (await this.#pages.get({ accountId, options })) ?? [];
    return listListed(this.#db, accountId, options, this.#packedPages);
  }

  changeProductType(accountId: string, e164: string, change: { productType: ProductType; from: PhoneNumberStatus[]; at: Date }): Promise<boolean> {
    return changeQueries.changeProductType(this.#db, accountId, e164, change);
  }

  changeCallingName(
    accountId: string,
    e164: string,
    change: { callingName: string; from: PhoneNumberStatus[]; at: Date; dueAt: Date },
  ): Promise<boolean> {
    return changeQueries.changeCallingName(this.#db, accountId, e164, change);
  }

  changeName(accountId: string, e164: string, change: { name: string | undefined; from: PhoneNumberStatus[]; at: Date }): Promise<boolean> {
    return changeQueries.changeName(this.#db, accountId, e164, change);
  }

  queueDeletion(accountId: string, e164: string, change: { at: Date; deletionAt: Date }): Promise<boolean> {
    return changeQueries.queueDeletion(this.#db, accountId, e164, change);
  }

  restore(accountId: string, e164: string, at: Date): Promise<boolean> {
    return changeQueries.restore(this.#db, accountId, e164, at);
  }

  markAssigned(accountId: string, e164s: readonly string[], change: { productType: ProductType; at: Date }): Promise<Set<string>> {
    return changeQueries.markAssigned(this.#db, this.#lists, accountId, e164s, change);
  }

  markUnassignedWhereFree(accountId: string, e164s: readonly string[], at: Date): Promise<void> {
    return changeQueries.markUnassignedWhereFree(this.#db, this.#lists, accountId, e164s, at);
  }

  releaseDue(now: Date, limit: number): Promise<OwnedNumber[]> {
    return sweepQueries.releaseDue(this.#db, this.#rowLocks, now, limit);
  }

  completeCallingNames(now: Date, limit: number): Promise<OwnedNumber[]> {
    return sweepQueries.completeCallingNames(this.#db, this.#rowLocks, now, limit);
  }

  recordPages(accountId: string): AsyncIterable<OwnedNumber[]> {
    return recordQueries.recordPages(this.#db, accountId);
  }

  insertRecords(records: readonly OwnedNumber[]): Promise<void> {
    return recordQueries.insertRecords(this.#db, records);
  }
}

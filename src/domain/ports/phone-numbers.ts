/**
 * Owned-number storage, split by consumer: fulfilment reserves and settles, the inventory asks what is unavailable, the
 * phone-number service reads and changes an account's numbers. Every read and write of tenant data takes the account.
 */
import type { NumberType } from '../numbers/number-rules.ts';
import type { ProductType } from '../numbers/product-type.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../phone-numbers/phone-number.ts';
import type { AssociationTarget, NumberAssociation } from './associations.ts';

/** A claim on a number for one order, made before the carrier is asked. */
export interface Reservation {
  e164: string;
  accountId: string;
  orderId: string;
  productType: ProductType;
  type: NumberType;
  country: string;
  /** The order's name for its numbers, when it has one. */
  name?: string;
  at: Date;
}

export interface ActiveOwner {
  accountId: string;
  orderId?: string;
}

/** Which of an account's listed numbers to read: keyset `after` an E.164 number, optionally filtered. */
export interface ListNumbersOptions {
  after?: string;
  limit: number;
  now: Date;
  status?: PhoneNumberStatus;
  productType?: ProductType;
  /** Only numbers of these product types (the others are invisible to the request); every product type when absent. */
  productTypes?: readonly ProductType[];
  /**
   * Only numbers associated with this target, read through the association's index (account, target, E.164) so that a
   * page costs the same whatever the account's size.
   */
  associatedWith?: AssociationTarget;
}

/** The outcome of one reserved number, as the settlement records it. */
export interface Settled {
  orderId: string;
  e164: string;
  acquired: boolean;
  /** An acquired number's first calling name, propagating until `dueAt`. */
  callingName?: { name: string; dueAt: Date };
}

/** What fulfilment needs: reservations before the carrier is asked, their outcome after. */
export interface NumberReservations {
  /**
   * Inserts an `AcquireInProgress` row for every requested number that nobody owns (the database refuses a second
   * active owner), named as the reservation says, then answers the active owner of each requested number — the caller's order when it won.
   */
  reserve(reservations: Reservation[]): Promise<Map<string, ActiveOwner>>;
  /**
   * Sets the outcome of the `AcquireInProgress` rows of a batch's orders, in a few statements: `Unassigned` when
   * acquired, else `AcquireFailed` (no longer owned). An acquired number with a `callingName` starts with that calling
   * name's update in progress until `dueAt` (the account's default).
   */
  settleAcquisitionsOf(results: Settled[], at: Date): Promise<void>;
  /** Those of `e164s` released after `since` (still aging, not for sale). */
  agingSince(e164s: string[], since: Date): Promise<Set<string>>;
}

/** What the available-number inventory needs. */
export interface NumberAvailability {
  /** Numbers under the prefixes that cannot be sold now: owned, held by an order in progress, or released after `agingSince`. */
  unavailableUnder(prefixes: string[], agingSince: Date): Promise<Set<string>>;
}

/** What the phone-number service needs: an account's owned numbers and their lifecycle. */
export interface OwnedNumbers {
  /** The account's newest record of a number (an owned number's active record is always its newest). */
  get(accountId: string, e164: string): Promise<OwnedNumber | undefined>;
  /**
   * The same record as {@link get}, with the number's association in the account when it has one, in one read (what
   * `GetPhoneNumber` shows). Optional: a reader without it reads the association apart.
   */
  getShown?(accountId: string, e164: string): Promise<{ record: OwnedNumber; association?: NumberAssociation } | undefined>;
  /**
   * Up to `limit` of the account's listed numbers with `e164` after `after`, by E.164 ascending. Listed are the active
   * records (minus deletion-queue entries whose `deletionAt` is not after `now`: released, awaiting the sweep) and an
   * `AcquireFailed` record while it is the account's newest record of that number, so a number is listed at most once.
   */
  listListed(accountId: string, options: ListNumbersOptions): Promise<OwnedNumber[]>;
  /** Sets the product type of the account's active record when its status is one of `from`; false when none matched. */
  changeProductType(accountId: string, e164: string, change: { productType: ProductType; from: PhoneNumberStatus[]; at: Date }): Promise<boolean>;
  /**
   * Starts a calling-name update (`UpdateInProgress` until `dueAt`) on the account's active record when its status is
   * one of `from` and no other calling-name update is still in progress at `at`; false when none matched.
   */
  changeCallingName(
    accountId: string,
    e164: string,
    change: { callingName: string; from: PhoneNumberStatus[]; at: Date; dueAt: Date },
  ): Promise<boolean>;
  /**
   * Sets (or, with `undefined`, clears) the name of the account's active record when its status is one of `from`;
   * false when none matched. A name takes effect at once: it has no propagation status.
   */
  changeName(accountId: string, e164: string, change: { name: string | undefined; from: PhoneNumberStatus[]; at: Date }): Promise<boolean>;
  /** Moves an `Unassigned` active record into the deletion queue until `deletionAt`; false when none matched. */
  queueDeletion(accountId: string, e164: string, change: { at: Date; deletionAt: Date }): Promise<boolean>;
  /** Moves a queued record whose `deletionAt` is after `at` back to `Unassigned`; false when none matched. */
  restore(accountId: string, e164: string, at: Date): Promise<boolean>;
  /**
   * Marks the account's active records of `e164s` `Assigned` where their status is `Unassigned` or `Assigned` and their
   * product type is `productType`, in one conditional write per chunk; answers the numbers that matched (the others
   * cannot be associated now). Call inside the unit of work that writes their associations.
   */
  markAssigned(accountId: string, e164s: readonly string[], change: { productType: ProductType; at: Date }): Promise<Set<string>>;
  /**
   * Sets `Unassigned` on those of the account's `Assigned` active records of `e164s` that have no row in
   * `phone_number_associations` any more. Call inside the unit of work that removed their associations.
   */
  markUnassignedWhereFree(accountId: string, e164s: readonly string[], at: Date): Promise<void>;
  /**
   * Releases up to `limit` queued records whose `deletionAt` is not after `now`: no longer owned, `releasedAt` =
   * their `deletionAt` (aging starts there). Conditional per row, so concurrent sweepers release each record once.
   * Call inside the unit of work that appends their events.
   * @returns the records this call released, as they now are (`releasedAt` set, no `deletionAt`)
   */
  releaseDue(now: Date, limit: number): Promise<OwnedNumber[]>;
  /**
   * Marks up to `limit` calling-name updates due by `now` as `UpdateSucceeded` (updatedAt: their due time, never
   * backwards). Call inside the unit of work that appends their events.
   * @returns the records this call completed, as they now are
   */
  completeCallingNames(now: Date, limit: number): Promise<OwnedNumber[]>;
}

/** Every record of an account as it is stored, for `dialtone export` and `dialtone import`. */
export interface NumberRecords {
  /**
   * Every record of the account, owned or not (released, `AcquireFailed`), by number (code unit order), each number's
   * records oldest first: the order in which they were written, which decides which record of a number is its newest.
   * A page at a time, each read when asked for, none empty: an export of a large account never holds them whole.
   */
  recordPages(accountId: string): AsyncIterable<OwnedNumber[]>;
  /**
   * Stores the records as given (status, ownership, every timestamp), in the order given, so that the last record of a
   * number is its newest. The database refuses a second active owner of a number.
   */
  insertRecords(records: readonly OwnedNumber[]): Promise<void>;
}

export interface PhoneNumberRepository extends NumberReservations, NumberAvailability, OwnedNumbers, NumberRecords {}

/**
 * Storage ports: what the domain needs from a database, and nothing about which one.
 * Every read and write of tenant data takes the account id first.
 */
import type { NumberType } from '../domain/orders/number-rules.ts';
import type { Order, OrderedNumberStatus, OrderStatus, ProductType } from '../domain/orders/order.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../domain/phone-numbers/phone-number.ts';

/** Keyset position in an account's order list: orders are listed by (createdAt, id) ascending. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export interface OrderRepository {
  /** Stores a new order with all its numbers. */
  insert(order: Order): Promise<void>;
  /** The order, when it exists and belongs to the account. */
  get(accountId: string, orderId: string): Promise<Order | undefined>;
  /** Up to `limit` orders of the account strictly after `after`, by (createdAt, id) ascending, numbers included. */
  list(accountId: string, options: { after?: OrderCursor; limit: number }): Promise<Order[]>;
  /** The orders with these ids that belong to the paired accounts (one round trip for a worker's batch). */
  getMany(keys: { accountId: string; orderId: string }[]): Promise<Order[]>;
  /**
   * `settle` for many orders at once; each settlement lists every number of its order still `Processing`. Orders whose
   * numbers all end alike are written with one statement per kind.
   */
  settleMany(settlements: OrderSettlement[]): Promise<void>;
  /** Orders of every account by status (for metrics). */
  countByStatus(): Promise<Record<string, number>>;
  /**
   * Records the outcome of numbers that are still `Processing` (others are left alone, so a repeated call changes
   * nothing) and sets the order's status and `updatedAt`.
   */
  settle(
    accountId: string,
    orderId: string,
    outcome: { numbers: { e164: string; status: OrderedNumberStatus; failureReason?: string }[]; status: OrderStatus; at: Date },
  ): Promise<void>;
}

export interface OrderSettlement {
  accountId: string;
  orderId: string;
  numbers: { e164: string; status: OrderedNumberStatus; failureReason?: string }[];
  status: OrderStatus;
  at: Date;
}

/** A claim on a number for one order, made before the carrier is asked. */
export interface Reservation {
  e164: string;
  accountId: string;
  orderId: string;
  productType: ProductType;
  type: NumberType;
  country: string;
  at: Date;
}

export interface ActiveOwner {
  accountId: string;
  orderId?: string;
}

export interface PhoneNumberRepository {
  /**
   * Inserts an `AcquireInProgress` row for every requested number that nobody owns (the database refuses a second
   * active owner), then answers the active owner of each requested number — the caller's order when it won.
   */
  reserve(reservations: Reservation[]): Promise<Map<string, ActiveOwner>>;
  /** Sets the outcome of an order's `AcquireInProgress` rows: `Unassigned` when acquired, else `AcquireFailed` (no longer owned). */
  settleAcquisitions(orderId: string, results: { e164: string; acquired: boolean }[], at: Date): Promise<void>;
  /** Those of `e164s` released after `since` (still aging, not for sale). */
  agingSince(e164s: string[], since: Date): Promise<Set<string>>;
  /** Numbers under the prefixes that cannot be sold now: owned, held by an order in progress, or released after `agingSince`. */
  unavailableUnder(prefixes: string[], agingSince: Date): Promise<Set<string>>;
  /** The account's newest record of a number (an owned number's active record is always its newest). */
  get(accountId: string, e164: string): Promise<OwnedNumber | undefined>;
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
  /** Moves an `Unassigned` active record into the deletion queue until `deletionAt`; false when none matched. */
  queueDeletion(accountId: string, e164: string, change: { at: Date; deletionAt: Date }): Promise<boolean>;
  /** Moves a queued record whose `deletionAt` is after `at` back to `Unassigned`; false when none matched. */
  restore(accountId: string, e164: string, at: Date): Promise<boolean>;
  /**
   * Releases up to `limit` queued records whose `deletionAt` is not after `now`: no longer owned, `releasedAt` =
   * their `deletionAt` (aging starts there). Conditional per row, so concurrent sweepers release each record once.
   * @returns how many records this call released
   */
  releaseDue(now: Date, limit: number): Promise<number>;
  /** Marks up to `limit` calling-name updates due by `now` as `UpdateSucceeded` (updatedAt: their due time, never backwards). */
  completeCallingNames(now: Date, limit: number): Promise<number>;
}

/** Which of an account's listed numbers to read: keyset `after` an E.164 number, optionally filtered. */
export interface ListNumbersOptions {
  after?: string;
  limit: number;
  now: Date;
  status?: PhoneNumberStatus;
  productType?: ProductType;
}

/** The account's phone-number settings. */
export interface PhoneNumberSettings {
  /** The default outbound calling name; may be `''`. */
  callingName: string;
  callingNameUpdatedAt: Date;
}

export interface PhoneNumberSettingsRepository {
  /** The account's settings; undefined until they were first set. */
  get(accountId: string): Promise<PhoneNumberSettings | undefined>;
  /**
   * Sets the default calling name unless it was changed after `unchangedSince` (checked in the same statement, so
   * two concurrent changes cannot both pass). @returns whether it was written
   */
  put(accountId: string, change: { callingName: string; at: Date; unchangedSince: Date }): Promise<boolean>;
}

export interface Job {
  id: string;
  kind: string;
  accountId: string;
  attempts: number;
}

export interface JobRepository {
  enqueue(job: { id: string; kind: string; accountId: string; runAt: Date }): Promise<void>;
  /** Jobs not finished yet (for metrics). */
  count(): Promise<number>;
  /**
   * Leases up to `limit` due jobs (run_at ≤ now, no unexpired lease) to `owner` until now + leaseMs, atomically:
   * two claimers never get the same job while its lease runs.
   */
  claim(options: { owner: string; now: Date; leaseMs: number; limit: number }): Promise<Job[]>;
  /**
   * Of these job ids, those whose lease `owner` still holds at `now`. Inside a transaction on PostgreSQL the rows stay
   * locked until it ends, so no other worker can claim them between this check and `complete` (the settle fence).
   */
  held(ids: string[], owner: string, now: Date): Promise<Set<string>>;
  /** Deletes finished jobs that `owner` holds. */
  complete(ids: string[], owner: string): Promise<void>;
  /** Gives a job back after a failed attempt: no lease, due again at `runAt`, one more attempt counted. */
  retry(id: string, owner: string, runAt: Date): Promise<void>;
}

/** Small server-wide values kept in the database (e.g. the key that signs pagination tokens). */
export interface MetaRepository {
  /** The stored value of `name`; stores `create()` first when there is none. Concurrent callers see one value. */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** An owned number to load directly (seeding), as `Unassigned`. */
export interface SeedNumber {
  e164: string;
  accountId: string;
  productType: ProductType;
  type: NumberType;
  country: string;
  at: Date;
}

export interface BulkRepository {
  /** Inserts owned numbers that nobody owns yet; answers how many were inserted. */
  insertOwnedNumbers(rows: SeedNumber[]): Promise<number>;
}

/** An account created from the command line. */
export interface StoredAccount {
  accountId: string;
  enabled: boolean;
  /** Limit overrides as stored (a JSON object), or undefined. */
  limits?: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** An access key created from the command line; secrets stay encrypted here (the caller decrypts). */
export interface StoredAccessKey {
  accessKeyId: string;
  accountId: string;
  secretCiphertext: string;
  previousSecretCiphertext?: string;
  previousValidUntil?: Date;
  enabled: boolean;
  /** Allowed action patterns; undefined allows every action. */
  allow?: string[];
  deny: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Accounts and access keys managed from the command line. Not tenant data of the API: admin only. */
export interface AccessRepository {
  getAccount(accountId: string): Promise<StoredAccount | undefined>;
  listAccounts(): Promise<StoredAccount[]>;
  /** @returns false when the account already exists */
  insertAccount(account: StoredAccount): Promise<boolean>;
  /** @returns false when no such account */
  setAccountEnabled(accountId: string, enabled: boolean, at: Date): Promise<boolean>;
  getKey(accessKeyId: string): Promise<StoredAccessKey | undefined>;
  /** Keys of one account, or of every account; by account, then key id. */
  listKeys(accountId?: string): Promise<StoredAccessKey[]>;
  /** @returns false when the key id already exists */
  insertKey(key: StoredAccessKey): Promise<boolean>;
  /** @returns false when no such key */
  setKeyEnabled(accessKeyId: string, enabled: boolean, at: Date): Promise<boolean>;
  /** Replaces the secret; the former one stays valid until `previousValidUntil` when given. @returns false when no such key */
  rotateKey(
    accessKeyId: string,
    change: { secretCiphertext: string; previousSecretCiphertext?: string; previousValidUntil?: Date; at: Date },
  ): Promise<boolean>;
  /** @returns false when no such key */
  deleteKey(accessKeyId: string): Promise<boolean>;
}

/** What an account uses of its quotas; every count stops at its `cap` (it only needs to know "at the limit"). */
export interface AccountUsage {
  /** Actively owned numbers that are no longer being acquired (Unassigned, Assigned, DeleteInProgress, ...). */
  ownedNumbers: number;
  /** Numbers of orders in `Processing` that are still `Processing` themselves (on order, not owned yet). */
  numbersOnOrder: number;
  /** Orders in `Processing`. */
  processingOrders: number;
}

export interface UsageRepository {
  /** Counts the account's usage; each count reads at most `cap + 1` index entries. */
  count(accountId: string, caps: { numbers: number; orders: number }): Promise<AccountUsage>;
}

/** The repositories bound to one unit of work. */
export interface Repositories {
  orders: OrderRepository;
  meta: MetaRepository;
  phoneNumbers: PhoneNumberRepository;
  jobs: JobRepository;
  bulk: BulkRepository;
  phoneNumberSettings: PhoneNumberSettingsRepository;
  access: AccessRepository;
  usage: UsageRepository;
}

export interface Storage extends Repositories {
  /**
   * Runs `work` in one transaction: all of its writes commit together or none does. Inside `work`, use only the
   * repositories it is handed (on SQLite the outer ones wait for the transaction and would deadlock).
   */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `work` unless another process sharing this database is running work of the same `name` right now; then it
   * answers `undefined` without running it. For periodic work that should happen once per tick across several nodes
   * (the inventory sweep). Not a correctness lock: `work` must still be idempotent (a node may die halfway).
   * On SQLite (one process per file) it always runs `work`.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
  /** Cheap round trip that proves the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

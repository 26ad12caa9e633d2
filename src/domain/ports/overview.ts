/** What the web console's Overview page shows of one account: its orders over time, its numbers, its fulfilment lag. */

/** The period the overview covers: `[since, until)`, cut into buckets of `bucketSeconds` aligned to the epoch. */
export interface OverviewWindow {
  since: Date;
  until: Date;
  /** A positive whole number of seconds. */
  bucketSeconds: number;
}

/** Orders created in one bucket, by their current status. */
export interface OrderBucket {
  /** The bucket's start: a multiple of `bucketSeconds` since the epoch (the first may start before `since`). */
  start: Date;
  /** Orders by status (`Processing`, `Successful`, `Partial`, `Failed`); statuses without orders are left out. */
  counts: Record<string, number>;
}

/** How many of the account's numbers have one status and one product type. */
export interface NumberCount {
  status: string;
  productType: string;
  count: number;
}

/** Orders still in fulfilment, and how long the orders settled in the window took. */
export interface FulfilmentFigures {
  /** Orders `Processing` now, whenever they were created. */
  processing: number;
  /** `now` minus the creation of the oldest order `Processing` (never below 0); `null` when none is. */
  oldestProcessingSeconds: number | null;
  /** Orders that reached their terminal status (`Successful`, `Partial`, `Failed`) in the window. */
  settled: number;
  /**
   * Of those, the time from creation to the terminal status: the median and the 95th percentile by nearest rank (the
   * smallest lag that at least that share of the settled orders did not exceed: always a lag some order had); `null`
   * when none settled in the window.
   */
  lagSecondsP50: number | null;
  lagSecondsP95: number | null;
}

export interface Overview {
  /** Orders created in the window by bucket of creation time and current status, oldest bucket first; empty buckets left out. */
  orders: OrderBucket[];
  /**
   * The numbers the account holds at `now`, by status and product type (by status, then product type). Held are the
   * numbers `ListPhoneNumbers` lists as the account's own: every active record (`AcquireInProgress`, `Unassigned`,
   * `Assigned`, `DeleteInProgress`, and any other status an imported record has) except deletion-queue entries whose
   * deletion time is not after `now`, which the API no longer lists (released, awaiting the sweep). The `AcquireFailed`
   * records it also lists are left out: the account never got those numbers (they are counted in their orders'
   * `Failed` and `Partial` figures), and a count of them would grow with every failed acquisition ever made.
   */
  numbers: NumberCount[];
  fulfilment: FulfilmentFigures;
}

export interface OverviewRepository {
  /**
   * The account's overview for `window`, as of `now`; no other account's rows are read. The figures come from one
   * commit where the database offers a read snapshot (PostgreSQL: one `REPEATABLE READ` transaction, or the caller's);
   * on SQLite from statements in a row, with no write of this process between them.
   * @throws RangeError when the window is empty or reversed, or `bucketSeconds` is not a positive whole number
   */
  overview(accountId: string, window: OverviewWindow, now: Date): Promise<Overview>;
}

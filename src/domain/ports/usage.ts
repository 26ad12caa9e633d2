/** What an account uses of its quotas, counted by the database (order quotas, the limits report). */

/** Every count stops at its `cap` (a quota check only needs to know "at the limit"). */
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

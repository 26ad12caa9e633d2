/** What an account uses of its quotas (order quotas, the limits report), as counters the database keeps. */

export interface AccountUsage {
  /** Actively owned numbers that are no longer being acquired (Unassigned, Assigned, DeleteInProgress, ...). */
  ownedNumbers: number;
  /** Numbers of orders in `Processing` that are still `Processing` themselves (on order, not owned yet). */
  numbersOnOrder: number;
  /** Orders in `Processing`. */
  processingOrders: number;
}

export interface UsageRepository {
  /**
   * The account's usage from its counters: one row read, whatever the account holds. Inside a transaction, the
   * counters stay the account's own until it ends (on a database with concurrent writers they are locked), so a quota
   * check and the writes it guards run one at a time per account.
   */
  usageOf(accountId: string): Promise<AccountUsage>;
  /** The same usage counted from the account's orders and numbers (a scan: for checks, never on a request path). */
  recount(accountId: string): Promise<AccountUsage>;
}

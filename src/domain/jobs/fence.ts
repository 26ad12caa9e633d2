/**
 * What a job handler gets instead of the lease mechanics: transactions that know which of its jobs it still holds.
 * A holder whose lease ran out (paused, or slower than its lease) finds its jobs missing from `held` and must not
 * write for them: another holder has taken them over and may have finished them already.
 */
export interface Fence<R> {
  /**
   * Runs `work` in one transaction, handing it the ids of the batch's jobs whose lease this holder still has. On
   * PostgreSQL those job rows stay locked until the transaction ends, so nobody takes them over meanwhile.
   */
  guard<T>(work: (repos: R, held: ReadonlySet<string>) => Promise<T>): Promise<T>;
  /** Like `guard`, and completes (removes) the held jobs in the same transaction: they are done exactly once. */
  settle<T>(work: (repos: R, held: ReadonlySet<string>) => Promise<T>): Promise<T>;
}

/** Exclusivity across the processes that share one database (for periodic work such as the inventory sweep). */
export interface ClusterLock {
  /**
   * Runs `work` unless another process sharing this database is running work of the same `name` right now; then it
   * answers `undefined` without running it. Not a correctness lock: `work` must still be idempotent (a node may die
   * halfway, or outlive its hold). With one process on the database it always runs `work`.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
}

/**
 * A unit of work over the repositories `R` that one consumer needs: all writes of `work` commit together or none does.
 * Inside `work`, use only the repositories it is handed (on SQLite the outer ones wait for the transaction and would
 * deadlock).
 */
export interface UnitOfWork<R> {
  transaction<T>(work: (repos: R) => Promise<T>): Promise<T>;
}

/**
 * Reads over the repositories `R` that all see one state of the database, as of one commit, however long they take
 * and whatever other writers commit meanwhile. Nothing may be written through them.
 */
export interface SnapshotReads<R> {
  snapshot<T>(work: (repos: R) => Promise<T>): Promise<T>;
}

/** The job table, as the job queue (src/domain/jobs/) drives it: leases instead of locks. */

export interface Job {
  id: string;
  /** Which handler works the job (e.g. `fulfil-order`). */
  kind: string;
  accountId: string;
  attempts: number;
}

/** What creates work (e.g. the order service, in the transaction that stores the order). */
export interface JobEnqueue {
  enqueue(job: NewJob): Promise<void>;
  /** Enqueues many jobs in as few statements as the database takes (an import's); the caller's transaction makes them atomic. */
  enqueueAll(jobs: readonly NewJob[]): Promise<void>;
}

/** A job to enqueue: due at `runAt`, not leased. */
export interface NewJob {
  id: string;
  kind: string;
  accountId: string;
  runAt: Date;
}

export interface JobRepository extends JobEnqueue {
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

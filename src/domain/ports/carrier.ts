/** The carrier port: whoever really holds the numbers (simulated by default, a real carrier later). */

/** Machine-readable reasons an ordered number was not acquired; stored with the ordered number. */
export type FailureReason =
  /** Not in the carrier's pool, or still aging after a release. */
  | 'not-available'
  /** Another account owns it. */
  | 'owned-by-another-account'
  /** The ordering account already owns it (from an earlier order). */
  | 'already-owned'
  /** The carrier refused it. */
  | 'carrier-refused';

export type AcquireOutcome = { acquired: true } | { acquired: false; reason: FailureReason };

export interface AcquireRequest {
  e164: string;
  accountId: string;
  orderId: string;
}

export interface Carrier {
  /**
   * Acquires numbers for their orders. Must be idempotent: asking again for a number already acquired for the same
   * order answers `acquired` again (a worker that crashed mid-way asks twice). Rejects when `signal` aborts.
   */
  acquire(requests: AcquireRequest[], signal?: AbortSignal): Promise<Map<string, AcquireOutcome>>;
}

/** When a failing delivery is tried again: exponential backoff with full jitter, capped. */

export interface RetryPolicy {
  /** The first retry waits up to this long (ms). */
  initialMs: number;
  /** No wait is longer (ms). */
  maxMs: number;
  /** Once the subscription has been failing this long (ms), an event that fails is dead-lettered and it moves on. */
  periodMs: number;
}

/**
 * The wait before attempt `failures + 1`: a uniform draw in [0, min(maxMs, initialMs · 2^(failures−1))], at least 1 ms
 * ("full jitter": retries of many subscriptions failing at once spread out).
 * @param random a number in [0, 1) (injected)
 */
export function backoffMs(policy: Pick<RetryPolicy, 'initialMs' | 'maxMs'>, failures: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  return Math.max(1, Math.floor(random() * ceiling));
}

/** A number in [0, 1) from injected random bytes. */
export function unitRandom(bytes: (length: number) => Buffer): () => number {
  return () => bytes(6).readUIntBE(0, 6) / 2 ** 48;
}

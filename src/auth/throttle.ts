/**
 * Per-account token buckets, one per operation class. A request costs one token or more (by what it asks for: see
 * src/gateway/request-cost.ts); a bucket refills at `ratePerSecond`
 * up to `burst`. Decided in memory from the injected clock, so a throttled request costs a map lookup and a little
 * arithmetic. Memory is bounded: a bucket that has refilled completely is the same as a new one and may be dropped,
 * and beyond `maxBuckets` the oldest buckets go first.
 */
import type { RateLimit } from './credentials.ts';

/** `reading` for GET and HEAD (they change nothing), `mutating` for every other method. */
export type OperationClass = 'reading' | 'mutating';

/** The class of an HTTP method. */
export function operationClassOf(method: string): OperationClass {
  return method === 'GET' || method === 'HEAD' ? 'reading' : 'mutating';
}

/** A token, or how long until there is one. */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
  rate: number;
  burst: number;
}

/** The clock and the memory bound of a `Throttle`. */
export interface ThrottleOptions {
  /** The current time in milliseconds. */
  now(): number;
  /** Most buckets kept at once (two per active account). */
  maxBuckets?: number;
  /**
   * Processes that split every account's limits (`--workers N`): each keeps buckets of 1/N of the rate and of the burst
   * (at least 1), so that an account's total over the N processes stays within its limit. Default 1.
   */
  shares?: number;
}

/** Token buckets keyed by account and class. */
export class Throttle {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  readonly #maxBuckets: number;
  readonly #shares: number;

  constructor(options: ThrottleOptions) {
    this.#now = options.now;
    this.#maxBuckets = options.maxBuckets ?? 100_000;
    this.#shares = options.shares ?? 1;
  }

  /** This process's part of an account's limit. */
  #share(limit: RateLimit): RateLimit {
    return this.#shares === 1 ? limit : shareOf(limit, this.#shares);
  }

  /**
   * Takes `cost` tokens (default 1; at most the burst, so that every request can pass some time) from the account's
   * bucket of `cls`, or says how many whole seconds until they are there (≥ 1).
   */
  take(accountId: string, cls: OperationClass, accountLimit: RateLimit, cost = 1): ThrottleDecision {
    const limit = this.#share(accountLimit);
    const price = Math.max(0, Math.min(cost, limit.burst));
    const key = `${cls}:${accountId}`;
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: limit.burst, at: now, rate: limit.ratePerSecond, burst: limit.burst };
      this.#insert(key, bucket, now);
    } else {
      refill(bucket, now, limit);
    }
    if (bucket.tokens >= price) {
      bucket.tokens -= price;
      return { allowed: true };
    }
    const waitMs = bucket.rate > 0 ? ((price - bucket.tokens) / bucket.rate) * 1000 : 3_600_000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /**
   * The tokens left in a bucket now (for `/_dialtone/limits`); a bucket never used is full. With shares, this process's
   * bucket times the shares: the account's tokens if its requests spread evenly over the processes.
   */
  available(accountId: string, cls: OperationClass, accountLimit: RateLimit): number {
    const bucket = this.#buckets.get(`${cls}:${accountId}`);
    if (bucket === undefined) return accountLimit.burst;
    refill(bucket, this.#now(), this.#share(accountLimit));
    return Math.min(accountLimit.burst, Math.floor(bucket.tokens * this.#shares * 1000) / 1000);
  }

  /** Drops the buckets of `accountId`, or every bucket: they start full again (after a reset of the account's state). */
  forget(accountId?: string): void {
    if (accountId === undefined) {
      this.#buckets.clear();
      return;
    }
    for (const cls of ['reading', 'mutating'] as const) this.#buckets.delete(`${cls}:${accountId}`);
  }

  /** Buckets currently kept. */
  get size(): number {
    return this.#buckets.size;
  }

  #insert(key: string, bucket: Bucket, now: number): void {
    if (this.#buckets.size >= this.#maxBuckets) {
      // First drop the buckets that are full again (forgetting them changes nothing), then the oldest ones, down to
      // 90 % of the bound so that the next sweep is many inserts away (amortized O(1) per insert).
      for (const [k, b] of this.#buckets) {
        if (b.tokens + ((now - b.at) / 1000) * b.rate >= b.burst) this.#buckets.delete(k);
      }
      const excess = this.#buckets.size - Math.floor(this.#maxBuckets * 0.9);
      if (excess > 0) {
        let dropped = 0;
        for (const k of this.#buckets.keys()) {
          if (dropped++ >= excess) break;
          this.#buckets.delete(k);
        }
      }
    }
    this.#buckets.set(key, bucket);
  }
}

function refill(bucket: Bucket, now: number, limit: RateLimit): void {
  // A changed limit (config or CLI) applies from now on.
  bucket.rate = limit.ratePerSecond;
  bucket.burst = limit.burst;
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(bucket.burst, bucket.tokens + (elapsed / 1000) * bucket.rate);
  bucket.at = now;
}

/** One of `shares` equal parts of `limit`: the rate divided, the burst too but never below one request. */
export function shareOf(limit: RateLimit, shares: number): RateLimit {
  return { ratePerSecond: limit.ratePerSecond / shares, burst: Math.max(1, limit.burst / shares) };
}

/**
 * Failed authentications per source address, as token buckets: each failure takes a token, tokens come back at
 * `ratePerSecond` up to `burst`. An address without tokens is refused before its request is authenticated, so a
 * client guessing keys or replaying bad signatures costs neither a credential lookup nor a signature check for long.
 * Successful requests cost nothing here. Memory is bounded: beyond `maxAddresses` the oldest entries go first.
 */
import type { RateLimit } from './credentials.ts';
import { setBounded } from '../shared/bounded-map.ts';

export interface FailureLimiterOptions extends RateLimit {
  /** The current time in milliseconds. */
  now(): number;
  maxAddresses?: number;
}

interface Entry {
  tokens: number;
  at: number;
}

export class AuthFailureLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #options: FailureLimiterOptions;
  readonly #max: number;

  constructor(options: FailureLimiterOptions) {
    this.#options = options;
    this.#max = options.maxAddresses ?? 100_000;
  }

  /** Whole seconds until `address` may try again (≥ 1), or `undefined` when it may now. */
  blocked(address: string): number | undefined {
    const entry = this.#entries.get(address);
    if (entry === undefined) return undefined;
    this.#refill(entry);
    return entry.tokens >= 1 ? undefined : Math.max(1, Math.ceil((1 - entry.tokens) / this.#options.ratePerSecond));
  }

  /** Counts one failed authentication from `address`. */
  fail(address: string): void {
    let entry = this.#entries.get(address);
    if (entry === undefined) {
      entry = { tokens: this.#options.burst, at: this.#options.now() };
      setBounded(this.#entries, address, entry, this.#max);
    } else {
      this.#refill(entry);
      // Most recently failing last, so that the oldest go first when the map is full.
      this.#entries.delete(address);
      this.#entries.set(address, entry);
    }
    entry.tokens = Math.max(0, entry.tokens - 1);
  }

  #refill(entry: Entry): void {
    const now = this.#options.now();
    entry.tokens = Math.min(this.#options.burst, entry.tokens + ((now - entry.at) / 1000) * this.#options.ratePerSecond);
    entry.at = now;
  }
}

/**
 * A credential store in front of a slower one (a database): answers, including "no such key", are kept for `ttlMs`,
 * so SigV4 verification on every request costs a map lookup, and a change made elsewhere (the command line, another
 * node sharing the database) takes effect within `ttlMs`. Concurrent misses for one key share one lookup. At most
 * `maxEntries` answers are kept; the oldest go first. When the source fails, an expired answer is used if there is one.
 */
import type { Credential, CredentialStore } from './credentials.ts';
import { setBounded } from '../shared/bounded-map.ts';

/** The store behind the cache, the TTL, the clock and the bound. */
export interface CachedStoreOptions {
  /** The store behind the cache. */
  source(accessKeyId: string): Promise<Credential | undefined>;
  /** How long an answer is reused (ms). */
  ttlMs: number;
  /** The current time in milliseconds. */
  now(): number;
  maxEntries?: number;
}

interface Entry {
  value: Credential | undefined;
  until: number;
}

/** @example cachedCredentialStore({ source: (id) => directory.lookup(id), ttlMs: 2000, now: Date.now }) */
export function cachedCredentialStore(options: CachedStoreOptions): CredentialStore & { clear(): void } {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Credential | undefined>>();
  const maxEntries = options.maxEntries ?? 50_000;

  const load = (accessKeyId: string): Promise<Credential | undefined> => {
    let pending = inFlight.get(accessKeyId);
    if (pending === undefined) {
      pending = options.source(accessKeyId).then(
        (value) => {
          inFlight.delete(accessKeyId);
          entries.delete(accessKeyId);
          setBounded(entries, accessKeyId, { value, until: options.now() + options.ttlMs }, maxEntries);
          return value;
        },
        (error: unknown) => {
          inFlight.delete(accessKeyId);
          // The database is away: an expired answer is better than refusing every key; without one, fail the request.
          const stale = entries.get(accessKeyId);
          if (stale !== undefined) return stale.value;
          throw error;
        },
      );
      inFlight.set(accessKeyId, pending);
    }
    return pending;
  };

  return {
    lookup(accessKeyId) {
      const entry = entries.get(accessKeyId);
      if (entry !== undefined && entry.until > options.now()) return entry.value;
      return load(accessKeyId);
    },
    clear: () => entries.clear(),
  };
}

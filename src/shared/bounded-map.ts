/**
 * The eviction of the server's bounded caches and tables (signing keys, statements, credentials, addresses that
 * failed to authenticate, search selections and permutation keys): a `Map` keeps its insertion order, so its first
 * key is the oldest, or the least recently used where the caller sets a key again on each use.
 */

/**
 * Sets `key` to `value` in `map`, first dropping the oldest entry when `map` already holds `max` entries and not
 * `key`: the map never holds more than `max` (at least 1).
 *
 * @example setBounded(cache, sql, statement, 500)
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max && !map.has(key)) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

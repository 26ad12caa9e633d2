/** Small server-wide values kept in the database (e.g. the key that signs pagination tokens, the test clock's offset). */
export interface MetaRepository {
  /** The stored value of `name`; stores `create()` first when there is none. Concurrent callers see one value. */
  getOrCreate(name: string, create: () => string): Promise<string>;
  /** The stored value of `name`, or undefined. */
  read(name: string): Promise<string | undefined>;
  /**
   * Adds the integer `delta` to the integer stored at `name` (0 when absent) in one statement, so that concurrent
   * callers (on several nodes) each add theirs; answers the new value.
   */
  increment(name: string, delta: number): Promise<number>;
  /** Stores `value` at `name`, replacing what was there. */
  write(name: string, value: string): Promise<void>;
  /** Removes `name`; answers whether it was there. */
  remove(name: string): Promise<boolean>;
  /** Every name that starts with `prefix`, with its value. */
  list(prefix: string): Promise<Map<string, string>>;
}

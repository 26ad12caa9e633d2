/** Small server-wide values kept in the database (e.g. the key that signs pagination tokens). */
export interface MetaRepository {
  /** The stored value of `name`; stores `create()` first when there is none. Concurrent callers see one value. */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

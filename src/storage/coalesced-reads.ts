/**
 * Reads of one row by key that arrive in the same turn of the event loop, answered together by one query.
 *
 * A server under load reads many requests from its sockets in one poll phase; on a database in another process each
 * of their lookups would be a round trip of its own, and each round trip costs both processes a write, a read and a
 * wake-up, more than the lookup itself. Here the keys asked for during a turn wait until that turn's check phase
 * (`setImmediate`, after every socket read in it) and are then read by one query: the pattern of DataLoader, and of
 * the ORMs that batch their lookups by unique key within a tick.
 *
 * What a read sees is unchanged: the query starts after every request of its batch arrived, so each sees at least
 * every commit made before it was asked. A batch that fails answers each of its reads with the same error, as each
 * would have failed alone. Keys asked for while a batch is in flight make up the next one, sent at the next check
 * phase (they do not wait for the batch before them).
 */

/** Reads `keys` at once; answers, for each key at the same position, its row or `undefined`. */
export type ReadMany<K, V> = (keys: readonly K[]) => Promise<readonly (V | undefined)[]>;

export interface CoalescedReadsOptions {
  /** Most keys per query; more asked in one turn are read by several queries, sent together. */
  maxBatch: number;
  /** Runs `send` once the current turn's I/O has been handled (default `setImmediate`). */
  schedule?: (send: () => void) => void;
}

interface Waiting<K, V> {
  key: K;
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

export class CoalescedReads<K, V> {
  readonly #readMany: ReadMany<K, V>;
  readonly #maxBatch: number;
  readonly #schedule: (send: () => void) => void;
  #waiting: Waiting<K, V>[] = [];

  constructor(readMany: ReadMany<K, V>, options: CoalescedReadsOptions) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    this.#readMany = readMany;
    this.#maxBatch = options.maxBatch;
    this.#schedule = options.schedule ?? setImmediate;
  }

  /** The row of `key`, read with the other keys asked for in this turn. */
  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.length === 0) this.#schedule(() => this.#send());
      this.#waiting.push({ key, resolve, reject });
    });
  }

  #send(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let start = 0; start < waiting.length; start += this.#maxBatch) void this.#read(waiting.slice(start, start + this.#maxBatch));
  }

  async #read(batch: Waiting<K, V>[]): Promise<void> {
    let rows: readonly (V | undefined)[];
    try {
      rows = await this.#readMany(batch.map((w) => w.key));
      if (rows.length !== batch.length) throw new Error(`a coalesced read answered ${rows.length} rows for ${batch.length} keys`);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => w.resolve(rows[i]));
  }
}

/**
 * The direct reads of one turn of the event loop (query-template.ts, `readDirectly`), run together in one SQLite read
 * transaction.
 *
 * Outside a transaction every statement is a read transaction of its own, and in WAL mode SQLite takes and releases a
 * shared lock on the WAL index for each: two `fcntl` system calls per statement, most of what a lookup by key costs on
 * this project's machine (one order and its number: 10.0 µs alone, 2.2 µs inside a transaction; `strace -c` of a
 * server under the GetPhoneNumberOrder load: two `fcntl` per request). Here the reads asked for during a turn wait
 * until that turn's check phase (`setImmediate`, after every socket read in it) and then run one after the other
 * between one `BEGIN` and its `COMMIT`, synchronously: nothing else runs on the connection meanwhile.
 *
 * What a read sees is as before: the transaction's snapshot is taken at its first read, after every request of the turn
 * arrived, so each read sees at least every commit made before it was asked (by this process or another one on the
 * same file), and nothing uncommitted. A read that fails answers its own error; the others go on. When a transaction
 * is open on the connection at that moment (kysely's, which holds the connection across turns), the reads decline
 * (answer `undefined`) and go through kysely, which waits for that transaction, as they did before. Reads asked while
 * a batch runs (none can be: it is synchronous, and their callers resume only after it) would make the next one.
 */
import type { Database, Statement } from 'better-sqlite3';

/** A read to run in the turn's transaction: its rows, or `undefined` when it cannot run outside kysely. */
export type TurnRead = () => unknown[] | undefined;

interface Waiting {
  run: TurnRead;
  resolve(rows: unknown[] | undefined): void;
  reject(error: unknown): void;
}

export class TurnReads {
  readonly #sqlite: Database;
  readonly #begin: Statement;
  readonly #commit: Statement;
  readonly #rollback: Statement;
  readonly #schedule: (run: () => void) => void;
  #waiting: Waiting[] = [];

  /**
   * @param sqlite the connection; a transaction begun on it by anyone else is never joined
   * @param schedule runs the batch once the current turn's I/O has been handled (default `setImmediate`)
   */
  constructor(sqlite: Database, schedule: (run: () => void) => void = setImmediate) {
    this.#sqlite = sqlite;
    // Deferred: a read transaction, whose snapshot is taken at its first read; it never waits for the write lock.
    this.#begin = sqlite.prepare('begin');
    this.#commit = sqlite.prepare('commit');
    this.#rollback = sqlite.prepare('rollback');
    this.#schedule = schedule;
  }

  /** The rows of `run`, read with the other reads asked for in this turn; `undefined`: read through kysely instead. */
  read(run: TurnRead): Promise<unknown[] | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.length === 0) this.#schedule(() => this.#runAll());
      this.#waiting.push({ run, resolve, reject });
    });
  }

  #runAll(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    if (this.#sqlite.inTransaction) {
      for (const w of waiting) w.resolve(undefined);
      return;
    }
    // One read is a transaction of its own anyway.
    const began = waiting.length > 1 && this.#tryBegin();
    for (const w of waiting) {
      let rows: unknown[] | undefined;
      try {
        rows = w.run();
      } catch (error) {
        w.reject(error);
        continue;
      }
      w.resolve(rows);
    }
    if (began) this.#end();
  }

  #tryBegin(): boolean {
    try {
      this.#begin.run();
      return true;
    } catch {
      // Each read then runs on its own, as it would have.
      return false;
    }
  }

  /** Ends the read transaction (SQLite may have ended it already, after an I/O error). */
  #end(): void {
    if (!this.#sqlite.inTransaction) return;
    try {
      this.#commit.run();
    } catch {
      // A read transaction has nothing to lose; undone so that the connection is free for the next transaction.
      try {
        if (this.#sqlite.inTransaction) this.#rollback.run();
      } catch {
        // The connection is gone: nothing is open on it any more.
      }
    }
  }
}

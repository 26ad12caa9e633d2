/**
 * The failures in a row of a loop's claims while the database is away: logged at the 1st, 10th, 100th… failure rather
 * than at every poll, the recovery logged once, and a wait that doubles with each failure up to `maxMs`.
 */
import type { WorkerLogger } from './worker-logger.ts';

export class FailureStreak {
  readonly #logger: WorkerLogger;
  readonly #what: string;
  #count = 0;

  /**
   * @param logger where the first failure, each tenfold one and the recovery are logged
   * @param what what fails, as the log says it (`claiming jobs` → "claiming jobs failed", "claiming jobs works again")
   */
  constructor(logger: WorkerLogger, what: string) {
    this.#logger = logger;
    this.#what = what;
  }

  /** A claim worked: logs the recovery after failures. */
  succeeded(): void {
    if (this.#count > 0) this.#logger.info?.({ failures: this.#count }, `${this.#what} works again`);
    this.#count = 0;
  }

  /** A claim failed: logs it at the 1st, 10th, 100th… failure; answers how long to wait, `baseMs` doubled per failure up to `maxMs`. */
  failed(error: unknown, baseMs: number, maxMs: number): number {
    this.#count++;
    if (Number.isInteger(Math.log10(this.#count))) this.#logger.error({ err: error, failures: this.#count }, `${this.#what} failed`);
    return Math.min(maxMs, baseMs * 2 ** Math.min(this.#count, 16));
  }
}

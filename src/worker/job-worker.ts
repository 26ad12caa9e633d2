/**
 * The background loop of the job queue (e.g. order fulfilment): claims due jobs, has the queue dispatch each batch to
 * the handlers of its kinds, and keeps a few batches in flight so that carrier latency does not serialize orders. One
 * failing batch is logged and its jobs are retried with backoff; the loop itself never dies. `stop()` lets the
 * batches in flight finish.
 */
import type { ClaimedJob, JobQueue } from '../domain/jobs/job-queue.ts';

export interface WorkerLogger {
  error(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

export interface JobWorkerOptions {
  queue: Pick<JobQueue<unknown>, 'claim' | 'dispatch' | 'retry' | 'giveBack'>;
  batchSize: number;
  /** How long to wait before looking again when there was nothing to do (a new order wakes the worker sooner). */
  idleMs: number;
  maxInFlight: number;
  logger: WorkerLogger;
}

/** The longest wait between two claims while claiming fails (the database is away). */
const MAX_BACKOFF_MS = 5_000;

export class JobWorker {
  #claimFailures = 0;
  readonly #o: JobWorkerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #pendingWake = false;
  #abort = new AbortController();

  constructor(options: JobWorkerOptions) {
    this.#o = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /** Looks for work now instead of after the idle wait. */
  wake(): void {
    this.#pendingWake = true;
    this.#wake?.();
  }

  /**
   * Stops at a safe point: no new claims; carrier calls in flight are cancelled and their jobs given back (due now, so
   * the next start picks them up at once); settling transactions already running finish.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    this.#abort.abort(new Error('job worker stopping'));
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    const { queue, batchSize, maxInFlight, logger } = this.#o;
    while (this.#running) {
      if (this.#inFlight.size >= maxInFlight) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let claimed: ClaimedJob[] = [];
      this.#pendingWake = false;
      try {
        claimed = await queue.claim(batchSize);
        if (this.#claimFailures > 0) logger.info?.({ failures: this.#claimFailures }, 'claiming jobs works again');
        this.#claimFailures = 0;
      } catch (error) {
        // While the database is away, the log says so at the 1st, 10th, 100th… failure, not at every poll, and the
        // worker waits longer each time (up to MAX_BACKOFF_MS).
        this.#claimFailures++;
        if (Number.isInteger(Math.log10(this.#claimFailures))) logger.error({ err: error, failures: this.#claimFailures }, 'claiming jobs failed');
        await this.#idle(Math.min(MAX_BACKOFF_MS, this.#o.idleMs * 2 ** Math.min(this.#claimFailures, 16)));
        continue;
      }
      if (claimed.length === 0) {
        if (this.#inFlight.size > 0 && this.#pendingWake) continue;
        await this.#idle();
        continue;
      }
      const batch = this.#process(claimed).finally(() => this.#inFlight.delete(batch));
      this.#inFlight.add(batch);
    }
  }

  async #process(batch: ClaimedJob[]): Promise<void> {
    const { queue, logger } = this.#o;
    try {
      await queue.dispatch(batch, this.#abort.signal);
    } catch (error) {
      if (this.#abort.signal.aborted) {
        await queue.giveBack(batch).catch(() => undefined);
        return;
      }
      logger.error({ err: error, jobs: batch.length }, 'job batch failed; its jobs will be retried');
      await queue.retry(batch).catch(() => undefined);
    }
  }

  #idle(ms = this.#o.idleMs): Promise<void> {
    if (this.#pendingWake) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}

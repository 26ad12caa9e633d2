/**
 * The background loop of the job queue (e.g. order fulfilment): claims due jobs, has the queue dispatch each batch to
 * the handlers of its kinds, and keeps a few batches in flight so that carrier latency does not serialize orders. One
 * failing batch is logged and its jobs are retried with backoff; the loop itself never dies. `stop()` lets the
 * batches in flight finish.
 */
import type { ClaimedJob, JobQueue } from '../domain/jobs/job-queue.ts';
import { FailureStreak } from './failure-streak.ts';
import { Waker } from './waker.ts';
import type { WorkerLogger } from './worker-logger.ts';

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
  readonly #o: JobWorkerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #waker = new Waker();
  readonly #claimFailures: FailureStreak;
  #running = false;
  #loop: Promise<void> | undefined;
  #abort = new AbortController();

  constructor(options: JobWorkerOptions) {
    this.#o = options;
    this.#claimFailures = new FailureStreak(options.logger, 'claiming jobs');
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
    this.#waker.wake();
  }

  /**
   * Stops at a safe point: no new claims; carrier calls in flight are cancelled and their jobs given back (due now, so
   * the next start picks them up at once); settling transactions already running finish.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#waker.interrupt();
    this.#abort.abort(new Error('job worker stopping'));
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    const { queue, batchSize, maxInFlight, idleMs } = this.#o;
    while (this.#running) {
      if (this.#inFlight.size >= maxInFlight) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let claimed: ClaimedJob[] = [];
      this.#waker.looking();
      try {
        claimed = await queue.claim(batchSize);
        this.#claimFailures.succeeded();
      } catch (error) {
        // While the database is away the worker waits longer each time (up to MAX_BACKOFF_MS).
        await this.#idle(this.#claimFailures.failed(error, idleMs, MAX_BACKOFF_MS));
        continue;
      }
      if (claimed.length === 0) {
        if (this.#inFlight.size > 0 && this.#waker.pending) continue;
        await this.#idle(idleMs);
        continue;
      }
      const batch = this.#process(claimed).finally(() => this.#inFlight.delete(batch));
      this.#inFlight.add(batch);
    }
  }

  /** The wait between two claims; none once the worker is stopping (a claim in flight when `stop()` came). */
  #idle(ms: number): Promise<void> {
    return this.#running ? this.#waker.wait(ms) : Promise.resolve();
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
}

/**
 * The background loop of the job queue (e.g. order fulfilment): claims due jobs, has the queue dispatch each batch to
 * the handlers of its kinds, and keeps a few batches in flight so that carrier latency does not serialize orders. One
 * failing batch is logged and its jobs are retried with backoff; the loop itself never dies. `stop()` stops at a safe
 * point: no new claims; carrier calls in flight are cancelled and their jobs given back (due now, so the next start
 * picks them up at once); settling transactions already running finish.
 */
import type { ClaimedJob, JobQueue } from '../domain/jobs/job-queue.ts';
import { ClaimLoop } from './claim-loop.ts';
import { FailureStreak } from './failure-streak.ts';
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

export class JobWorker extends ClaimLoop {
  readonly #o: JobWorkerOptions;
  readonly #claimFailures: FailureStreak;

  constructor(options: JobWorkerOptions) {
    super('job worker');
    this.#o = options;
    this.#claimFailures = new FailureStreak(options.logger, 'claiming jobs');
  }

  protected async loop(): Promise<void> {
    const { queue, batchSize, maxInFlight, idleMs } = this.#o;
    while (this.running) {
      if (this.inFlight >= maxInFlight) {
        await this.oneSettled();
        continue;
      }
      let claimed: ClaimedJob[] = [];
      this.looking();
      try {
        claimed = await queue.claim(batchSize);
        this.#claimFailures.succeeded();
      } catch (error) {
        // While the database is away the worker waits longer each time (up to MAX_BACKOFF_MS).
        await this.idle(this.#claimFailures.failed(error, idleMs, MAX_BACKOFF_MS));
        continue;
      }
      if (claimed.length === 0) {
        if (this.inFlight > 0 && this.woken) continue;
        await this.idle(idleMs);
        continue;
      }
      this.track(this.#process(claimed));
    }
  }

  async #process(batch: ClaimedJob[]): Promise<void> {
    const { queue, logger } = this.#o;
    const signal = this.signal;
    try {
      await queue.dispatch(batch, signal);
    } catch (error) {
      if (signal.aborted) {
        await queue.giveBack(batch).catch(() => undefined);
        return;
      }
      logger.error({ err: error, jobs: batch.length }, 'job batch failed; its jobs will be retried');
      await queue.retry(batch).catch(() => undefined);
    }
  }
}

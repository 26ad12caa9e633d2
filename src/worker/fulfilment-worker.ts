/**
 * The fulfilment loop: claims due jobs with a lease, hands each batch to the fulfilment service, and keeps a few
 * batches in flight so that carrier latency does not serialize orders. One failing batch is logged and its jobs are
 * retried with backoff; the loop itself never dies. `stop()` lets the batches in flight finish.
 */
import type { BatchResult, FulfilmentService } from '../domain/orders/fulfilment.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { Job, JobRepository } from '../storage/ports.ts';

export interface WorkerLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

export interface FulfilmentWorkerOptions {
  jobs: JobRepository;
  fulfilment: FulfilmentService;
  clock: Clock;
  /** Identifies this worker's leases (unique per process). */
  owner: string;
  leaseMs: number;
  batchSize: number;
  /** How long to wait before looking again when there was nothing to do (a new order wakes the worker sooner). */
  idleMs: number;
  maxInFlight: number;
  logger: WorkerLogger;
  /** Called after each settled batch (metrics, tests). */
  onBatch?: (result: BatchResult) => void;
}

export class FulfilmentWorker {
  readonly #o: FulfilmentWorkerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #pendingWake = false;
  #abort = new AbortController();

  constructor(options: FulfilmentWorkerOptions) {
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
    this.#abort.abort(new Error('fulfilment worker stopping'));
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    const { jobs, clock, owner, leaseMs, batchSize, maxInFlight, logger } = this.#o;
    while (this.#running) {
      if (this.#inFlight.size >= maxInFlight) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let claimed: Job[] = [];
      this.#pendingWake = false;
      try {
        claimed = await jobs.claim({ owner, now: clock.now(), leaseMs, limit: batchSize });
      } catch (error) {
        logger.error({ err: error }, 'claiming fulfilment jobs failed');
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

  async #process(batch: Job[]): Promise<void> {
    const { fulfilment, jobs, clock, owner, logger } = this.#o;
    try {
      const result = await fulfilment.run(batch, owner, this.#abort.signal);
      this.#o.onBatch?.(result);
    } catch (error) {
      if (this.#abort.signal.aborted) {
        for (const job of batch) await jobs.retry(job.id, owner, clock.now()).catch(() => undefined);
        return;
      }
      logger.error({ err: error, jobs: batch.length }, 'fulfilment batch failed; its jobs will be retried');
      for (const job of batch) {
        const backoffMs = Math.min(60_000, 500 * 2 ** Math.min(job.attempts, 7));
        await jobs.retry(job.id, owner, new Date(clock.now().getTime() + backoffMs)).catch(() => undefined);
      }
    }
  }

  #idle(): Promise<void> {
    if (this.#pendingWake) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#o.idleMs);
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

/**
 * The inventory sweeper: every `intervalMs` of real time it asks the phone-number service to complete what is due on
 * the service's clock (calling names propagated, deletion-queue entries released). The decisions use the injected
 * clock, so moving a test clock forward takes effect within one tick. A failing sweep is logged and tried again at the
 * next tick; sweeps never overlap within a process, and with a cluster lock they run once per tick across the
 * processes sharing the database (the service's conditional writes would make an overlap harmless, only wasteful).
 * `stop()` waits for a sweep in progress.
 */
import type { ClusterLock } from '../domain/ports/cluster-lock.ts';
import type { WorkerLogger } from './job-worker.ts';

/** The name of the sweep's cluster-wide lock. */
export const SWEEP_LOCK = 'inventory-sweep';
const NOTHING_DONE = { released: 0, callingNames: 0 };

/** What the sweeper drives (the phone-number service). */
export interface Sweepable {
  sweep(): Promise<{ released: number; callingNames: number }>;
}

/** What the sweeper sweeps, how often, and where failures go. */
export interface SweeperOptions {
  target: Sweepable;
  /** Real time between two sweeps, in milliseconds. */
  intervalMs: number;
  logger: WorkerLogger;
  /** When given, a sweep runs only where no other process is sweeping right now. */
  lock?: ClusterLock;
  /** Called after each sweep that changed something (metrics, tests). */
  onSweep?: (result: { released: number; callingNames: number }) => void;
}

/** The background loop (see the file comment); `start()` after listening, `stop()` before closing storage. */
export class Sweeper {
  readonly #o: SweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #current: Promise<void> | undefined;

  constructor(options: SweeperOptions) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) throw new RangeError('sweep interval must be positive');
    this.#o = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops ticking and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#current;
  }

  /** Sweeps now (or joins the sweep in progress). Never rejects: failures are logged. */
  tick(): Promise<void> {
    this.#current ??= this.#sweep().finally(() => {
      this.#current = undefined;
    });
    return this.#current;
  }

  async #sweep(): Promise<void> {
    try {
      const { target, lock } = this.#o;
      const result = lock ? ((await lock.exclusive(SWEEP_LOCK, () => target.sweep())) ?? NOTHING_DONE) : await target.sweep();
      if (result.released > 0 || result.callingNames > 0) this.#o.onSweep?.(result);
    } catch (error) {
      this.#o.logger.error({ err: error }, 'inventory sweep failed; it runs again at the next tick');
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      void this.tick().then(() => this.#schedule());
    }, this.#o.intervalMs);
    this.#timer.unref();
  }
}

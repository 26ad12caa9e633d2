/**
 * A sweeper: every `intervalMs` of real time it asks its target to complete what is due on the service's clock. The
 * inventory sweeper drives the phone-number service (calling names propagated, deletion-queue entries released); the
 * order sweeper, under a name of its own, drives order housekeeping (retention, expired invocation ids). The decisions
 * use the injected clock, so moving a test clock forward takes effect within one tick. A failing sweep is logged and
 * tried again at the next tick; sweeps never overlap within a process, and with a cluster lock they run once per tick
 * across the processes sharing the database (the service's conditional writes would make an overlap harmless, only
 * wasteful).
 * `stop()` waits for a sweep in progress.
 */
import type { ClusterLock } from '../domain/ports/cluster-lock.ts';
import type { WorkerLogger } from './worker-logger.ts';

/** The name of the sweep's cluster-wide lock. */
export const SWEEP_LOCK = 'inventory-sweep';

/** What a sweep reports: counts of what it did. The inventory sweep's, unless a sweeper says otherwise. */
export type SweepCounts = Record<string, number>;
type InventorySweep = { released: number; callingNames: number };

/** What the sweeper drives (the phone-number service, or order housekeeping). */
export interface Sweepable<R extends SweepCounts = InventorySweep> {
  sweep(): Promise<R>;
}

/** What the sweeper sweeps, how often, and where failures go. */
export interface SweeperOptions<R extends SweepCounts = InventorySweep> {
  target: Sweepable<R>;
  /** The cluster-wide lock's name and what the log calls a sweep (default: the inventory sweep, `inventory-sweep`). */
  name?: string;
  /** Real time between two sweeps, in milliseconds. */
  intervalMs: number;
  logger: WorkerLogger;
  /** When given, a sweep runs only where no other process is sweeping right now. */
  lock?: ClusterLock;
  /** Called after each sweep that changed something (metrics, tests). */
  onSweep?: (result: R) => void;
  /** Called after each sweep that failed, once it is logged (metrics). */
  onFailure?: (error: unknown) => void;
}

/** The background loop (see the file comment); `start()` after listening, `stop()` before closing storage. */
export class Sweeper<R extends SweepCounts = InventorySweep> {
  readonly #o: SweeperOptions<R>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #current: Promise<void> | undefined;

  constructor(options: SweeperOptions<R>) {
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
      const result = lock ? await lock.exclusive(this.#o.name ?? SWEEP_LOCK, () => target.sweep()) : await target.sweep();
      if (result !== undefined && Object.values(result).some((n) => n > 0)) this.#o.onSweep?.(result);
    } catch (error) {
      const name = this.#o.name ?? SWEEP_LOCK;
      const what = name === SWEEP_LOCK ? 'inventory sweep' : `sweep ${name}`;
      this.#o.logger.error({ err: error }, `${what} failed; it runs again at the next tick`);
      this.#o.onFailure?.(error);
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

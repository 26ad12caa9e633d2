/**
 * How late the event loop runs, sustained: a timer due every `intervalMs` notes how much later than due it fired, and
 * the lag is the smallest lateness of its last `ticks` ticks. A loop kept busy (more requests than it can take, heavy
 * work on every turn) fires every tick late, and the gateway sheds what arrives (see gateway/admission.ts); a single
 * long task (a first request loading a module, a GC pause) makes one tick late, which is not load: the requests queued
 * behind it are served. The timer is unref'd, so it never keeps a process alive.
 */
export interface LagSource {
  /** Milliseconds the event loop has been running late, sustained, now. */
  currentMs(): number;
}

export class EventLoopLag implements LagSource {
  readonly #intervalMs: number;
  readonly #ticks: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #dueAt = 0;
  /** The lateness of the last ticks, newest last. */
  #late: number[] = [];

  /**
   * @param intervalMs how often the timer is due (default 50)
   * @param ticks how many consecutive late ticks make a lag (default 3)
   * @param now a monotonic clock in milliseconds (default `performance.now`)
   */
  constructor(options: { intervalMs?: number; ticks?: number; now?: () => number } = {}) {
    this.#intervalMs = options.intervalMs ?? 50;
    this.#ticks = options.ticks ?? 3;
    this.#now = options.now ?? (() => performance.now());
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#dueAt = this.#now() + this.#intervalMs;
    this.#timer = setInterval(() => this.tick(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#late = [];
  }

  /** Records one tick of the timer (called by it; tests drive it with an injected `now`). */
  tick(): void {
    const now = this.#now();
    this.#late.push(Math.max(0, now - this.#dueAt));
    if (this.#late.length > this.#ticks) this.#late.shift();
    this.#dueAt = now + this.#intervalMs;
  }

  currentMs(): number {
    return this.#late.length < this.#ticks ? 0 : Math.min(...this.#late);
  }
}

/**
 * How late the event loop runs: a timer due every `intervalMs` notes how much later than due it fired. A loop kept busy
 * (a flood of requests, a long synchronous task) fires it late, and the requests that waited behind the same work are
 * read right after it, so the gateway sees the lag before it reads their bodies and can shed them (see
 * gateway/admission.ts). `currentMs()` is the lateness of the last tick, or of the tick overdue right now if that is
 * larger; the timer is unref'd, so it never keeps a process alive.
 */
export interface LagSource {
  /** Milliseconds the event loop is running late, now. */
  currentMs(): number;
}

export class EventLoopLag implements LagSource {
  readonly #intervalMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #dueAt = 0;
  #lastMs = 0;

  /** @param now a monotonic clock in milliseconds (default `performance.now`). */
  constructor(options: { intervalMs?: number; now?: () => number } = {}) {
    this.#intervalMs = options.intervalMs ?? 50;
    this.#now = options.now ?? (() => performance.now());
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#dueAt = this.#now() + this.#intervalMs;
    this.#timer = setInterval(() => {
      const now = this.#now();
      this.#lastMs = Math.max(0, now - this.#dueAt);
      this.#dueAt = now + this.#intervalMs;
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#lastMs = 0;
  }

  currentMs(): number {
    if (this.#timer === undefined) return 0;
    return Math.max(this.#lastMs, this.#now() - this.#dueAt);
  }
}

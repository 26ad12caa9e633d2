/**
 * The test-mode clock: the system clock shifted by an offset that testers move forward (`POST /_dialtone/clock`),
 * kept in the database so that it survives a restart and every node sharing the database agrees on it.
 *
 * The stored offset only grows: an advance adds to it in one statement (two nodes advancing at once each add theirs),
 * and a node adopts a stored offset only when it is ahead of its own, so time never runs backwards on a node (leases,
 * timestamps and page tokens assume it does not). A node reads the offset at start, when it is advanced through it,
 * before answering `/_dialtone/clock`, and on `refresh()`, which the composition root calls every second: another
 * node's advance reaches it within about a second, or at once through its own clock endpoint.
 */
import { systemClock, type Clock } from './clock.ts';

/** Where the offset is kept (the meta table), under `CLOCK_OFFSET_KEY`. */
export interface OffsetStore {
  read(name: string): Promise<string | undefined>;
  increment(name: string, delta: number): Promise<number>;
}

export const CLOCK_OFFSET_KEY = 'test-clock-offset-ms';

export class SharedOffsetClock implements Clock {
  #offsetMs = 0;

  constructor(
    private readonly store: OffsetStore,
    private readonly base: Clock = systemClock,
  ) {}

  now(): Date {
    // The system clock read without a Date of its own: one Date per reading (each request reads the clock).
    const base = this.base === systemClock ? Date.now() : this.base.now().getTime();
    return new Date(base + this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Adopts the stored offset when it is ahead of this node's; answers whether the clock moved. */
  async refresh(): Promise<boolean> {
    const stored = Number((await this.store.read(CLOCK_OFFSET_KEY)) ?? 0);
    return this.#adopt(stored);
  }

  /** Moves time forward by `ms` (rounded to whole milliseconds) on every node sharing the store. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#adopt(await this.store.increment(CLOCK_OFFSET_KEY, Math.round(ms)));
  }

  #adopt(offsetMs: number): boolean {
    if (!Number.isFinite(offsetMs) || offsetMs <= this.#offsetMs) return false;
    this.#offsetMs = offsetMs;
    return true;
  }
}

/**
 * What the background loops that claim work share (the job worker, the webhook worker): start and stop, a wake that
 * cuts the wait between two claims short, the work in flight, and a stop at a safe point — no new claim, the wait in
 * progress ended, no wait begun once stopping (a claim in flight when `stop()` came ends the loop, empty or failed),
 * the signal of the work in flight aborted, and that work awaited.
 */
import { Waker } from './waker.ts';

export abstract class ClaimLoop {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #waker = new Waker();
  readonly #name: string;
  #running = false;
  #loop: Promise<void> | undefined;
  #abort = new AbortController();

  /** `name` says what stops in the abort's reason (`job worker`). */
  protected constructor(name: string) {
    this.#name = name;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#loop = this.loop();
  }

  /** Looks for work now instead of after the wait. */
  wake(): void {
    this.#waker.wake();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#abort.abort(new Error(`${this.#name} stopping`));
    this.#waker.interrupt();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** The loop: claims while {@link running}, waiting with {@link idle} between claims that found nothing. */
  protected abstract loop(): Promise<void>;

  /** Aborted when the loop stops. */
  protected get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** How many tasks are in flight. */
  protected get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Settles when one of the tasks in flight settles. */
  protected oneSettled(): Promise<void> {
    return Promise.race(this.#inFlight);
  }

  /** Keeps `work` among the tasks in flight until it settles, then calls `settled`. `work` must not reject. */
  protected track(work: Promise<void>, settled?: () => void): void {
    const task = work.finally(() => {
      this.#inFlight.delete(task);
      settled?.();
    });
    this.#inFlight.add(task);
  }

  /** A claim begins: it answers the wakes so far. */
  protected looking(): void {
    this.#waker.looking();
  }

  /** Whether a wake came since the last claim began. */
  protected get woken(): boolean {
    return this.#waker.pending;
  }

  /** The wait between two claims, cut short by a wake; none once the loop is stopping. */
  protected idle(ms: number): Promise<void> {
    return this.#running ? this.#waker.wait(ms) : Promise.resolve();
  }
}

/**
 * The wait of a polling loop between two looks for work, cut short by `wake()`: a wake that comes while the loop is
 * looking (not waiting) makes its next wait return at once, so that work signalled meanwhile is not left for a whole
 * poll interval. The loop calls `looking()` before each look: wakes that came before it are answered by that look.
 */
export class Waker {
  #pending = false;
  #cut: (() => void) | undefined;

  /** Ends the wait in progress, or the next one, at once. */
  wake(): void {
    this.#pending = true;
    this.#cut?.();
  }

  /** Ends the wait in progress, if any, without a wake for the next one (a loop that is stopping). */
  interrupt(): void {
    this.#cut?.();
  }

  /** A look for work begins: it answers the wakes so far. */
  looking(): void {
    this.#pending = false;
  }

  /** Whether a wake came since the last look began. */
  get pending(): boolean {
    return this.#pending;
  }

  /** Resolves after `ms`, or sooner when woken; at once if a wake came since the last look began. */
  wait(ms: number): Promise<void> {
    if (this.#pending) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#cut = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#cut = done;
    });
  }
}

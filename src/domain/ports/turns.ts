/** A share of the event loop: long work runs in slices, and each slice waits for its account's turn. */
export interface Turns {
  /** Resolves when `accountId` may run its next slice (other requests and other accounts have had theirs). */
  next(accountId: string): Promise<void>;
}

/** Turns that never wait (unit tests, tools). */
export const NO_WAIT: Turns = { next: () => Promise.resolve() };

/** Turns of the event loop handed out by a test, and a look at whether a promise has settled yet. */
import assert from 'node:assert/strict';
import type { Turns } from '../../src/domain/ports/turns.ts';

/** Turns handed out one by one by the test (`release`); remembers the keys asked for, in order. */
export function gate(): Turns & { keys: string[]; release(): void } {
  const waiting: (() => void)[] = [];
  const keys: string[] = [];
  return {
    keys,
    next(key) {
      keys.push(key);
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      assert.ok(next, 'something waits for a turn');
      next();
    },
  };
}

/**
 * Whether `promise` has settled once the work it started so far has run: a few turns of the event loop, since each
 * read of the storage may wait for the end of a turn (src/storage/sqlite/turn-reads.ts). A promise that waits for a
 * turn the test holds stays unsettled however long this waits.
 */
export async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let turn = 0; turn < SETTLING_TURNS && !done; turn++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** Turns of the event loop `settled` waits at most. */
const SETTLING_TURNS = 10;

/**
 * Answers written together once per turn of the event loop. The requests read in one turn's I/O (libuv's poll phase)
 * are answered one after another, each in its own callback; their answers wait and are written back to back once that
 * I/O is done (the check phase, `setImmediate`), instead of one at a time tens of microseconds apart.
 *
 * What that saves is the cost of waking the peer. Each write to a socket whose reader sleeps wakes it, and on the same
 * host (a load generator, a sidecar, a test) the kernel does that in the writer's system call: on the 2-core VM of the
 * benchmarks, about 15 µs of the server's CPU per answer (`perf`: `sock_def_readable` → the wake-up, with interrupts
 * off) when the reader sleeps between answers, which it does when the server is the slower side. Written back to back,
 * the answers find the reader awake. Signed GetPhoneNumberOrder under 50 connections: 89 → 61 µs of server CPU per
 * request, p99 9.7 → 6.7 ms (docs/performance.md).
 *
 * An answer waits at most for the rest of its turn's I/O (the requests read with it). Answers given outside the poll
 * phase (creates answered when their group commit ran in the check phase, a slice of work in a later turn) are written
 * at once: nothing else is being read then. Work that takes a turn of its own in the check phase (fair turns) is
 * scheduled with {@link AnswerBatch.afterIo}, which writes the waiting answers first, so that they do not wait for it.
 */
import type { ServerResponse } from 'node:http';

export interface AnswerBatch {
  /** A request was read: answers given from now until the turn's I/O is done are written together then. */
  requestRead(): void;
  /** Ends `res` with `body` (head and body in one write): now, or with the turn's other answers. */
  end(res: ServerResponse, body?: string | Uint8Array): void;
  /** Runs `callback` once the turn's pending I/O is done, after writing the answers waiting then. */
  afterIo(callback: () => void): void;
}

/** Answers written at once (no batching): for a gateway given none. */
export const UNBATCHED: AnswerBatch = {
  requestRead() {},
  end(res, body) {
    res.end(body);
  },
  afterIo(callback) {
    setImmediate(callback);
  },
};

/** @param schedule runs a callback once the turn's pending I/O is done (default `setImmediate`). */
export function answerBatch(schedule: (callback: () => void) => void = (callback) => setImmediate(callback)): AnswerBatch {
  let waiting: { res: ServerResponse; body: string | Uint8Array | undefined }[] = [];
  // Invariant: while collecting, a flush is scheduled.
  let collecting = false;

  const flush = (): void => {
    collecting = false;
    if (waiting.length === 0) return;
    const answers = waiting;
    waiting = [];
    for (const { res, body } of answers) {
      // A client that went away meanwhile: nothing to write (node:http would drop it as well).
      if (res.destroyed) continue;
      try {
        res.end(body);
      } catch (error) {
        // As the gateway does with an answer it cannot write: the connection ends; the other answers are written.
        res.destroy(error as Error);
      }
    }
  };

  return {
    requestRead() {
      if (collecting) return;
      collecting = true;
      schedule(flush);
    },
    end(res, body) {
      if (collecting) waiting.push({ res, body });
      else res.end(body);
    },
    afterIo(callback) {
      schedule(() => {
        flush();
        callback();
      });
    },
  };
}

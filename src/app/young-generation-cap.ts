/**
 * A bound on V8's young generation while the server runs. Node 24's V8 lets it grow to 128 MiB (two semi-spaces of 64
 * MiB; Node 20's to 32 MiB) under a load whose objects survive a scavenge — a fulfilment of 100,000 numbers, 50 per
 * order, took the server to 279 MiB of RSS — and every scavenge of a young generation that large copies more
 * survivors at once (the creates' p99 in that run: 715–750 ms; with the semi-spaces capped at 16 MiB on the command
 * line: 297–361 ms, peak RSS 199–252 MiB, and the same numbers per second).
 *
 * V8 fixes `--max-semi-space-size` when the heap is set up, so the cap works through the flag it reads each time it
 * grows the young generation, `--semi-space-growth-factor` (see start-heap.ts): after the garbage collections of a
 * turn of the event loop the young generation's size is read, and growth is held (factor 1) once it has reached the
 * cap, allowed again (factor 2) below it. A growth doubles the size and needs as many bytes to have survived since the
 * last one as the young generation holds, so one turn seldom sees two: the cap holds for a cap that is the initial size
 * (1 MiB) times a power of two, and a long turn may take it one step past; on a loaded machine, where the reports come
 * late, two (a soft cap: 4 MiB held at 4–9.5 MiB). An operator's own young-generation flag is left alone, as at start.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { YOUNG_GENERATION_FLAGS, youngGenerationGrowth } from './start-heap.ts';
import { chosenByOperator } from './v8-flag-hold.ts';

/** The young generation's bound: Node 20's own maximum (two semi-spaces of 16 MiB). */
export const YOUNG_GENERATION_CAP_BYTES = 32 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * The young generation's size now (both semi-spaces), in bytes: twice a semi-space's capacity, which is what V8 grows
 * (the bytes it holds and those still free in it, a few bytes of page headers short of a whole number of MiB). Not
 * `space_size`, the pages committed, which on Node 26 (V8 14) lag behind the capacity: 3 MiB held at a capacity of 2
 * × 2 MiB, then 4.5 MiB of semi-spaces an operator set to 4 MiB each.
 */
export function youngGenerationBytes(): number {
  const space = getHeapSpaceStatistics().find((each) => each.space_name === 'new_space');
  if (space === undefined) return 0;
  return 2 * Math.ceil((space.space_used_size + space.space_available_size) / MIB) * MIB;
}

/** Holds the young generation at or below `capBytes` from now on; answers the function that stops holding it. */
export function capYoungGeneration(capBytes = YOUNG_GENERATION_CAP_BYTES): () => void {
  if (chosenByOperator(YOUNG_GENERATION_FLAGS)) return () => {};
  const growth = youngGenerationGrowth();
  const check = (): void => {
    if (youngGenerationBytes() >= capBytes) growth.hold();
    else growth.release();
  };
  // After the collections of each turn (their entries come together once the turn ends).
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  check();
  return () => {
    observer.disconnect();
    growth.release();
  };
}

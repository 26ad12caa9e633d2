/**
 * V8 doubles its young generation (two semi-spaces, from 1 MiB up to 16 MiB each on 64-bit) whenever most of what it
 * holds survives a scavenge. While the server starts nearly everything survives (the models, the compiled schemas,
 * the numbering plan), so it grows to no purpose, and the pages it touched stay resident: 8 MiB of a 16 MiB young
 * generation in an idle server on Node 24. Held at its initial size from the first module evaluated until the server
 * listens, it then grows as usual, under requests, whose short-lived objects are what it is for (up to the cap of
 * young-generation-cap.ts).
 *
 * V8 reads `--semi-space-growth-factor` each time it grows the young generation, so setting it at run time takes
 * effect (V8 of Node 20, 22 and 24; a V8 without the flag would print "unrecognized flag" at start, and
 * test/unit/app/start-heap.test.ts fails on such a Node first). Someone who sets a young-generation flag of their own
 * (on the command line or in NODE_OPTIONS) keeps it: then neither function changes anything.
 */
import { v8FlagHold, type FlagHold } from './v8-flag-hold.ts';

/** V8's default `--semi-space-growth-factor`. */
const DEFAULT_GROWTH_FACTOR = 2;

/** Flags by which an operator chose the young generation's size for themselves. */
export const YOUNG_GENERATION_FLAGS = /semi[-_]space/;

/** A hold on the young generation's growth: `hold` keeps it at its size, `release` lets it grow as V8 decides. */
export function youngGenerationGrowth(): FlagHold {
  return v8FlagHold(YOUNG_GENERATION_FLAGS, '--semi-space-growth-factor=1', `--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
}

const youngGeneration = youngGenerationGrowth();

/** Keeps the young generation at its current size until {@link releaseYoungGeneration}. */
export const holdYoungGeneration: () => void = youngGeneration.hold;

/** Lets the young generation grow again as V8 decides (after start-up; at once for the commands that do not serve). */
export const releaseYoungGeneration: () => void = youngGeneration.release;

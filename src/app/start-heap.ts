/**
 * V8 doubles its young generation (two semi-spaces, from 1 MiB up to 16 MiB each on 64-bit) whenever most of what it
 * holds survives a scavenge. While the server starts nearly everything survives (the models, the compiled schemas,
 * the numbering plan), so it grows to no purpose, and the pages it touched stay resident: 8 MiB of a 16 MiB young
 * generation in an idle server on Node 24. Held at its initial size from the first module evaluated until the server
 * listens, it then grows as usual, under requests, whose short-lived objects are what it is for.
 *
 * V8 reads `--semi-space-growth-factor` each time it grows the young generation, so setting it at run time takes
 * effect (V8 of Node 20, 22 and 24; a V8 without the flag would print "unrecognized flag" at start, and
 * test/unit/app/start-heap.test.ts fails on such a Node first). Someone who sets a young-generation flag of their own
 * (on the command line or in NODE_OPTIONS) keeps it: then neither function changes anything.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor`. */
const DEFAULT_GROWTH_FACTOR = 2;

let held = false;

/** Whether the process was started with a flag of its own about the young generation. */
function chosenByOperator(): boolean {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return /semi[-_]space/.test(flags);
}

/** Keeps the young generation at its current size until {@link releaseYoungGeneration}. */
export function holdYoungGeneration(): void {
  if (held || chosenByOperator()) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** Lets the young generation grow again as V8 decides (after start-up; at once for the commands that do not serve). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  held = false;
}

/**
 * What the process holds back while the server starts, and lets go once it listens (at once for the commands that do
 * not serve): the young generation's growth (start-heap.ts) and V8's optimizing compiler (start-optimizer.ts). Both
 * keep pages from being touched for work that only the start does, and that would stay resident in an idle server.
 */
import { holdYoungGeneration, releaseYoungGeneration } from './start-heap.ts';
import { holdOptimizer, releaseOptimizer } from './start-optimizer.ts';

export function holdWhileStarting(): void {
  holdYoungGeneration();
  holdOptimizer();
}

export function releaseStartHolds(): void {
  releaseYoungGeneration();
  releaseOptimizer();
}

/** Bounded work in batches, as the background sweeps and prunes run it. */

/**
 * Runs `batch(limit)` until one comes back short (fewer than `limit` done) or `maxBatches` have run, and answers how
 * many were done in all: a backlog drains over several sweeps instead of in one long write.
 */
export async function inBatches(batch: (limit: number) => Promise<number>, limit: number, maxBatches: number): Promise<number> {
  let done = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await batch(limit);
    done += n;
    if (n < limit) break;
  }
  return done;
}

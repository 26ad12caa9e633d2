/** While claiming jobs fails (the database is away), the worker backs off and logs at the 1st, 10th, 100th… failure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobWorker } from '../../../src/worker/job-worker.ts';

test('claim failures are logged at powers of ten, spaced out, and the recovery once', async () => {
  let claims = 0;
  const failures = 10;
  const errors: number[] = [];
  const infos: unknown[] = [];
  let recovered!: () => void;
  const done = new Promise<void>((resolve) => (recovered = resolve));
  const started = performance.now();
  const worker = new JobWorker({
    queue: {
      claim: async () => {
        claims++;
        if (claims <= failures) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        recovered();
        return [];
      },
      dispatch: async () => undefined,
      retry: async () => undefined,
      giveBack: async () => undefined,
    },
    batchSize: 10,
    idleMs: 1,
    maxInFlight: 1,
    logger: { error: (fields) => errors.push(fields.failures as number), info: (fields) => infos.push(fields) },
  });
  worker.start();
  await done;
  const elapsed = performance.now() - started;
  await worker.stop();
  assert.deepEqual(errors, [1, 10], 'ten failures, two log lines');
  assert.deepEqual(infos, [{ failures: 10 }]);
  // Waits of 2, 4, … 1024 ms (idleMs doubled per failure): about 2 s, where polling every idleMs would take 10 ms.
  assert.ok(elapsed > 1_500, `backed off: ${Math.round(elapsed)} ms`);
});

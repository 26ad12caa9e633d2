/** `stop()` does not wait out an idle interval: a claim in flight when it comes ends the loop, empty or failed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobWorker } from '../../../src/worker/job-worker.ts';

/** A worker whose first claim waits for the test to answer it, and whose idle wait is a minute. */
function workerWithHeldClaim(): { worker: JobWorker; claimed: Promise<void>; answer: (outcome: 'empty' | 'fail') => void; claims: () => number } {
  let claims = 0;
  let entered!: () => void;
  const claimed = new Promise<void>((resolve) => (entered = resolve));
  let answer!: (outcome: 'empty' | 'fail') => void;
  const outcome = new Promise<'empty' | 'fail'>((resolve) => (answer = resolve));
  const worker = new JobWorker({
    queue: {
      claim: async () => {
        claims++;
        entered();
        if ((await outcome) === 'fail') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return [];
      },
      dispatch: async () => undefined,
      retry: async () => undefined,
      giveBack: async () => undefined,
    },
    batchSize: 10,
    idleMs: 60_000,
    maxInFlight: 2,
    logger: { error: () => undefined, info: () => undefined },
  });
  return { worker, claimed, answer, claims: () => claims };
}

for (const outcome of ['empty', 'fail'] as const) {
  test(`a claim in flight that comes back ${outcome === 'empty' ? 'empty' : 'failed'} lets stop() end at once`, async () => {
    const { worker, claimed, answer, claims } = workerWithHeldClaim();
    worker.start();
    await claimed;
    const stopping = worker.stop();
    answer(outcome);
    const stopped = await Promise.race([
      stopping.then(() => 'stopped'),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 2_000).unref()),
    ]);
    assert.equal(stopped, 'stopped', 'stop() waited for the idle interval (60 s)');
    assert.equal(worker.running, false);
    assert.equal(claims(), 1, 'no claim after stop()');
  });
}

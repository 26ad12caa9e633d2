/**
 * Both background loops stop at a safe point: a claim in flight when `stop()` comes ends the loop, empty or failed,
 * without an idle wait; the work in flight sees its signal aborted and is awaited.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobWorker } from '../../../src/worker/job-worker.ts';
import { WebhookWorker } from '../../../src/worker/webhook-worker.ts';

type Outcome = 'empty' | 'fail' | 'work';

/** A claim that waits for the test to say what it finds; counts its calls. */
function heldClaim<T>(work: T) {
  let calls = 0;
  let entered!: () => void;
  const claimed = new Promise<void>((resolve) => (entered = resolve));
  let answer!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (answer = resolve));
  const claim = async (): Promise<T[]> => {
    calls++;
    if (calls > 1) return [];
    entered();
    const found = await outcome;
    if (found === 'fail') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return found === 'work' ? [work] : [];
  };
  return { claim, claimed, answer, calls: () => calls };
}

/** Work that runs until its signal is aborted, then records it. */
function abortableWork() {
  const seen: { aborted: boolean; finished: boolean } = { aborted: false, finished: false };
  const run = (signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => {
        seen.aborted = true;
        setTimeout(() => {
          seen.finished = true;
          resolve();
        }, 20);
      });
    });
  return { run, seen };
}

const silent = { error: () => undefined, info: () => undefined };
const IDLE_MS = 60_000;

function jobWorker(claim: () => Promise<unknown[]>, run: (signal: AbortSignal) => Promise<void>, gaveBack: unknown[][]) {
  return new JobWorker({
    queue: {
      claim: claim as never,
      dispatch: async (_batch, signal) => {
        assert.ok(signal, 'the worker passes its signal');
        await run(signal);
        signal.throwIfAborted();
      },
      retry: async () => undefined,
      giveBack: async (batch) => void gaveBack.push(batch),
    },
    batchSize: 10,
    idleMs: IDLE_MS,
    maxInFlight: 2,
    logger: silent,
  });
}

function webhookWorker(claim: () => Promise<unknown[]>, run: (signal: AbortSignal) => Promise<void>) {
  return new WebhookWorker({
    delivery: { claim: claim as never, deliver: async (_webhook, _token, signal) => run(signal!) },
    concurrency: 2,
    pollMs: IDLE_MS,
    owner: 'test',
    logger: silent,
  });
}

/** Resolves 'stopped' when `stopping` does within 2 s, 'still waiting' otherwise. */
function within2s(stopping: Promise<void>): Promise<string> {
  return Promise.race([stopping.then(() => 'stopped'), new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 2_000).unref())]);
}

for (const kind of ['job', 'webhook'] as const) {
  for (const outcome of ['empty', 'fail'] as const) {
    test(`${kind} worker: a claim in flight that comes back ${outcome === 'empty' ? 'empty' : 'failed'} lets stop() end at once`, async () => {
      const held = heldClaim({ id: 'w1' });
      const { run } = abortableWork();
      const worker = kind === 'job' ? jobWorker(held.claim, run, []) : webhookWorker(held.claim, run);
      worker.start();
      await held.claimed;
      const stopping = worker.stop();
      held.answer(outcome);
      assert.equal(await within2s(stopping), 'stopped', `stop() waited for the idle interval (${IDLE_MS} ms)`);
      assert.equal(worker.running, false);
      assert.equal(held.calls(), 1, 'no claim after stop()');
    });
  }

  test(`${kind} worker: stop() aborts the work in flight and waits for it`, async () => {
    const held = heldClaim({ id: 'w1' });
    const { run, seen } = abortableWork();
    const gaveBack: unknown[][] = [];
    const worker = kind === 'job' ? jobWorker(held.claim, run, gaveBack) : webhookWorker(held.claim, run);
    worker.start();
    held.answer('work');
    await held.claimed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.aborted, false, 'the work runs until the stop');
    assert.equal(await within2s(worker.stop()), 'stopped');
    assert.deepEqual(seen, { aborted: true, finished: true }, 'aborted, then awaited');
    if (kind === 'job') assert.deepEqual(gaveBack, [[{ id: 'w1' }]], 'the cut batch is given back');
  });
}

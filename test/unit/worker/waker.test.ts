/** The wait of a polling loop: cut short by a wake, answered at once after a wake that came while the loop looked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Waker } from '../../../src/worker/waker.ts';

/** Whether `promise` settles before the event loop's next check phase (what "at once" means here). */
async function settlesAtOnce(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await nextTurn();
  return settled;
}

describe('Waker', () => {
  it('a wake ends the wait in progress', async () => {
    const waker = new Waker();
    const waiting = waker.wait(60_000);
    assert.equal(await settlesAtOnce(waiting), false, 'the wait runs its time without a wake');
    waker.wake();
    assert.equal(await settlesAtOnce(waiting), true);
  });

  it('a wake that came while the loop looked makes the next wait return at once, until the next look', async () => {
    const waker = new Waker();
    waker.looking();
    waker.wake();
    assert.equal(waker.pending, true);
    assert.equal(await settlesAtOnce(waker.wait(60_000)), true);
    waker.looking();
    assert.equal(waker.pending, false);
    const waiting = waker.wait(60_000);
    assert.equal(await settlesAtOnce(waiting), false, 'the look answered the wake');
    waker.interrupt();
    await waiting;
  });

  it('an interrupt ends the wait in progress but leaves no wake for the next one', async () => {
    const waker = new Waker();
    const first = waker.wait(60_000);
    waker.interrupt();
    assert.equal(await settlesAtOnce(first), true);
    assert.equal(waker.pending, false);
    const second = waker.wait(60_000);
    assert.equal(await settlesAtOnce(second), false);
    waker.wake();
    await second;
  });

  it('a wait without a wake ends after its time', async () => {
    const waker = new Waker();
    const started = performance.now();
    await waker.wait(20);
    assert.ok(performance.now() - started >= 15, 'it waited');
    // A wake after the wait ended concerns the next one only.
    waker.wake();
    assert.equal(await settlesAtOnce(waker.wait(60_000)), true);
  });
});

/** The sweeper loop: ticks on real time, never overlaps, survives a failing sweep, and stops after the one in flight. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Sweeper } from '../../../src/worker/sweeper.ts';

describe('Sweeper', () => {
  test('sweeps every interval, logs a failure and goes on, joins a sweep in flight, and stops cleanly', async () => {
    let calls = 0;
    let inFlight = 0;
    let overlapped = false;
    const logged: string[] = [];
    const swept: number[] = [];
    const failures: unknown[] = [];
    const sweeper = new Sweeper({
      intervalMs: 10,
      logger: { error: (_fields, message) => logged.push(message) },
      onSweep: (r) => swept.push(r.released),
      onFailure: (error) => failures.push(error),
      target: {
        async sweep() {
          calls += 1;
          inFlight += 1;
          overlapped ||= inFlight > 1;
          await sleep(5);
          inFlight -= 1;
          if (calls === 2) throw new Error('database is busy');
          return { released: calls === 3 ? 4 : 0, callingNames: 0 };
        },
      },
    });
    await Promise.all([sweeper.tick(), sweeper.tick()]);
    assert.equal(calls, 1, 'a tick during a sweep joins it');
    sweeper.start();
    assert.equal(sweeper.running, true);
    for (let i = 0; i < 100 && calls < 4; i++) await sleep(10);
    await sweeper.stop();
    const after = calls;
    await sleep(40);
    assert.equal(calls, after, 'no sweep after stop');
    assert.ok(after >= 4);
    assert.equal(overlapped, false);
    assert.deepEqual(logged, ['inventory sweep failed; it runs again at the next tick']);
    assert.deepEqual(swept, [4], 'onSweep only for sweeps that changed something');
    assert.deepEqual(
      failures.map((e) => (e as Error).message),
      ['database is busy'],
      'onFailure with the error of the sweep that failed',
    );
  });
});

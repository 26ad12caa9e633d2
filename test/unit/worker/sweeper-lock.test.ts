/** The sweeper's cluster lock: a sweep runs under the lock's name, and not at all while another process holds it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterLock } from '../../../src/domain/ports/cluster-lock.ts';
import { SWEEP_LOCK, Sweeper } from '../../../src/worker/sweeper.ts';

describe('Sweeper with a cluster lock', () => {
  test('sweeps inside the lock when it is free, skips the tick when another process holds it', async () => {
    let heldElsewhere = false;
    const names: string[] = [];
    const lock: ClusterLock = {
      exclusive: async (name, work) => {
        names.push(name);
        return heldElsewhere ? undefined : work();
      },
    };
    let sweeps = 0;
    const changes: number[] = [];
    const sweeper = new Sweeper({
      intervalMs: 60_000,
      logger: { error: () => assert.fail('no sweep fails') },
      lock,
      onSweep: (r) => changes.push(r.released),
      target: {
        sweep: () => {
          sweeps += 1;
          return Promise.resolve({ released: 2, callingNames: 0 });
        },
      },
    });
    await sweeper.tick();
    heldElsewhere = true;
    await sweeper.tick();
    assert.deepEqual(names, [SWEEP_LOCK, SWEEP_LOCK]);
    assert.equal(sweeps, 1, 'no sweep while another process holds the lock');
    assert.deepEqual(changes, [2], 'a skipped tick reports nothing');
  });

  test('a named sweeper sweeps under its own lock, reports any count, and names itself when a sweep fails', async () => {
    const names: string[] = [];
    const lock: ClusterLock = {
      exclusive: async (name, work) => {
        names.push(name);
        return work();
      },
    };
    const logged: string[] = [];
    const reports: { pruned: number }[] = [];
    let calls = 0;
    const sweeper = new Sweeper<{ pruned: number }>({
      name: 'order-sweep',
      intervalMs: 60_000,
      logger: { error: (_fields, message) => logged.push(message) },
      lock,
      onSweep: (r) => reports.push(r),
      target: {
        sweep: () => {
          calls += 1;
          if (calls === 3) return Promise.reject(new Error('database is busy'));
          return Promise.resolve({ pruned: calls === 1 ? 5 : 0 });
        },
      },
    });
    for (let i = 0; i < 3; i++) await sweeper.tick();
    assert.deepEqual(names, ['order-sweep', 'order-sweep', 'order-sweep']);
    assert.deepEqual(reports, [{ pruned: 5 }], 'only a sweep that did something is reported');
    assert.deepEqual(logged, ['sweep order-sweep failed; it runs again at the next tick']);
  });
});

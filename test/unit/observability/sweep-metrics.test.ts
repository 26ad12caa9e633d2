/**
 * The sweeps' metrics: what each sweep did by item, and its failures from 0, as /_dialtone/metrics exposes them; and a
 * sweeper that names itself once for its lock, its log lines and its metrics (`meteredSweeper`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { meteredSweeper } from '../../../src/app/background.ts';
import { Metrics } from '../../../src/observability/metrics.ts';

const sources = { ordersByStatus: () => Promise.resolve({}), pendingJobs: () => Promise.resolve(0) };

describe('Metrics.sweepHooks', () => {
  test('counts each positive count of a sweep as its item, and the failures of each sweep from 0', async () => {
    const metrics = new Metrics(sources);
    const orders = metrics.sweepHooks('order-sweep');
    const inventory = metrics.sweepHooks('inventory-sweep');
    const before = await metrics.registry.metrics();
    assert.match(before, /^dialtone_sweep_failures_total\{sweep="order-sweep"\} 0$/m, 'failures start at 0');
    assert.match(before, /^dialtone_sweep_failures_total\{sweep="inventory-sweep"\} 0$/m);
    assert.doesNotMatch(before, /^dialtone_sweep_items_total\{/m, 'no item before a sweep did something');

    orders.onSweep({ prunedOrders: 3, prunedInvocations: 0 });
    orders.onSweep({ prunedOrders: 2, prunedInvocations: 5 });
    inventory.onSweep({ released: 1, callingNames: 0 });
    inventory.onFailure();
    inventory.onFailure();
    const text = await metrics.registry.metrics();
    assert.match(text, /^dialtone_sweep_items_total\{sweep="order-sweep",item="prunedOrders"\} 5$/m);
    assert.match(text, /^dialtone_sweep_items_total\{sweep="order-sweep",item="prunedInvocations"\} 5$/m);
    assert.match(text, /^dialtone_sweep_items_total\{sweep="inventory-sweep",item="released"\} 1$/m);
    assert.doesNotMatch(text, /item="callingNames"/, 'a count of 0 adds no series');
    assert.match(text, /^dialtone_sweep_failures_total\{sweep="inventory-sweep"\} 2$/m);
    assert.match(text, /^dialtone_sweep_failures_total\{sweep="order-sweep"\} 0$/m);
  });
});

describe('meteredSweeper', () => {
  test('names the sweep once: its lock, its log line and its metrics; its own onSweep runs after the metrics', async () => {
    const metrics = new Metrics(sources);
    const logged: string[] = [];
    const locked: string[] = [];
    const calls: string[] = [];
    const hooksOf = metrics.sweepHooks.bind(metrics);
    metrics.sweepHooks = (name) => {
      const hooks = hooksOf(name);
      return { ...hooks, onSweep: (counts) => (calls.push('metrics'), hooks.onSweep(counts)) };
    };
    let fail = false;
    const sweeper = meteredSweeper(metrics, 'events-prune', {
      target: {
        sweep: async () => {
          if (fail) throw new Error('database away');
          return { prunedEvents: 4 };
        },
      },
      lock: { exclusive: async (name, work) => (locked.push(name), work()) },
      intervalMs: 60_000,
      logger: { error: (_fields, message) => logged.push(message) },
      onSweep: (result) => calls.push(`own ${result.prunedEvents}`),
    });
    await sweeper.tick();
    fail = true;
    await sweeper.tick();
    const text = await metrics.registry.metrics();
    assert.deepEqual(locked, ['events-prune', 'events-prune']);
    assert.deepEqual(calls, ['metrics', 'own 4'], 'the metrics count the sweep before its own onSweep runs');
    assert.match(text, /^dialtone_sweep_items_total\{sweep="events-prune",item="prunedEvents"\} 4$/m);
    assert.match(text, /^dialtone_sweep_failures_total\{sweep="events-prune"\} 1$/m);
    assert.deepEqual(logged, ['sweep events-prune failed; it runs again at the next tick']);
  });
});

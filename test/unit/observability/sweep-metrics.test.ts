/** The sweeps' metrics: what each sweep did by item, and its failures from 0, as /_dialtone/metrics exposes them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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

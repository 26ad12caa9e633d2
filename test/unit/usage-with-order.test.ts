/** `usageWithOrder`: the counters after a new order, as the database's counter triggers count it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order, OrderedNumber } from '../../src/domain/orders/order.ts';
import { usageWithOrder } from '../../src/domain/orders/order-rules.ts';

const USAGE = { ownedNumbers: 7, numbersOnOrder: 3, processingOrders: 2 };
const numbers = (...statuses: OrderedNumber['status'][]): OrderedNumber[] => statuses.map((status, i) => ({ e164: `+1206555010${i}`, status }));

describe('usageWithOrder', () => {
  it('adds an order in Processing and its numbers still Processing, and leaves owned numbers alone', () => {
    const order: Pick<Order, 'status' | 'numbers'> = { status: 'Processing', numbers: numbers('Processing', 'Processing', 'Failed') };
    assert.deepEqual(usageWithOrder(USAGE, order), { ownedNumbers: 7, numbersOnOrder: 5, processingOrders: 3 });
    assert.deepEqual(USAGE, { ownedNumbers: 7, numbersOnOrder: 3, processingOrders: 2 }, 'the usage given is not changed');
  });

  it('adds nothing for an order that is not in Processing', () => {
    for (const status of ['Successful', 'Failed', 'Partial'] as const) {
      assert.deepEqual(usageWithOrder(USAGE, { status, numbers: numbers('Processing') }), USAGE);
    }
  });
});

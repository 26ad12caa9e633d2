/** Rows of orders joined with their numbers → orders (src/storage/kysely/order-rows.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupOrders, type OrderNumberRow } from '../../src/storage/kysely/order-rows.ts';

function row(id: string, position: number | null, e164: string | null, extra: Partial<OrderNumberRow> = {}): OrderNumberRow {
  return {
    id,
    account_id: '111122223333',
    product_type: 'VoiceConnector',
    name: null,
    status: 'Processing',
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_500,
    number_position: position,
    e164,
    number_status: e164 === null ? null : 'Processing',
    failure_reason: null,
    ...extra,
  };
}

describe('groupOrders', () => {
  it('keeps the orders in the order of their rows, each with its numbers in position order', () => {
    const orders = groupOrders([
      row('a', 2, '+12065550102'),
      row('a', 0, '+12065550100'),
      row('a', 1, '+12065550101', { number_status: 'Failed', failure_reason: 'not available' }),
      row('b', null, null),
      row('c', 1, '+12065550301'),
      row('c', 0, '+12065550300'),
      row('d', 0, '+12065550400'),
      row('d', 1, '+12065550401'),
    ]);
    assert.deepEqual(
      orders.map((order) => [order.id, order.numbers.map((n) => n.e164)]),
      [
        ['a', ['+12065550100', '+12065550101', '+12065550102']],
        ['b', []],
        ['c', ['+12065550300', '+12065550301']],
        ['d', ['+12065550400', '+12065550401']],
      ],
    );
    assert.deepEqual(orders[0]!.numbers[1], { e164: '+12065550101', status: 'Failed', failureReason: 'not available' });
    assert.deepEqual(orders[0]!.createdAt, new Date(1_700_000_000_000));
  });

  it('reads positions given as text (64-bit integers from some drivers)', () => {
    const orders = groupOrders([row('a', '10' as unknown as number, '+12065550110'), row('a', '9' as unknown as number, '+12065550109')]);
    assert.deepEqual(orders[0]!.numbers.map((n) => n.e164), ['+12065550109', '+12065550110']);
  });

  it('makes no order of no rows', () => {
    assert.deepEqual(groupOrders([]), []);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fairTurns } from '../../../src/shared/fair-turns.ts';

describe('fair turns', () => {
  test('release one slice per turn, taking the accounts in rotation', async () => {
    const pending: (() => void)[] = [];
    const turns = fairTurns((callback) => pending.push(callback));
    const order: string[] = [];
    const wait = (account: string, label: string) => turns.next(account).then(() => order.push(label));
    const all = [wait('a', 'a1'), wait('a', 'a2'), wait('a', 'a3'), wait('b', 'b1'), wait('c', 'c1'), wait('b', 'b2')];
    assert.equal(turns.waiting, 6);
    assert.equal(pending.length, 1, 'one turn scheduled at a time');
    while (pending.length > 0) {
      pending.shift()!();
      await Promise.resolve();
    }
    await Promise.all(all);
    assert.deepEqual(order, ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    assert.equal(turns.waiting, 0);
  });

  test('with the real event loop, I/O callbacks run between two slices', async () => {
    const turns = fairTurns();
    const events: string[] = [];
    const slices = (async () => {
      for (let i = 0; i < 3; i++) {
        await turns.next('a');
        events.push(`slice ${i}`);
      }
    })();
    setTimeout(() => events.push('timer'), 0);
    await slices;
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(events.includes('timer'));
    assert.equal(events.filter((e) => e.startsWith('slice')).length, 3);
  });
});

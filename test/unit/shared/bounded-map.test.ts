import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setBounded } from '../../../src/shared/bounded-map.ts';

describe('setBounded', () => {
  it('drops the oldest entry once the map holds the bound, never more', () => {
    const map = new Map<string, number>();
    for (let i = 0; i < 10; i++) {
      setBounded(map, `k${i}`, i, 3);
      assert.ok(map.size <= 3, `size ${map.size}`);
    }
    assert.deepEqual([...map], [['k7', 7], ['k8', 8], ['k9', 9]]);
  });

  it('replaces a key it holds in place, dropping nothing', () => {
    const map = new Map([['a', 1], ['b', 2], ['c', 3]]);
    setBounded(map, 'a', 10, 3);
    assert.deepEqual([...map], [['a', 10], ['b', 2], ['c', 3]]);
  });

  it('keeps the least recently used first when the caller takes a key out before setting it again', () => {
    const map = new Map([['a', 1], ['b', 2], ['c', 3]]);
    map.delete('a');
    setBounded(map, 'a', 1, 3);
    setBounded(map, 'd', 4, 3);
    assert.deepEqual([...map.keys()], ['c', 'a', 'd']);
  });

  it('holds one entry under a bound of 1', () => {
    const map = new Map<number, number>();
    setBounded(map, 1, 1, 1);
    setBounded(map, 2, 2, 1);
    assert.deepEqual([...map], [[2, 2]]);
  });
});

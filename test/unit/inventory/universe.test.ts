/**
 * The universe held as runs (ranges of NANP keys, runs of attribute ids): its lookups against the plain arrays it was
 * made from, on a small universe with gaps, runs of one block and keys at the edges, and on the precomputed one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planUniverse } from '../../../src/app/numbering-plan-data.ts';
import { foreignBlocks } from '../../../src/domain/inventory/static-blocks.ts';
import { blockAttr, blockPrefix, findBlock, nanpKey, nanpLowerBound, universeOf, type BlockAttr, type Universe } from '../../../src/domain/inventory/universe.ts';

const attr = (city: string): BlockAttr => ({ country: 'US', type: 'Local', state: 'WA', city, cityKey: city.toLowerCase() });

/** The keys and attribute ids of every block again, from the runs. */
function arrays(u: Universe): { keys: number[]; attrs: number[] } {
  const keys: number[] = [];
  for (let r = 0; r < u.rangeKey.length; r++) {
    for (let id = u.rangeBlock[r]!; id < u.rangeBlock[r + 1]!; id++) keys.push(u.rangeKey[r]! + id - u.rangeBlock[r]!);
  }
  const attrs: number[] = [];
  for (let r = 0; r < u.runAttr.length; r++) for (let id = u.runBlock[r]!; id < u.runBlock[r + 1]!; id++) attrs.push(u.runAttr[r]!);
  return { keys, attrs };
}

/** Checks every lookup of `u` against `keys` (ascending) and `attrs` (of every block). */
function checkLookups(u: Universe, keys: ArrayLike<number>, attrs: ArrayLike<number>): void {
  assert.equal(u.nanpCount, keys.length);
  assert.equal(u.blockCount, attrs.length);
  for (let id = 0; id < u.blockCount; id++) {
    assert.equal(blockAttr(u, id), attrs[id], `attribute of block ${id}`);
    if (id >= u.nanpCount) continue;
    assert.equal(nanpKey(u, id), keys[id], `key of block ${id}`);
    assert.equal(findBlock(u, blockPrefix(u, id)), id);
  }
  const probes = new Set<number>([0, 199_999, 200_000, 999_999, 1_000_000]);
  for (let id = 0; id < keys.length; id++) for (const d of [-1, 0, 1]) probes.add(keys[id]! + d);
  for (const key of probes) {
    let expected = 0;
    while (expected < keys.length && keys[expected]! < key) expected++;
    assert.equal(nanpLowerBound(u, key), expected, `lower bound of ${key}`);
    const found = findBlock(u, `1${key}`);
    assert.equal(found, String(key).length === 6 && keys[expected] === key ? expected : -1, `findBlock 1${key}`);
  }
}

describe('the universe as runs', () => {
  test('answers as the arrays it was made from: gaps, one-block ranges and runs, keys at the edges', () => {
    const keys = Uint32Array.from([200000, 200001, 200002, 200010, 206200, 206201, 206999, 207000, 999998, 999999]);
    const foreign = foreignBlocks().slice(0, 3);
    const attrIds = [0, 0, 1, 1, 1, 2, 0, 0, 3, 3, /* foreign */ 4, 4, 2];
    const u = universeOf(keys, attrIds, foreign, ['A', 'B', 'C', 'D', 'E'].map(attr), performance.now());
    assert.deepEqual([...u.rangeKey], [200000, 200010, 206200, 206999, 999998]);
    assert.deepEqual([...u.rangeBlock], [0, 3, 4, 6, 8, 10]);
    assert.deepEqual([...u.runBlock], [0, 2, 5, 6, 8, 10, 12, 13]);
    assert.deepEqual([...u.runAttr], [0, 1, 2, 0, 3, 4, 2]);
    checkLookups(u, keys, attrIds);
    assert.equal(blockPrefix(u, 10), foreign[0]!.prefix);
    assert.equal(findBlock(u, foreign[2]!.prefix), 12);
  });

  test('an empty NANP part', () => {
    const foreign = foreignBlocks().slice(0, 2);
    const u = universeOf([], [0, 1], foreign, ['A', 'B'].map(attr), performance.now());
    checkLookups(u, [], [0, 1]);
    assert.equal(nanpLowerBound(u, 206200), 0);
    assert.equal(findBlock(u, '1206200'), -1);
  });

  test('the precomputed universe: every block found by its prefix, runs as compact as they can be', () => {
    const u = planUniverse();
    const { keys, attrs } = arrays(u);
    for (let id = 0; id < u.blockCount; id += 97) {
      if (id < u.nanpCount) assert.equal(findBlock(u, `1${keys[id]}`), id);
      assert.equal(blockAttr(u, id), attrs[id]);
    }
    for (let r = 1; r < u.runAttr.length; r++) assert.notEqual(u.runAttr[r], u.runAttr[r - 1], 'neighbouring runs differ');
    for (let r = 1; r < u.rangeKey.length; r++) assert.ok(u.rangeKey[r]! > keys[u.rangeBlock[r]! - 1]! + 1, 'neighbouring ranges have a gap');
    assert.ok(u.stats.indexBytes < 1024 * 1024, `${u.stats.indexBytes} bytes of runs`);
  });
});

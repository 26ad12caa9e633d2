/** The steps a contract takes through a bounded prune across accounts. */
import assert from 'node:assert/strict';

/**
 * Prunes five due rows in the order they fall due: a limit of 0 deletes nothing, then two at a time, first due first,
 * then the last one (the row at the boundary itself), then nothing. `present` tells which of the five are still stored.
 */
export async function assertPrunedInOrder(
  prune: (limit: number) => Promise<number>,
  present: () => Promise<boolean[]>,
  say: { firstTwo: string; last: string },
): Promise<void> {
  assert.equal(await prune(0), 0, 'a limit of 0 deletes nothing');
  assert.deepEqual(await present(), [true, true, true, true, true]);
  assert.equal(await prune(2), 2, 'at most limit');
  assert.deepEqual(await present(), [false, false, true, true, true], say.firstTwo);
  assert.equal(await prune(2), 2);
  assert.deepEqual(await present(), [false, false, false, false, true]);
  assert.equal(await prune(100), 1, say.last);
  assert.deepEqual(await present(), [false, false, false, false, false]);
  assert.equal(await prune(100), 0, 'nothing left to prune');
}

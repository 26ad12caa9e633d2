/** src/shared/on-first-use.ts: each property made once, when first read, and only that one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onFirstUse } from '../../../src/shared/on-first-use.ts';

describe('onFirstUse', () => {
  it('makes a property when it is first read, once, and leaves the others unmade', () => {
    const calls: string[] = [];
    const parts = onFirstUse({
      a: () => (calls.push('a'), { name: 'a' }),
      b: () => (calls.push('b'), 2),
    });
    assert.deepEqual(calls, []);
    const first = parts.a;
    assert.deepEqual(first, { name: 'a' });
    assert.equal(parts.a, first);
    assert.deepEqual(calls, ['a']);
    assert.deepEqual(Object.keys(parts), ['a', 'b']);
    assert.equal(parts.b, 2);
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('gives the maker\'s error to the reader, and makes the property at the next read', () => {
    let fail = true;
    const make = (): string => {
      if (fail) throw new Error('not yet');
      return 'made';
    };
    const parts = onFirstUse({ x: make });
    assert.throws(() => parts.x, /not yet/);
    fail = false;
    assert.equal(parts.x, 'made');
  });
});

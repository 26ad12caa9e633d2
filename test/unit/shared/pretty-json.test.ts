/** prettyJsonChunks: the same text as JSON.stringify(value, null, 2), in pieces, for any object it is given. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { prettyJsonChunks } from '../../../src/shared/pretty-json.ts';

const joined = (value: Record<string, unknown>, chunkChars?: number): string => [...prettyJsonChunks(value, chunkChars)].join('');

describe('prettyJsonChunks', () => {
  test('writes what JSON.stringify(value, null, 2) writes, for any JSON object and any piece size', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({ min: 1, max: 200 }), (value, chunkChars) => {
        assert.equal(joined(value, chunkChars), JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  test('leaves out and writes as null what JSON.stringify does, and calls toJSON', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      empty: [],
      emptyObject: {},
      holes: [undefined, () => 1, Symbol('s'), 1],
      dates: [new Date(0)],
      date: new Date(1),
      nested: { lines: 'a\nb', list: [{ x: [1, { y: null }] }] },
      'quote"d': '\u2028',
    } as Record<string, unknown>;
    assert.equal(joined(value), JSON.stringify(value, null, 2));
    assert.equal(joined({}), '{}');
    assert.equal(joined({ only: undefined }), '{}');
  });

  test('gives pieces of at least the size asked, but the last, and one item per piece at most when asked for 1', () => {
    const value = { items: Array.from({ length: 100 }, (_, i) => ({ i, text: 'x'.repeat(i) })) };
    const pieces = [...prettyJsonChunks(value, 1_000)];
    assert.ok(pieces.length > 1);
    for (const piece of pieces.slice(0, -1)) assert.ok(piece.length >= 1_000);
    const single = [...prettyJsonChunks(value, 1)];
    assert.ok(Math.max(...single.map((p) => p.length)) < 200, 'an item is its own piece');
  });
});

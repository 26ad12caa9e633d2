/**
 * prettyJsonChunks: the same text as JSON.stringify(value, null, 2), in pieces, for any object it is given, and for
 * members whose items are streamed as that of the same items in an array.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StreamedItems, prettyJsonChunks } from '../../../src/shared/pretty-json.ts';

const pieces = async (value: Record<string, unknown>, chunkChars?: number): Promise<string[]> => {
  const out: string[] = [];
  for await (const piece of prettyJsonChunks(value, chunkChars)) out.push(piece);
  return out;
};
const joined = async (value: Record<string, unknown>, chunkChars?: number): Promise<string> => (await pieces(value, chunkChars)).join('');

/** The items of `list`, given one at a time after a turn of the event loop each. */
const streamed = (list: readonly unknown[]): StreamedItems =>
  new StreamedItems(async function* () {
    for (const item of list) {
      await new Promise((resolve) => setImmediate(resolve));
      yield item;
    }
  });

describe('prettyJsonChunks', () => {
  test('writes what JSON.stringify(value, null, 2) writes, for any JSON object and any piece size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({ min: 1, max: 200 }), async (value, chunkChars) => {
        assert.equal(await joined(value, chunkChars), JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  test('writes a streamed member as the same items in an array, empty or not, wherever it stands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue(), { maxLength: 5 }), fc.nat(), async (value, items, at) => {
        const keys = Object.keys(value);
        const key = `streamed-${at}`;
        const position = keys.length === 0 ? 0 : at % (keys.length + 1);
        const build = (member: unknown): Record<string, unknown> => {
          const out: Record<string, unknown> = {};
          keys.forEach((k, i) => {
            if (i === position) out[key] = member;
            out[k] = value[k];
          });
          if (position === keys.length) out[key] = member;
          return out;
        };
        assert.equal(await joined(build(streamed(items)), 7), JSON.stringify(build(items), null, 2));
      }),
      { numRuns: 200 },
    );
    assert.equal(await joined({ none: streamed([]) }), '{\n  "none": []\n}');
  });

  test('leaves out and writes as null what JSON.stringify does, and calls toJSON', async () => {
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
    assert.equal(await joined(value), JSON.stringify(value, null, 2));
    assert.equal(await joined({}), '{}');
    assert.equal(await joined({ only: undefined }), '{}');
  });

  test('gives pieces of at least the size asked, but the last, and one item per piece at most when asked for 1', async () => {
    const value = { items: Array.from({ length: 100 }, (_, i) => ({ i, text: 'x'.repeat(i) })) };
    const large = await pieces(value, 1_000);
    assert.ok(large.length > 1);
    for (const piece of large.slice(0, -1)) assert.ok(piece.length >= 1_000);
    const single = await pieces(value, 1);
    assert.ok(Math.max(...single.map((p) => p.length)) < 200, 'an item is its own piece');
  });
});

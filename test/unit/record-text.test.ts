/**
 * The reader of PostgreSQL's row-value text (src/storage/kysely/record-text.ts): the format's cases by hand here, and
 * every kind of text PostgreSQL writes, read back from a real PostgreSQL, in postgres-coalesced-reads.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordFields } from '../../src/storage/kysely/record-text.ts';

describe('recordFields', () => {
  it('reads plain fields, and an empty field as null wherever it is', () => {
    assert.deepEqual(recordFields('(1,abc,,+14255550100)', 4), ['1', 'abc', null, '+14255550100']);
    assert.deepEqual(recordFields('(,x)', 2), [null, 'x']);
    assert.deepEqual(recordFields('(x,)', 2), ['x', null]);
    assert.deepEqual(recordFields('()', 1), [null]);
  });

  it('reads quoted fields: the empty text, doubled quotes, backslashes, and the separators inside', () => {
    assert.deepEqual(recordFields('("",1)', 2), ['', '1']);
    assert.deepEqual(recordFields('("a ""b""","c\\\\d")', 2), ['a "b"', 'c\\d']);
    assert.deepEqual(recordFields('("x, (y)",z)', 2), ['x, (y)', 'z']);
    assert.deepEqual(recordFields('("tab\there\nand line",é📞)', 2), ['tab\there\nand line', 'é📞']);
    assert.deepEqual(recordFields('("\\q")', 1), ['q']);
  });

  it('refuses a text that is not a row of the given count of fields', () => {
    for (const [text, count] of [
      ['1,2', 2],
      ['(1,2)', 3],
      ['(1,2,3)', 2],
      ['(1,2', 2],
      ['("open,1)', 2],
      ['("a"b,1)', 2],
      ['(1,2))', 2],
    ] as const) {
      assert.throws(() => recordFields(text, count), SyntaxError, `${text} (${count})`);
    }
  });
});

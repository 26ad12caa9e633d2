/**
 * Array parameters written as literals by JSON.stringify (src/storage/postgres/array-literal.ts): PostgreSQL reads
 * each literal as the same array that node-postgres's own writing of the array gives, on a real PostgreSQL, for
 * random arrays of strings (quotes, backslashes, braces, commas, spaces, any Unicode), numbers, booleans and nulls;
 * the arrays it leaves to node-postgres (control characters, lone surrogates, other elements) are still sent right,
 * through the server's own client (BoundedClient).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { arrayLiteral, withArrayLiterals } from '../../src/storage/postgres/array-literal.ts';
import { BoundedClient } from '../../src/storage/postgres/bounded-client.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

let plain: pg.Client;
let bounded: BoundedClient;
before(async () => {
  const url = await freshDatabase('array_literal');
  plain = new pg.Client({ connectionString: url });
  bounded = new BoundedClient({ connectionString: url });
  await plain.connect();
  await bounded.connect();
});
after(async () => {
  await plain?.end();
  await bounded?.end();
});

describe('array literals by JSON.stringify', () => {
  it('writes strings quoted with their quotes and backslashes escaped, numbers, booleans and nulls bare', () => {
    assert.equal(arrayLiteral(['a', 'b"c', 'd\\e', '{,}', ' ', '']), '{"a","b\\"c","d\\\\e","{,}"," ",""}');
    assert.equal(arrayLiteral([1, -2.5, 0, true, false, null, undefined]), '{1,-2.5,0,true,false,null,null}');
    assert.equal(arrayLiteral([]), '{}');
    assert.equal(arrayLiteral(['é', '☎', '𝄞', '\u2028']), '{"é","☎","𝄞","\u2028"}');
  });

  it('leaves to node-postgres the arrays it would write otherwise: control characters, lone surrogates, other elements', () => {
    for (const values of [['a\nb'], ['\u0000'], ['\u001f'], ['\ud800'], ['x', '\udc00y'], [['nested']], [new Date(0)], [Number.NaN], [Infinity], [1n], [{ a: 1 }], [Buffer.from('x')]]) {
      assert.equal(arrayLiteral(values), undefined, JSON.stringify(values, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
    assert.equal(arrayLiteral(['back\\nslash']), undefined, 'a backslash before n is taken for an escape: left to node-postgres, which is right too');
  });

  it('replaces only the arrays among the values, and gives the values themselves when none is written', () => {
    const values = ['x', ['a'], 5, ['\n']];
    assert.deepEqual(withArrayLiterals(values), ['x', '{"a"}', 5, ['\n']]);
    assert.deepEqual(values, ['x', ['a'], 5, ['\n']], 'the caller keeps its array');
    const none = ['x', 5, null];
    assert.equal(withArrayLiterals(none), none);
  });

  it('PostgreSQL reads each literal as the array node-postgres writes: text[], bigint[], boolean[]', async () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '{', '}', ',', ' ', 'N', 'U', 'L', 'n', 'é', '☎', '𝄞', '\u2028') }),
      fc.string({ unit: 'grapheme' }),
      fc.constant('NULL'),
      fc.constant('null'),
    );
    const compare = async (values: unknown[], type: string): Promise<void> => {
      const literal = arrayLiteral(values);
      const theirs = await plain.query({ text: `select $1::${type}[] as v`, values: [values] });
      const ours = await plain.query({ text: `select $1::${type}[] as v`, values: [literal ?? values] });
      assert.deepEqual(ours.rows[0].v, theirs.rows[0].v, `${literal}`);
    };
    await fc.assert(fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 12 }), (values) => compare(values, 'text')), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.maxSafeInteger(), { nil: null }), { maxLength: 12 }), (values) => compare(values, 'bigint')), { numRuns: 100 });
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 12 }), (values) => compare(values, 'boolean')), { numRuns: 50 });
    await compare(['true', 'false', '5'], 'text');
  });

  it("the server's client sends written and left arrays alike", async () => {
    const arrays = [['a', 'b"c', 'd\\e', null, ''], ['line\nbreak', 'tab\t', '\u0001'], ['back\\nslash'], ['\ud800']];
    for (const values of arrays) {
      const { rows } = (await bounded.query('select $1::text[] as v, cardinality($1::text[]) as n', [values])) as pg.QueryResult<{ v: unknown; n: number }>;
      assert.deepEqual(rows[0]!.v, values.map((v) => (v === '\ud800' ? '\ufffd' : v)));
      assert.equal(rows[0]!.n, values.length);
    }
  });
});

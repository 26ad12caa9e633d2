/**
 * The precomputed universe (src/generated/numbering-plan.ts, decoded at start) against the one computed from the
 * libraries at run time: the same blocks and attributes, and plans over either answer the same.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NUMBERING_PLAN } from '../../../src/generated/numbering-plan.ts';
import { planUniverse, precomputedPlanIsCurrent } from '../../../src/app/numbering-plan-data.ts';
import { planInputs } from '../../../src/domain/inventory/nanp-geography.ts';
import { createNumberingPlan, type BlockQuery, type NumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';
import { buildUniverse, type Universe } from '../../../src/domain/inventory/universe.ts';
import { decodeUniverse, encodeUniverse, inflateUniverse, packUniverse, unpackUniverse } from '../../../src/domain/inventory/universe-codec.ts';
import { seededRandom as random } from '../../support/random.ts';

const comparable = (u: Universe) => ({
  nanpCount: u.nanpCount,
  rangeKey: [...u.rangeKey],
  rangeBlock: [...u.rangeBlock],
  foreign: u.foreign,
  runBlock: [...u.runBlock],
  runAttr: [...u.runAttr],
  attrs: u.attrs,
  blockCount: u.blockCount,
});

describe('the precomputed numbering plan', () => {
  const built = buildUniverse();

  test('was computed from the libphonenumber-js and geocoding data installed (else run `npm run plan`)', () => {
    assert.deepEqual(NUMBERING_PLAN.made, planInputs());
    assert.equal(precomputedPlanIsCurrent(), true);
  });

  test('decodes to exactly the universe computed from the libraries, and is what the server uses', () => {
    assert.deepEqual(comparable(decodeUniverse(Buffer.from(NUMBERING_PLAN.data, 'base64'))), comparable(built));
    assert.deepEqual(comparable(planUniverse()), comparable(built));
  });

  test('encoding then decoding gives the universe back', () => {
    assert.deepEqual(comparable(decodeUniverse(encodeUniverse(built))), comparable(built));
  });

  test('the layout that the bundle reads (inflated at build time) is the computed universe packed, and unpacks to it', () => {
    const layout = inflateUniverse(Buffer.from(NUMBERING_PLAN.data, 'base64'));
    assert.ok(layout.equals(packUniverse(built)), 'the inflated data and the packed universe differ');
    assert.ok(layout.subarray(0, 11).equals(Buffer.from('{"format":3')), 'the layout starts with its header');
    assert.deepEqual(comparable(unpackUniverse(layout)), comparable(built));
    // At an odd offset of a larger buffer, as a file's bytes may come: the typed arrays are copied out.
    const shifted = Buffer.alloc(layout.length + 1);
    layout.copy(shifted, 1);
    assert.deepEqual(comparable(unpackUniverse(shifted.subarray(1))), comparable(built));
    // Deflated bytes are no layout: no line break, or a first line that is not JSON.
    assert.throws(() => unpackUniverse(encodeUniverse(built)), /numbering plan data: no header|is not valid JSON/);
  });

  test('refuses bytes that are not an encoded universe', () => {
    assert.throws(() => decodeUniverse(Buffer.from('not deflated')));
    const encoded = encodeUniverse(built);
    assert.throws(() => decodeUniverse(encoded.subarray(0, encoded.length >> 1)));
  });

  test('refuses an encoding whose header, runs or ids disagree with its contents', () => {
    const raw = inflateRawSync(encodeUniverse(built));
    const newline = raw.indexOf(0x0a);
    const header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as Record<string, number>;
    /** The encoding with `header` changed (same length, padded with spaces) or `edit` applied to its bytes. */
    const altered = (changes: Record<string, number>, edit?: (bytes: Buffer, body: number) => void): Buffer => {
      const text = JSON.stringify({ ...header, ...changes });
      assert.ok(text.length <= newline, 'the altered header fits');
      const bytes = Buffer.from(raw);
      bytes.fill(0x20, 0, newline).write(text, 0, 'utf8');
      edit?.(bytes, newline + 1 + ((4 - ((newline + 1) % 4)) % 4));
      return deflateRawSync(bytes);
    };
    assert.deepEqual(comparable(decodeUniverse(altered({}))), comparable(built), 'the unaltered encoding decodes');
    assert.throws(() => decodeUniverse(altered({ format: 2 })), /unknown format 2/);
    assert.throws(() => decodeUniverse(altered({ nanp: header.nanp! + 1 })), /keys for|more keys/);
    assert.throws(() => decodeUniverse(altered({ strings: header.strings! + 1 })), /strings/);
    assert.throws(() => decodeUniverse(altered({ foreign: header.foreign! + 1 })), /foreign blocks/);
    // The first key range's length (after the ranges' first keys) one larger than it is.
    const rangeLength = (body: number): number => body + header.keyRanges! * 4;
    assert.throws(() => decodeUniverse(altered({}, (bytes, body) => bytes.writeUInt32LE(bytes.readUInt32LE(rangeLength(body)) + 1, rangeLength(body)))), /keys for/);
    // The second key range starting inside the first.
    assert.throws(() => decodeUniverse(altered({}, (bytes, body) => bytes.writeUInt32LE(bytes.readUInt32LE(body), body + 4))), /out of order/);
    // The first attribute run's attribute id (just after the key ranges and the run lengths) out of range.
    const runAttrs = (body: number): number => body + header.keyRanges! * 8 + header.attrRuns! * 4;
    assert.throws(() => decodeUniverse(altered({}, (bytes, body) => bytes.writeUInt16LE(header.attrs!, runAttrs(body)))), /out of range/);
  });

  describe('plans over the decoded and the computed universe answer the same', () => {
    const decoded = decodeUniverse(Buffer.from(NUMBERING_PLAN.data, 'base64'));
    const pairs: [string, NumberingPlan, NumberingPlan][] = [
      ['default pool', createNumberingPlan({ universe: () => decoded }), createNumberingPlan({ universe: () => built })],
      ...[['+1206', '+120655501', '+1800', '+442030', '+81120201'], ['+1', '+44', '+4930']].map(
        (pool): [string, NumberingPlan, NumberingPlan] => [`pool ${pool.join(',')}`, createNumberingPlan({ pool, universe: () => decoded }), createNumberingPlan({ pool, universe: () => built })],
      ),
    ];

    test('contains and describe, over 100,000 numbers of the NANP and 20,000 foreign ones', () => {
      const next = random(14);
      const numbers: string[] = [];
      for (let i = 0; i < 100_000; i++) numbers.push(`+1${String(Math.floor(next() * 9e9) + 1e9)}`);
      // Around the foreign table's prefixes (+44, +49, +33, +61, +81): inside and outside its blocks.
      for (const code of ['44', '49', '33', '61', '81']) {
        for (let i = 0; i < 4_000; i++) numbers.push(`+${code}${String(Math.floor(next() * 1e10)).padStart(10, '0').slice(0, 8 + Math.floor(next() * 3))}`);
      }
      for (const [name, a, b] of pairs) {
        let inPool = 0;
        for (const e164 of numbers) {
          const contained = a.contains(e164);
          assert.equal(contained, b.contains(e164), `${name}: contains(${e164})`);
          assert.deepEqual(a.describe(e164), b.describe(e164), `${name}: describe(${e164})`);
          if (contained) inPool += 1;
        }
        assert.ok(inPool > 0, `${name}: some sampled numbers are in the pool`);
      }
    });

    test('countries, and the segments of every state, type, and of 300 area codes', () => {
      const queries: BlockQuery[] = [];
      for (const u of [built]) {
        const states = new Set(u.attrs.filter((a) => a.state !== '').map((a) => `${a.country}|${a.state}`));
        for (const key of states) {
          const [country, state] = key.split('|') as [string, string];
          queries.push({ country, state }, { country, state, type: 'Local' });
        }
      }
      for (const country of ['US', 'CA', 'GB', 'DE', 'FR', 'AU', 'JP']) queries.push({ country }, { country, type: 'TollFree' }, { country, type: 'Local' });
      for (let npa = 200; npa < 1000; npa += 8) queries.push({ country: 'US', npa }, { country: 'CA', npa, type: 'Local' });
      queries.push({ country: 'US', state: 'WA', cityKey: 'seattle' }, { country: 'US', npa: 206, cityKey: 'seattle' });
      for (const [name, a, b] of pairs) {
        for (const productType of ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const) {
          assert.deepEqual(a.countries(productType), b.countries(productType), `${name}: countries(${productType})`);
        }
        for (const query of queries) {
          const [sa, sb] = [a.select(query), b.select(query)];
          assert.equal(sa.size, sb.size, `${name}: ${JSON.stringify(query)}`);
          assert.equal(sa.maxLines, sb.maxLines);
          for (let i = 0; i < sa.size; i += Math.max(1, Math.floor(sa.size / 50))) assert.deepEqual(sa.segment(i), sb.segment(i), `${name}: ${JSON.stringify(query)} #${i}`);
        }
      }
    });
  });
});

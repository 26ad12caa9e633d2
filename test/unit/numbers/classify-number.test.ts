/**
 * An order's numbers are classified by libphonenumber's patterns compiled once (verdictOfE164), and the answer is
 * libphonenumber-js's own: compared over every block kind of the numbering plan, every calling code's example
 * numbers and their neighbours, and random digit strings after every calling code (most of them invalid, some taking
 * the library path).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { verdictOfE164 } from '../../../src/domain/numbers/compiled-rules.ts';
import { classifyByLibrary, classifyNumber } from '../../../src/domain/numbers/number-rules.ts';
import { blockPrefix, universe } from '../../../src/domain/inventory/universe.ts';
import { seededRandom } from '../../support/random.ts';

const require = createRequire(import.meta.url);
const metadata = require('libphonenumber-js/metadata.max.json') as { country_calling_codes: Record<string, string[]> };
const examples = require('libphonenumber-js/examples.mobile.json') as Record<string, string>;

function assertSame(e164: string): void {
  assert.deepEqual(classifyNumber(e164), classifyByLibrary(e164), e164);
}

const callingCodeOf = new Map<string, string>();
for (const [code, countries] of Object.entries(metadata.country_calling_codes)) for (const country of countries) callingCodeOf.set(country, code);

test('the numbering plan: local and toll-free blocks of every kind, as libphonenumber classifies them', () => {
  const random = seededRandom(0xc1a55);
  const u = universe();
  let compared = 0;
  for (let id = 0; id < u.blockCount; id += 1 + Math.floor(random() * 40)) {
    const prefix = blockPrefix(u, id);
    for (const line of ['0000', String(Math.floor(random() * 10_000)).padStart(4, '0')]) {
      assertSame(`+${prefix}${line}`.slice(0, 19));
      compared++;
    }
  }
  assert.ok(compared > 5_000, `compared ${compared}`);
});

test("every country's example number and numbers near it: the same validity, country and type", () => {
  const random = seededRandom(0xe164);
  let fast = 0;
  let valid = 0;
  for (const [country, national] of Object.entries(examples)) {
    const code = callingCodeOf.get(country);
    if (code === undefined) continue;
    for (let i = 0; i < 40; i++) {
      // The example itself, then its last digits changed, one digit more or less.
      const keep = national.length - Math.floor(random() * Math.min(4, national.length));
      let digits = national.slice(0, keep);
      while (digits.length < national.length) digits += String(Math.floor(random() * 10));
      if (i % 10 === 8) digits += String(Math.floor(random() * 10));
      if (i % 10 === 9) digits = digits.slice(0, -1);
      const e164 = `+${code}${i === 0 ? national : digits}`;
      assertSame(e164);
      if (verdictOfE164(e164) !== undefined) fast++;
      if (classifyNumber(e164).valid) valid++;
    }
  }
  assert.ok(valid > 3_000, `valid ${valid}`);
  assert.ok(fast > 5_000, `answered by the compiled patterns ${fast}`);
});

test('random digits after every calling code, national prefixes included: the same answers', () => {
  const random = seededRandom(0x7777);
  let fallbacks = 0;
  for (const code of Object.keys(metadata.country_calling_codes)) {
    for (let i = 0; i < 60; i++) {
      const length = 2 + Math.floor(random() * 16);
      let national = ['', '', '', '0', '1', '00', code][Math.floor(random() * 7)]!;
      while (national.length < length) national += String(Math.floor(random() * 10));
      const e164 = `+${code}${national}`;
      if (verdictOfE164(e164) === undefined) fallbacks++;
      assertSame(e164);
    }
  }
  assert.ok(fallbacks > 0, 'some inputs took the library path');
});

test('what is not an E.164 number of digits is left to the library', () => {
  for (const text of ['+1206555010a', '12065550100', '+0123456789', '+1', '+12345678901234567890', '+1 206 555 0100']) {
    assert.equal(verdictOfE164(text), undefined, text);
    assertSame(text);
  }
  assert.deepEqual(classifyNumber('+18445550100'), { e164: '+18445550100', valid: true, country: 'US', type: 'TollFree' });
  assert.deepEqual(classifyNumber('+12065550100'), { e164: '+12065550100', valid: true, country: 'US', type: 'Local' });
});

/**
 * The compiled sellability check answers exactly as libphonenumber-js: over numbers of every NPA and foreign block of
 * the universe, with the block's own country and type and with the wrong ones, and over digit strings that take the
 * fallback paths (national prefixes, IDD prefixes, calling codes at the start).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verdictOf } from '../../../src/domain/numbers/compiled-rules.ts';
import { isSellable, isSellableByLibrary } from '../../../src/domain/inventory/number-check.ts';
import { blockAttr, blockPrefix, callingCodeLength, nanpKey, universe } from '../../../src/domain/inventory/universe.ts';
import type { NumberType } from '../../../src/domain/numbers/number-rules.ts';

/** Deterministic pseudo-random integers (xorshift). */
function random(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function assertSame(e164: string, national: string, country: string, type: NumberType): void {
  assert.equal(isSellable(e164, national, country, type), isSellableByLibrary(e164, national, country, type), `${e164} as ${country} ${type}`);
}

describe('compiled sellability check', () => {
  const u = universe();
  const next = random(0x5eed);

  test('agrees with libphonenumber on sampled numbers of every block kind, with right and wrong country and type', () => {
    // Every NPA's first, last and a random block; two lines each (first, random); plus a sample of all blocks.
    const blocks = new Set<number>();
    for (let id = 0; id < u.nanpCount; id++) {
      const npa = Math.floor(nanpKey(u, id) / 1000);
      if (id === 0 || Math.floor(nanpKey(u, id - 1) / 1000) !== npa) blocks.add(id);
      if (id + 1 === u.nanpCount || Math.floor(nanpKey(u, id + 1) / 1000) !== npa) blocks.add(id);
    }
    for (let i = 0; i < 3000; i++) blocks.add(next() % u.nanpCount);
    for (let id = u.nanpCount; id < u.blockCount; id += 1 + (next() % 7)) blocks.add(id);
    const countries = ['US', 'CA', 'PR', 'GB', 'DE', 'FR', 'AU', 'JP'];
    let compared = 0;
    for (const id of blocks) {
      const attr = u.attrs[blockAttr(u, id)]!;
      const prefix = blockPrefix(u, id);
      for (const line of ['0000', String(next() % 10_000).padStart(4, '0')]) {
        const digits = prefix + line;
        const national = digits.slice(callingCodeLength(u, id));
        assertSame(`+${digits}`, national, attr.country, attr.type);
        assertSame(`+${digits}`, national, attr.country, attr.type === 'Local' ? 'TollFree' : 'Local');
        assertSame(`+${digits}`, national, countries[next() % countries.length]!, attr.type);
        compared += 3;
      }
    }
    assert.ok(compared > 10_000, `compared ${compared}`);
  });

  test('agrees with libphonenumber on random digit strings, including those it leaves to the library', () => {
    const countries: [string, string][] = [['US', '1'], ['CA', '1'], ['GB', '44'], ['DE', '49'], ['FR', '33'], ['AU', '61'], ['JP', '81'], ['IT', '39'], ['AR', '54'], ['MX', '52'], ['BR', '55'], ['RU', '7'], ['KZ', '7']];
    let fallbacks = 0;
    for (let i = 0; i < 6000; i++) {
      const [country, code] = countries[i % countries.length]!;
      const length = 4 + (next() % 12);
      let national = '';
      for (let d = 0; d < length; d++) national += String(next() % 10);
      // Now and then start with what the library strips: a national prefix, an IDD prefix, the calling code.
      const lead = ['', '', '', '0', '00', '011', '1', code][next() % 8]!;
      national = (lead + national).slice(0, 15);
      if (verdictOf(national, country) === undefined) fallbacks++;
      for (const type of ['Local', 'TollFree'] as const) assertSame(`+${code}${national}`, national, country, type);
    }
    assert.ok(fallbacks > 0, 'some inputs took the library path');
  });

  test('an unknown country or a non-digit input is left to the library', () => {
    assert.equal(verdictOf('2065550100', 'ZZ'), undefined);
    assert.equal(verdictOf('206555010a', 'US'), undefined);
    assert.equal(isSellable('+12065550100', '2065550100', 'ZZ', 'Local'), false);
  });
});

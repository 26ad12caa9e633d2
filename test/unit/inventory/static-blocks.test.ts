import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foreignBlocks, FOREIGN_SERIES, LINE_DIGITS, TOLL_FREE_PREFIXES } from '../../../src/domain/inventory/static-blocks.ts';
import { assertSellable } from './support.ts';

/** Deterministic pseudo-random lines (xorshift), so a failure names the same numbers every run. */
function sampleLines(count: number, seed: number): number[] {
  let x = seed | 1;
  const lines = [0, 10 ** LINE_DIGITS - 1];
  while (lines.length < count + 2) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    lines.push((x >>> 0) % 10 ** LINE_DIGITS);
  }
  return lines;
}

const line = (n: number): string => String(n).padStart(LINE_DIGITS, '0');

describe('foreign blocks', () => {
  const blocks = foreignBlocks();

  test('cover GB, DE, FR, AU and JP, Local and TollFree', () => {
    const kinds = new Set(blocks.map((b) => `${b.country}:${b.type}`));
    for (const country of ['GB', 'DE', 'FR', 'AU', 'JP']) {
      assert.ok(kinds.has(`${country}:Local`), `${country} Local`);
      assert.ok(kinds.has(`${country}:TollFree`), `${country} TollFree`);
    }
    assert.equal(blocks.length, FOREIGN_SERIES.reduce((n, s) => n + Number(s.last) - Number(s.first) + 1, 0));
    assert.equal(new Set(blocks.map((b) => b.prefix)).size, blocks.length, 'prefixes are distinct');
    assert.deepEqual(blocks.map((b) => b.prefix), blocks.map((b) => b.prefix).sort(), 'ordered by prefix');
  });

  test('every block yields only valid numbers of its country and type (first, last and 200 random lines)', () => {
    blocks.forEach((block, i) => {
      for (const n of sampleLines(200, 0x9e3779b9 + i)) assertSellable(`+${block.prefix}${line(n)}`, block.country, block.type);
    });
  });

  test('no prefix is a prefix of another block (blocks do not overlap)', () => {
    for (const a of blocks) for (const b of blocks) if (a !== b) assert.ok(!b.prefix.startsWith(a.prefix));
  });
});

describe('US toll-free blocks', () => {
  test('every toll-free prefix with NXX 200..999 is valid TOLL_FREE (first, last and sampled lines)', () => {
    for (const prefix of TOLL_FREE_PREFIXES) {
      for (let nxx = 200; nxx <= 999; nxx += 37) {
        for (const n of sampleLines(10, nxx)) assertSellable(`+1${prefix}${nxx}${line(n)}`, 'US', 'TollFree');
      }
      assertSellable(`+1${prefix}9999999`, 'US', 'TollFree');
      assertSellable(`+1${prefix}2000000`, 'US', 'TollFree');
    }
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { deriveKeys, Permutation } from '../../../src/domain/inventory/permutation.ts';

describe('Permutation', () => {
  test('is a bijection of 0..size-1 for sizes with and without cycle walking', () => {
    for (const size of [1, 2, 3, 7, 10, 100, 1000, 9973, 10_000, 30_401]) {
      const p = new Permutation(size, deriveKeys('k', String(size)));
      const seen = new Uint8Array(size);
      for (let i = 0; i < size; i++) {
        const x = p.at(i);
        assert.ok(x >= 0 && x < size && seen[x] === 0, `size ${size}: ${i} → ${x}`);
        seen[x] = 1;
      }
    }
  });

  test('is fixed by its keys and differs between keys', () => {
    const a = Array.from({ length: 50 }, (_, i) => new Permutation(10_000, deriveKeys('seed-a', 'x')).at(i));
    const again = Array.from({ length: 50 }, (_, i) => new Permutation(10_000, deriveKeys('seed-a', 'x')).at(i));
    const b = Array.from({ length: 50 }, (_, i) => new Permutation(10_000, deriveKeys('seed-b', 'x')).at(i));
    assert.deepEqual(a, again);
    assert.notDeepEqual(a, b);
  });

  test('does not look sequential', () => {
    const p = new Permutation(10_000, deriveKeys('s'));
    const first = Array.from({ length: 20 }, (_, i) => p.at(i));
    const steps = new Set(first.slice(1).map((x, i) => (x - first[i]! + 10_000) % 10_000));
    assert.ok(steps.size > 15, `steps ${[...steps].join(',')}`);
  });

  test('refuses indexes outside its size', () => {
    assert.throws(() => new Permutation(10, deriveKeys('s')).at(10), RangeError);
    assert.throws(() => new Permutation(0, deriveKeys('s')), RangeError);
  });

  test('derives the first 16 bytes of SHA-256 of the parts, once per parts while they are recent', () => {
    const direct = (...parts: string[]) => {
      const digest = createHash('sha256').update(parts.join('\u0000')).digest();
      return Array.from({ length: 4 }, (_, i) => digest.readUInt32LE(i * 4));
    };
    const first = deriveKeys('memo-seed', 'lines', '+1206555');
    assert.deepEqual([...first], direct('memo-seed', 'lines', '+1206555'));
    assert.equal(deriveKeys('memo-seed', 'lines', '+1206555'), first, 'the same parts give the kept array');
    assert.notDeepEqual([...deriveKeys('memo-seed', 'lines', '+1206556')], [...first]);
    // Many more parts than are kept: every answer is still the digest's, the first ones derived again.
    for (let i = 0; i < 10_000; i++) assert.deepEqual([...deriveKeys('memo-seed', 'many', String(i))], direct('memo-seed', 'many', String(i)));
    const again = deriveKeys('memo-seed', 'lines', '+1206555');
    assert.notEqual(again, first, 'dropped once thousands of others were derived');
    assert.deepEqual([...again], [...first]);
  });
});

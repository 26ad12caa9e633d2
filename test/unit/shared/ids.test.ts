/** Time-ordered UUIDs (v7, RFC 9562): layout, the time they hold, randomness kept, and a time they cannot hold. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoIds, seededIds, timeOrderedUuid } from '../../../src/domain/shared/ids.ts';

const V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('holds the time in its first 48 bits, the version 7 and the RFC variant; the rest comes from the id source', () => {
    const at = new Date(Date.UTC(2026, 11, 3, 8, 9, 10, 123));
    const id = timeOrderedUuid(seededIds('a'), at);
    const [, high, low] = V7.exec(id) ?? assert.fail(`not a UUID v7: ${id}`);
    assert.equal(parseInt(`${high}${low}`, 16), at.getTime());
    const v4 = seededIds('a').uuid();
    assert.equal(id.slice(15), v4.slice(15), '74 random bits of the source kept');
    assert.notEqual(timeOrderedUuid(seededIds('b'), at), id);
  });

  it('sorts as text in the order of its times, from 1970 to the last millisecond 48 bits hold', () => {
    const times = [0, 1, 255, 4096, Date.UTC(2001, 8, 9, 1, 46, 40), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 0xffff_ffff_ffff];
    const ids = times.map((t) => timeOrderedUuid(cryptoIds, new Date(t)));
    for (const id of ids) assert.match(id, V7);
    assert.deepEqual([...ids].sort(), ids);
  });

  it('never repeats among many of one millisecond', () => {
    const at = new Date();
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(cryptoIds, at)));
    assert.equal(ids.size, 10_000);
  });

  it('falls back to a random v4 for a time 48 bits cannot hold, instead of refusing', () => {
    for (const t of [-1, 0xffff_ffff_ffff + 1, Number.NaN]) assert.match(timeOrderedUuid(cryptoIds, new Date(t)), V4, String(t));
  });
});

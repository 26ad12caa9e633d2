import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isoText } from '../../../src/shared/iso-text.ts';

const YEAR_0 = new Date(0);
YEAR_0.setUTCFullYear(0, 0, 1);
const YEAR_10000 = new Date(0);
YEAR_10000.setUTCFullYear(10000, 0, 1);

test('isoText writes what toISOString writes, across years 0000–9999 and beyond them', () => {
  fc.assert(
    fc.property(fc.integer({ min: YEAR_0.getTime() - 400 * 86_400_000, max: YEAR_10000.getTime() + 400 * 86_400_000 }), (ms) => {
      const date = new Date(ms);
      assert.equal(isoText(date), date.toISOString());
    }),
    { numRuns: 20_000 },
  );
});

test('isoText at the edges: the epoch, before it, leap days, the ends of the four-digit years', () => {
  const instants = [
    0,
    -1,
    Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    Date.UTC(2000, 1, 29, 12, 0, 0, 5),
    Date.UTC(1900, 1, 28, 23, 59, 59, 999),
    Date.UTC(1900, 2, 1),
    Date.UTC(2100, 1, 28),
    Date.UTC(2026, 11, 2, 11, 24, 6, 80),
    YEAR_0.getTime(),
    YEAR_0.getTime() - 1,
    YEAR_10000.getTime() - 1,
    YEAR_10000.getTime(),
    8.64e15,
    -8.64e15,
  ];
  for (const ms of instants) assert.equal(isoText(new Date(ms)), new Date(ms).toISOString(), `at ${ms}`);
  assert.equal(isoText(new Date(Date.UTC(2026, 11, 2, 11, 24, 6, 80))), '2026-12-02T11:24:06.080Z');
});

test('isoText of an invalid date throws as toISOString does', () => {
  assert.throws(() => isoText(new Date(Number.NaN)), RangeError);
});

test('isoText of instants in turn on the same days and on neighbouring ones (the day of the last one written is kept)', () => {
  const base = Date.UTC(2026, 11, 31, 23, 0, 0);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { minLength: 2, maxLength: 40 }), (offsets) => {
      for (const offset of offsets) assert.equal(isoText(new Date(base + offset)), new Date(base + offset).toISOString());
    }),
    { numRuns: 2_000 },
  );
  const midnight = Date.UTC(2026, 0, 1);
  for (const ms of [midnight - 1, midnight, midnight - 1, midnight + 86_399_999, midnight + 86_400_000]) {
    assert.equal(isoText(new Date(ms)), new Date(ms).toISOString(), `at ${ms}`);
  }
});

test('isoText of the same instant again, of instants in turn, and after an instant outside the four-digit years', () => {
  const at = Date.UTC(2026, 11, 2, 11, 24, 6, 80);
  const sequence = [at, at, at + 1, at, at, at - 86_400_000, at - 86_400_000, YEAR_10000.getTime(), at, 0, 0, at];
  for (const ms of sequence) assert.equal(isoText(new Date(ms)), new Date(ms).toISOString(), `at ${ms}`);
  assert.throws(() => isoText(new Date(Number.NaN)), RangeError);
  assert.equal(isoText(new Date(at)), '2026-12-02T11:24:06.080Z');
  fc.assert(
    fc.property(fc.array(fc.constantFrom(at, at + 1, at + 1_000, at - 86_400_000, 0), { minLength: 2, maxLength: 30 }), (instants) => {
      for (const ms of instants) assert.equal(isoText(new Date(ms)), new Date(ms).toISOString());
    }),
    { numRuns: 1_000 },
  );
});

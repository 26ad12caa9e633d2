/**
 * The retry backoff: its ceiling doubles from `initialMs` with each failure up to `maxMs` (bounded for any count of
 * failures), the wait is a uniform draw below it ("full jitter", the randomness injected), never under 1 ms; and the
 * unit random number made from injected bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, unitRandom } from '../../../src/domain/webhooks/backoff.ts';

const POLICY = { initialMs: 1_000, maxMs: 60_000 };
/** The largest number `random()` may answer: just under 1. */
const ALMOST_ONE = 1 - 2 ** -48;

describe('backoffMs', () => {
  it('has a ceiling of initialMs · 2^(failures−1), capped at maxMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => backoffMs(POLICY, failures, () => ALMOST_ONE) + 1);
    assert.deepEqual(ceilings, [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('stays bounded for any count of failures (no Infinity or NaN), and treats 0 or fewer as the first', () => {
    for (const failures of [41, 1_000, 1e9, Number.MAX_SAFE_INTEGER]) assert.equal(backoffMs(POLICY, failures, () => ALMOST_ONE), 59_999, `${failures} failures`);
    assert.equal(backoffMs({ initialMs: 1, maxMs: 86_400_000 }, 10_000, () => ALMOST_ONE), 86_399_999);
    for (const failures of [0, -5]) assert.equal(backoffMs(POLICY, failures, () => ALMOST_ONE), 999);
  });

  it('waits at least 1 ms, even when the draw is 0 or the ceiling below 1 ms', () => {
    assert.equal(backoffMs(POLICY, 3, () => 0), 1);
    assert.equal(backoffMs({ initialMs: 1, maxMs: 1 }, 1, () => 0.5), 1);
  });

  it('draws uniformly below the ceiling (full jitter): the injected numbers map onto [0, ceiling)', () => {
    const draws = Array.from({ length: 100 }, (_, i) => i / 100);
    const waits = draws.map((r) => backoffMs(POLICY, 4, () => r));
    // Ceiling 8 s: 0 → 1 ms (the floor), then 80 ms steps up to 7,920 ms.
    assert.deepEqual(waits, draws.map((r, i) => (i === 0 ? 1 : Math.floor(r * 8_000))));
    assert.equal(new Set(waits).size, 100, 'each draw its own wait');
    assert.ok(Math.max(...waits) < 8_000, 'below the ceiling');
    // The same draw scales with the ceiling: retries of many subscriptions failing at once spread out alike.
    assert.equal(backoffMs(POLICY, 1, () => 0.25), 250);
    assert.equal(backoffMs(POLICY, 2, () => 0.25), 500);
    assert.equal(backoffMs(POLICY, 9, () => 0.25), 15_000);
  });
});

describe('unitRandom', () => {
  it('reads 6 injected bytes as a number in [0, 1)', () => {
    const asked: number[] = [];
    const from = (bytes: number[]) =>
      unitRandom((length) => {
        asked.push(length);
        return Buffer.from(bytes);
      })();
    assert.equal(from([0, 0, 0, 0, 0, 0]), 0);
    assert.equal(from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), ALMOST_ONE);
    assert.ok(from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) < 1);
    assert.equal(from([0x80, 0, 0, 0, 0, 0]), 0.5);
    assert.equal(from([0x40, 0, 0, 0, 0, 1]), 0.25 + 2 ** -48);
    assert.deepEqual(asked, [6, 6, 6, 6, 6]);
  });

  it('feeds the backoff: the jitter follows the bytes', () => {
    const random = unitRandom(() => Buffer.from([0x80, 0, 0, 0, 0, 0]));
    assert.equal(backoffMs(POLICY, 2, random), 1_000);
  });
});

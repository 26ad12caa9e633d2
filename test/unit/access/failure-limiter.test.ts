import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthFailureLimiter } from '../../../src/auth/failure-limiter.ts';

describe('AuthFailureLimiter', () => {
  test('an address is blocked after burst failures and may try again as tokens come back', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ ratePerSecond: 2, burst: 3, now: () => now });
    assert.equal(limiter.blocked('10.0.0.1'), undefined, 'unknown address');
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.blocked('10.0.0.1'), undefined);
      limiter.fail('10.0.0.1');
    }
    assert.equal(limiter.blocked('10.0.0.1'), 1, 'half a second to one token at 2/s, rounded up to whole seconds');
    assert.equal(limiter.blocked('10.0.0.2'), undefined, 'another address is not affected');
    now = 400;
    assert.equal(limiter.blocked('10.0.0.1'), 1);
    now = 500;
    assert.equal(limiter.blocked('10.0.0.1'), undefined, 'one token back');
    limiter.fail('10.0.0.1');
    assert.equal(limiter.blocked('10.0.0.1'), 1);
    now = 100_000;
    limiter.fail('10.0.0.1');
    limiter.fail('10.0.0.1');
    assert.equal(limiter.blocked('10.0.0.1'), undefined, 'refilled to burst, never above');
    limiter.fail('10.0.0.1');
    assert.equal(limiter.blocked('10.0.0.1'), 1);
  });

  test('a slow rate says how long to wait', () => {
    const limiter = new AuthFailureLimiter({ ratePerSecond: 0.1, burst: 1, now: () => 0 });
    limiter.fail('a');
    assert.equal(limiter.blocked('a'), 10);
  });

  test('memory is bounded: the address that failed longest ago goes first', () => {
    const limiter = new AuthFailureLimiter({ ratePerSecond: 0.01, burst: 1, now: () => 0, maxAddresses: 2 });
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('a');
    limiter.fail('c');
    assert.equal(limiter.blocked('b'), undefined, 'b was the oldest and was forgotten');
    assert.ok(limiter.blocked('a') !== undefined);
    assert.ok(limiter.blocked('c') !== undefined);
  });
});

/** A loop's failures in a row: logged at the 1st, 10th, 100th…, the recovery once, the wait doubling up to a bound. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureStreak } from '../../../src/worker/failure-streak.ts';

function capture(): { errors: [Record<string, unknown>, string][]; infos: [Record<string, unknown>, string][]; logger: ConstructorParameters<typeof FailureStreak>[0] } {
  const errors: [Record<string, unknown>, string][] = [];
  const infos: [Record<string, unknown>, string][] = [];
  return { errors, infos, logger: { error: (fields, message) => errors.push([fields, message]), info: (fields, message) => infos.push([fields, message]) } };
}

describe('FailureStreak', () => {
  it('logs the 1st, 10th and 100th failure of a streak, each with its error and count', () => {
    const { errors, logger } = capture();
    const streak = new FailureStreak(logger, 'claiming jobs');
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    for (let i = 0; i < 150; i++) streak.failed(cause, 1, 1_000);
    assert.deepEqual(errors.map(([fields]) => fields.failures), [1, 10, 100]);
    assert.ok(errors.every(([fields, message]) => fields.err === cause && message === 'claiming jobs failed'));
  });

  it('logs the recovery once, with the failures it ends, and a new streak counts from 1', () => {
    const { errors, infos, logger } = capture();
    const streak = new FailureStreak(logger, 'claiming webhook deliveries');
    streak.succeeded();
    assert.equal(infos.length, 0, 'nothing to recover from');
    for (let i = 0; i < 3; i++) streak.failed(new Error('down'), 1, 1_000);
    streak.succeeded();
    streak.succeeded();
    assert.deepEqual(infos, [[{ failures: 3 }, 'claiming webhook deliveries works again']]);
    streak.failed(new Error('down again'), 1, 1_000);
    assert.deepEqual(errors.map(([fields]) => fields.failures), [1, 1]);
  });

  it('answers a wait that doubles with each failure, up to the bound', () => {
    const { logger } = capture();
    const streak = new FailureStreak(logger, 'claiming jobs');
    const waits = Array.from({ length: 12 }, () => streak.failed(new Error('down'), 10, 5_000));
    assert.deepEqual(waits, [20, 40, 80, 160, 320, 640, 1_280, 2_560, 5_000, 5_000, 5_000, 5_000]);
    streak.succeeded();
    assert.equal(streak.failed(new Error('down'), 10, 5_000), 20, 'a new streak starts from the base again');
  });
});

/** The primary of `serve --workers N` restarts a dead worker at once, then backs off while it keeps dying young. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restartDelayMs } from '../../../src/app/supervisor.ts';

describe('restartDelayMs', () => {
  it('is 0 for a first death, then doubles from 250 ms up to 10 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 30].map(restartDelayMs), [0, 250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});

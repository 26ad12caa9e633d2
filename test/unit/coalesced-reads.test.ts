/**
 * `CoalescedReads`: the reads asked for before its scheduled send go out as one batch, in the order asked, split at
 * `maxBatch`; each read gets the row at its key's position; a failed batch fails each of its reads and no other; reads
 * asked once a batch is out make the next one. The schedule is a queue the test runs by hand, so that a "turn" is
 * explicit; one case runs on the real `setImmediate`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoalescedReads } from '../../src/storage/coalesced-reads.ts';

/** A schedule the test runs by hand: `turn()` sends what was scheduled so far. */
function manualSchedule(): { schedule: (send: () => void) => void; turn: () => void; pending: () => number } {
  const queue: (() => void)[] = [];
  return {
    schedule: (send) => void queue.push(send),
    turn: () => queue.splice(0).forEach((send) => send()),
    pending: () => queue.length,
  };
}

/** A read of squares that records each batch it was asked. */
function squares(): { batches: number[][]; read: (keys: readonly number[]) => Promise<(number | undefined)[]> } {
  const batches: number[][] = [];
  return {
    batches,
    read: async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => (k < 0 ? undefined : k * k));
    },
  };
}

describe('CoalescedReads', () => {
  it('reads the keys of one turn in one batch, in the order asked, each answered its own row', async () => {
    const { batches, read } = squares();
    const clock = manualSchedule();
    const reads = new CoalescedReads(read, { maxBatch: 10, schedule: clock.schedule });
    const answers = Promise.all([reads.get(3), reads.get(-1), reads.get(3), reads.get(7)]);
    assert.equal(clock.pending(), 1, 'one send scheduled for the turn');
    assert.deepEqual(batches, [], 'nothing read before the turn ends');
    clock.turn();
    assert.deepEqual(await answers, [9, undefined, 9, 49]);
    assert.deepEqual(batches, [[3, -1, 3, 7]]);
  });

  it('splits a turn of more than maxBatch keys into several batches', async () => {
    const { batches, read } = squares();
    const clock = manualSchedule();
    const reads = new CoalescedReads(read, { maxBatch: 2, schedule: clock.schedule });
    const answers = Promise.all([1, 2, 3, 4, 5].map((k) => reads.get(k)));
    clock.turn();
    assert.deepEqual(await answers, [1, 4, 9, 16, 25]);
    assert.deepEqual(batches, [[1, 2], [3, 4], [5]]);
  });

  it('sends the keys asked while a batch is out as the next batch, without waiting for it', async () => {
    const batches: number[][] = [];
    const release: (() => void)[] = [];
    const reads = new CoalescedReads<number, number>(
      (keys) => {
        batches.push([...keys]);
        return new Promise((resolve) => release.push(() => resolve(keys.map((k) => k + 100))));
      },
      { maxBatch: 10, schedule: (send) => queueMicrotask(send) },
    );
    const first = reads.get(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1]], 'the first batch is out');
    const second = Promise.all([reads.get(2), reads.get(3)]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1], [2, 3]], 'the second went out while the first was unanswered');
    release.splice(0).forEach((answer) => answer());
    assert.deepEqual([await first, await second], [101, [102, 103]]);
  });

  it('fails every read of a failed batch with its error, and only those', async () => {
    const clock = manualSchedule();
    const failure = new Error('the database is gone');
    const reads = new CoalescedReads<number, number>(async (keys) => {
      if (keys.includes(13)) throw failure;
      return keys.map((k) => k);
    }, { maxBatch: 2, schedule: clock.schedule });
    const settled = Promise.allSettled([reads.get(12), reads.get(13), reads.get(14)]);
    clock.turn();
    const [a, b, c] = await settled;
    assert.deepEqual([a.status, b.status], ['rejected', 'rejected']);
    assert.equal((a as PromiseRejectedResult).reason, failure);
    assert.equal((b as PromiseRejectedResult).reason, failure);
    assert.deepEqual(c, { status: 'fulfilled', value: 14 }, 'the other batch of the turn is answered');
    const again = reads.get(5);
    clock.turn();
    assert.equal(await again, 5, 'later turns read as before');
  });

  it('fails the reads of a batch answered with a wrong number of rows, and a read that throws at once', async () => {
    const clock = manualSchedule();
    const short = new CoalescedReads<number, number>(async () => [1], { maxBatch: 5, schedule: clock.schedule });
    const settled = Promise.allSettled([short.get(1), short.get(2)]);
    clock.turn();
    for (const result of await settled) {
      assert.equal(result.status, 'rejected');
      assert.match(String((result as PromiseRejectedResult).reason), /answered 1 rows for 2 keys/);
    }
    const throwing = new CoalescedReads<number, number>(
      () => {
        throw new TypeError('bad query');
      },
      { maxBatch: 5, schedule: clock.schedule },
    );
    const thrown = throwing.get(1);
    clock.turn();
    await assert.rejects(thrown, TypeError);
  });

  it('by default sends in the check phase: reads asked in the same turn of the event loop go together', async () => {
    const { batches, read } = squares();
    const reads = new CoalescedReads(read, { maxBatch: 10 });
    // Two callbacks of one check phase, as two requests read in one turn: the batch's own setImmediate, queued by the
    // first, runs only in the next turn's check phase, after the second has asked too. (Two timers of 0 ms are not
    // sure to run in one timers phase: each is due from its own start, which the loop's clock may separate.)
    const [a, b] = await Promise.all([
      new Promise<number | undefined>((resolve) => setImmediate(() => resolve(reads.get(2)))),
      new Promise<number | undefined>((resolve) => setImmediate(() => resolve(reads.get(4)))),
    ]);
    assert.deepEqual([a, b], [4, 16]);
    assert.deepEqual(batches, [[2, 4]]);
  });

  it('refuses a batch size that is not a positive integer', () => {
    for (const maxBatch of [0, -1, 1.5, Number.NaN]) assert.throws(() => new CoalescedReads(squares().read, { maxBatch }), RangeError);
  });
});

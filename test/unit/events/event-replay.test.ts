/**
 * Replay and retention of the outbox on a real SQLite storage: pages and their NextAfter (also past events a type
 * filter skips), truncation exactly when events after the reader's sequence are gone (pruned or reset), and the
 * retention sweep in bounded batches on an injected clock.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { NewEvent } from '../../../src/domain/events/event.ts';
import type { EventType } from '../../../src/domain/events/event-types.ts';
import { EventReplay } from '../../../src/domain/events/event-replay.ts';
import { EventRetention } from '../../../src/domain/events/event-retention.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-replay-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

const A = '410000000001';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);

function event(type: EventType, at: number): NewEvent {
  return { id: randomUUID(), accountId: A, type, at: new Date(at), resources: [], detail: {} };
}

describe('event replay and retention (SQLite)', () => {
  let storage: Storage;
  let replay: EventReplay;
  beforeEach(async () => {
    storage = await openSqliteStorage({ file: path.join(dir, `replay-${files++}.sqlite`) });
    replay = new EventReplay(storage.events);
  });
  afterEach(() => storage.close());

  it('pages in sequence; NextAfter goes past what a type filter skipped', async () => {
    const types: EventType[] = ['Phone Number Order Created', 'Phone Number Acquired', 'Phone Number Acquired', 'Phone Number Order Settled', 'Phone Number Acquired'];
    await storage.transaction((repos) => repos.events.append(types.map((type, i) => event(type, T0 + i))));
    const first = await replay.page(A, { after: 0, limit: 2 });
    assert.deepEqual([first.events.map((e) => e.seq), first.lastSeq, first.nextAfter, first.truncated], [[1, 2], 5, 2, false]);
    const rest = await replay.page(A, { after: 2, limit: 10 });
    assert.deepEqual([rest.events.map((e) => e.seq), rest.nextAfter], [[3, 4, 5], 5]);
    const settled = await replay.page(A, { after: 0, limit: 10, types: ['Phone Number Order Settled'] });
    assert.deepEqual([settled.events.map((e) => e.seq), settled.nextAfter], [[4], 5]);
    const none = await replay.page(A, { after: 4, limit: 10, types: ['Phone Number Order Created'] });
    assert.deepEqual([none.events, none.nextAfter], [[], 5]);
    assert.equal((await replay.page(A, { after: 9, limit: 10 })).nextAfter, 9, 'never behind where the reader is');
    assert.deepEqual(await replay.page('419999999999', { after: 0, limit: 10 }), { events: [], lastSeq: 0, nextAfter: 0, truncated: false });
  });

  it('prunes in bounded batches on the clock; truncated exactly when events after the reader are gone', async () => {
    await storage.transaction((repos) => repos.events.append([0, 1, 2, 3, 4].map((i) => event('Phone Number Acquired', T0 + i * DAY))));
    const clock = new ManualClock(T0 + 3 * DAY + 1);
    const retention = new EventRetention({ events: storage.events, clock, retentionMs: DAY, batch: 1, maxBatches: 2 });
    assert.deepEqual(await retention.sweep(), { prunedEvents: 2 }, 'two batches of one');
    assert.deepEqual(await retention.sweep(), { prunedEvents: 1 });
    assert.deepEqual(await retention.sweep(), { prunedEvents: 0 });
    // Kept: 4 and 5.
    assert.equal(await replay.missed(A, 0), true);
    assert.equal(await replay.missed(A, 2), true);
    assert.equal(await replay.missed(A, 3), false);
    assert.equal(await replay.missed(A, 5), false);
    const page = await replay.page(A, { after: 1, limit: 10 });
    assert.deepEqual([page.events.map((e) => e.seq), page.truncated], [[4, 5], true]);
    clock.advance(10 * DAY);
    assert.deepEqual(await retention.sweep(), { prunedEvents: 2 });
    assert.equal(await replay.missed(A, 4), true, 'nothing kept: everything up to the last sequence is gone');
    assert.equal(await replay.missed(A, 5), false);
    await storage.transaction((repos) => repos.events.append([event('Phone Number Acquired', clock.now().getTime())]));
    assert.deepEqual((await replay.page(A, { after: 5, limit: 10 })).events.map((e) => e.seq), [6], 'the sequence goes on');
    assert.throws(() => new EventRetention({ events: storage.events, clock, retentionMs: 0 }), RangeError);
  });
});

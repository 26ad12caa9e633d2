/**
 * The live streams of one process on a real SQLite storage: a commit of this process wakes its account's streams at
 * once through the storage's bell (the poll and the heartbeat are set an hour apart, so nothing else could), another
 * account's stream stays asleep, a type filter holds, `close()` ends every stream and refuses new ones, and the caps
 * count open streams.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { EventStreams } from '../../../src/app/event-streams.ts';
import type { NewEvent } from '../../../src/domain/events/event.ts';
import type { EventType } from '../../../src/domain/events/event-types.ts';
import type { EventSubscription, StreamItem } from '../../../src/gateway/event-endpoint.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-streams-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

const A = '410000000001';
const B = '410000000002';
const HOUR = 3_600_000;

function event(accountId: string, type: EventType): NewEvent {
  return { id: randomUUID(), accountId, type, at: new Date(), resources: [{ kind: 'phone-number-order', id: 'o-1' }], detail: { n: 1 } };
}

/** Reads items of a subscription one at a time. */
function reader(subscription: EventSubscription) {
  const iterator = subscription.items[Symbol.asyncIterator]();
  return { next: async (): Promise<StreamItem | undefined> => (await iterator.next()).value as StreamItem | undefined };
}

describe('EventStreams (SQLite)', () => {
  let storage: Storage;
  let streams: EventStreams;
  const counts: number[] = [];
  beforeEach(async () => {
    storage = await openSqliteStorage({ file: path.join(dir, `streams-${files++}.sqlite`) });
    counts.length = 0;
    streams = new EventStreams({
      events: storage.events,
      commits: storage.eventCommits,
      region: 'eu-west-1',
      heartbeatMs: HOUR,
      pollIntervalMs: HOUR,
      maxStreams: 3,
      maxStreamsPerAccount: 2,
      logger: createLogger({ level: 'silent' }),
      onCount: (open) => counts.push(open),
    });
  });
  afterEach(async () => {
    streams.close();
    await storage.close();
  });

  it("is woken by this process's commits at once, for its own account and types only", async () => {
    await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Acquired')]));
    const all = streams.open(A, {}) as EventSubscription;
    const created = streams.open(A, { after: 0, types: ['Phone Number Order Created'] }) as EventSubscription;
    const other = streams.open(B, {}) as EventSubscription;
    const [r1, r2, r3] = [reader(all), reader(created), reader(other)];
    assert.deepEqual(await r1.next(), { kind: 'start', after: 1 }, 'from now: after the last sequence');
    assert.deepEqual(await r2.next(), { kind: 'start', after: 0 });
    assert.deepEqual(await r3.next(), { kind: 'start', after: 0 });
    const bPending = r3.next();
    await storage.transaction((repos) => repos.events.append([event(A, 'Phone Number Order Created'), event(A, 'Phone Number Order Settled')]));
    const live = await r1.next();
    assert.equal(live?.kind, 'events');
    assert.deepEqual(live.kind === 'events' && live.events.map((e) => [e.seq, e.type]), [[2, 'Phone Number Order Created'], [3, 'Phone Number Order Settled']]);
    const envelope = live.kind === 'events' ? (live.events[0]!.envelope as Record<string, unknown>) : {};
    assert.equal(envelope['region'], 'eu-west-1');
    assert.deepEqual(envelope['resources'], [`arn:aws:chime:eu-west-1:${A}:phone-number-order/o-1`]);
    const filtered = await r2.next();
    assert.deepEqual(filtered?.kind === 'events' && filtered.events.map((e) => e.seq), [2]);
    // B's stream is still asleep: a commit of B wakes it.
    const raced = await Promise.race([bPending, new Promise((resolve) => setTimeout(() => resolve('asleep'), 200))]);
    assert.equal(raced, 'asleep');
    await storage.transaction((repos) => repos.events.append([event(B, 'Phone Number Acquired')]));
    const bLive = await bPending;
    assert.deepEqual(bLive?.kind === 'events' && bLive.events.map((e) => [e.seq, (e.envelope as { account: string }).account]), [[1, B]]);
  });

  it('caps streams per account and in total; close ends every stream and refuses new ones', async () => {
    const first = streams.open(A, {}) as EventSubscription;
    const second = streams.open(A, {}) as EventSubscription;
    assert.deepEqual(streams.open(A, {}), { refused: 'account', limit: 2 });
    const third = streams.open(B, {}) as EventSubscription;
    assert.deepEqual(streams.open(B, {}), { refused: 'server', limit: 3 });
    second.close();
    const again = streams.open(A, {});
    assert.ok(!('refused' in again), 'a closed stream gives its place back');
    const r = reader(first);
    assert.equal((await r.next())?.kind, 'start');
    const waiting = r.next();
    streams.close();
    assert.equal(await waiting, undefined, 'the stream ended');
    assert.equal(streams.openStreams, 0);
    assert.deepEqual(streams.open(A, {}), { refused: 'closing', limit: 0 });
    assert.deepEqual(counts, [1, 2, 3, 2, 3, 2, 1, 0]);
    third.close();
  });
});

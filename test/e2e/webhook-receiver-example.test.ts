/**
 * The documented webhook receiver (docs/examples/webhook-receiver.mjs, shown in docs/events.md), run as a real process: a subscription to it
 * gets an order's events, which it verifies and prints; a delivery signed with another secret is refused with 400.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/free-port.ts';
import { numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { subscribe } from '../support/webhooks.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RECEIVER = join(ROOT, 'docs', 'examples', 'webhook-receiver.mjs');

describe("the documented webhook receiver", () => {
  let server: TestServer;
  let receiver: ChildProcess;
  let printed = '';
  let port: number;
  let secret: string;

  before(async () => {
    server = await startTestServer({ config: { carrier: { latencyMs: 10 }, webhooks: { pollIntervalMs: 50 } } });
    port = await freePort();
    ({ secret } = await subscribe(server, ALICE, { url: `http://127.0.0.1:${port}/hooks` }));
    receiver = spawn(process.execPath, [RECEIVER], { env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    receiver.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    // Listening once it accepts a connection.
    for (let i = 0; ; i++) {
      const answered = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then((r) => r.status, () => 0);
      if (answered === 400) break;
      assert.ok(i < 200, 'the receiver did not start');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  after(async () => {
    receiver?.kill('SIGTERM');
    await server?.close();
  });

  it('is the code docs/events.md shows, with its verification, verbatim', () => {
    const events = readFileSync(join(ROOT, 'docs', 'events.md'), 'utf8');
    assert.ok(events.includes(readFileSync(RECEIVER, 'utf8').trimEnd()), 'docs/events.md shows docs/examples/webhook-receiver.mjs');
    assert.ok(events.includes(readFileSync(join(ROOT, 'docs', 'examples', 'verify-webhook.mjs'), 'utf8').trimEnd()), 'docs/events.md shows docs/examples/verify-webhook.mjs');
  });

  it("prints an order's events, each once, in the account's order", async () => {
    const [order] = await orderNumbers(chimeClient(server, ALICE), 'VoiceConnector', numberRange('+12065550700', 2));
    const id = order!.PhoneNumberOrderId!;
    for (let i = 0; !printed.includes('Phone Number Order Settled'); i++) {
      assert.ok(i < 400, `the settled event never arrived; printed: ${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const lines = printed.trim().split('\n').filter((line) => line.includes(id));
    assert.deepEqual(
      lines.map((line) => line.split(' ').slice(1, -1).join(' ').replace(/ arn:.*$/, '')),
      ['Phone Number Order Created', 'Phone Number Acquired', 'Phone Number Acquired', 'Phone Number Order Settled'],
    );
    const seqs = lines.map((line) => Number(line.split(' ')[0]));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in sequence order');
  });

  it('refuses a delivery whose signature was made with another secret', async () => {
    const body = JSON.stringify({ id: 'signed-by-hand', seq: 0, 'detail-type': 'Test Event', resources: [] });
    const t = Math.floor(Date.now() / 1000);
    const { createHmac } = await import('node:crypto');
    const wrong = createHmac('sha256', `${secret}-not`).update(`${t}.${body}`).digest('hex');
    const right = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const send = (v1: string) => fetch(`http://127.0.0.1:${port}/hooks`, { method: 'POST', body, headers: { 'dialtone-signature': `t=${t},v1=${v1}` } }).then((r) => r.status);
    assert.equal(await send(wrong), 400);
    assert.equal(await send(right), 204);
  });
});

/**
 * The webhook transport against a real listener on 127.0.0.1: a delivery over http answers the target's status; one
 * to an https URL speaks TLS (node:https, loaded at its first https target), which a plain HTTP listener refuses.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpWebhookTransport, TargetAllowlist } from '../../../src/app/webhook-transport.ts';

describe('HttpWebhookTransport', () => {
  let server: Server;
  let port: number;
  const bodies: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const transport = () => new HttpWebhookTransport({ targets: new TargetAllowlist(['127.0.0.0/8']), timeoutMs: 5_000, maxSockets: 2 });

  it('delivers over http and answers the status', async () => {
    const t = transport();
    assert.deepEqual(await t.send({ url: `http://127.0.0.1:${port}/in`, headers: { 'content-type': 'application/json' }, body: '{"n":1}' }), { status: 202 });
    assert.deepEqual(bodies, ['{"n":1}']);
    t.close();
  });

  it('speaks TLS to an https target (a plain HTTP listener cannot answer it)', async () => {
    const t = transport();
    const answer = await t.send({ url: `https://127.0.0.1:${port}/in`, headers: {}, body: '{}' });
    assert.ok('error' in answer && /EPROTO|SSL|TLS/i.test(answer.error), JSON.stringify(answer));
    t.close();
  });

  it('refuses a target outside the allowed ones without connecting', async () => {
    const t = new HttpWebhookTransport({ targets: new TargetAllowlist(['10.0.0.0/8']), timeoutMs: 5_000, maxSockets: 2 });
    const answer = await t.send({ url: `https://127.0.0.1:${port}/in`, headers: {}, body: '{}' });
    assert.ok('error' in answer && answer.error.startsWith('target refused: '), JSON.stringify(answer));
    t.close();
  });
});

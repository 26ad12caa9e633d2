/**
 * Limits that hold before a request is authenticated: open connections in total and per client address, and failed
 * authentications per address. Each refusal is a modelled AWS error, sent at once, on a real server on 127.0.0.1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { sendRaw } from '../support/raw-request.ts';
import { rawExchange } from '../support/raw-socket.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

async function openSockets(url: string, count: number): Promise<Socket[]> {
  const { hostname, port } = new URL(url);
  return Promise.all(
    Array.from({ length: count }, () => new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
      socket.once('error', reject);
    })),
  );
}

const closeAll = (sockets: Socket[]): Promise<unknown> =>
  Promise.all(sockets.map((socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : (socket.once('close', () => resolve()), socket.destroy())))));

describe('connection caps', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { http: { maxConnectionsPerAddress: 3, maxConnections: 5 } } });
  });
  after(() => server.close());

  it('answers a connection over the per-address cap 503 with Retry-After and closes it; a freed slot serves again', async () => {
    const held = await openSockets(server.url, 3);
    const over = await rawExchange(server.url, ['GET /phone-number-orders HTTP/1.1\r\nHost: x\r\n\r\n'], { timeoutMs: 5_000 });
    assert.equal(over.status, 503);
    assert.equal(over.headers['x-amzn-errortype'], 'ServiceUnavailableException');
    assert.equal(over.headers['retry-after'], '1');
    assert.equal(over.headers.connection, 'close');
    assert.ok(over.closedAfterMs >= 0, 'the server closed the connection');
    assert.match(over.body, /Too many open connections/);
    await closeAll(held);
    // The server counts a close when it sees it: give it a moment, bounded.
    let answer = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders' });
    for (let i = 0; i < 50 && answer.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders' });
    }
    assert.equal(answer.status, 200, answer.body);
  });
});

describe('failed authentications per address', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { throttling: { authFailures: { ratePerSecond: 0.01, burst: 3 } } } });
  });
  after(() => server.close());

  it('refuses an address 429 before authenticating once it has failed `burst` times, valid keys included', async () => {
    const stranger = { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'nope' };
    for (let i = 0; i < 3; i++) {
      const refused = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: stranger });
      assert.equal(refused.status, 403, refused.body);
      assert.equal(refused.headers['x-amzn-errortype'], 'UnrecognizedClientException');
    }
    const blocked = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: stranger });
    assert.equal(blocked.status, 429, blocked.body);
    assert.equal(blocked.headers['x-amzn-errortype'], 'ThrottledClientException');
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    assert.match(blocked.body, /failed authentications/);
    const valid = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders' });
    assert.equal(valid.status, 429, 'the address is refused, whatever key it signs with');
    const health = await fetch(`${server.url}/_dialtone/health`);
    assert.equal(health.status, 200, 'unsigned operator endpoints stay open');
  });
});

describe('failed authentications are not counted without throttling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false, authFailures: { ratePerSecond: 0.01, burst: 1 } } } });
  });
  after(() => server.close());

  it('keeps answering 403 to every bad signature', async () => {
    for (let i = 0; i < 5; i++) {
      const refused = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: { accessKeyId: 'test', secretAccessKey: 'wrong' } });
      assert.equal(refused.status, 403, refused.body);
    }
  });
});

describe('a metrics token', () => {
  let server: TestServer;
  const token = 'operator-token-0123456789';
  before(async () => {
    server = await startTestServer({ env: { DIALTONE_METRICS_TOKEN: token } });
  });
  after(() => server.close());

  it('is required for /_dialtone/metrics once configured, and health stays open', async () => {
    const without = await fetch(`${server.url}/_dialtone/metrics`);
    assert.equal(without.status, 403);
    assert.equal(without.headers.get('x-amzn-errortype'), 'ForbiddenException');
    const wrong = await fetch(`${server.url}/_dialtone/metrics`, { headers: { authorization: 'Bearer operator-token-wrong-0000' } });
    assert.equal(wrong.status, 403);
    const right = await fetch(`${server.url}/_dialtone/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /dialtone_requests_total/);
    assert.equal((await fetch(`${server.url}/_dialtone/health`)).status, 200);
  });
});

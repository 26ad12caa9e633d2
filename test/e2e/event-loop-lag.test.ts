/**
 * Load shedding for event-loop lag, end to end: dialtone in this process, requests sent on open connections while the
 * process's event loop is blocked for 300 ms on every turn (as heavy work on every turn would). With
 * `http.maxEventLoopLagMs` at 100 they are answered 503 ServiceUnavailableException with Retry-After at once, before authentication, while
 * health and readiness answer 200; a moment later the SDK is served again. With the bound at 0 (off) the same requests
 * go on to authentication (403 for these unsigned ones). A shed request is logged as any answer (its access line, status
 * 503), not as a failure with a stack: the server refused it on purpose.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { createLogger } from '../../src/observability/logger.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const BLOCK_MS = 300;

/** A connection to `url`, open. */
async function opened(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** The status line and headers of the first answer on `socket` (within 10 s). */
function answerOn(socket: Socket): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer within 10 s: ${JSON.stringify(text)}`)), 10_000);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve({ status: Number(text.slice(9, 12)), head: text.slice(0, end) });
      }
    });
  });
}

/** Blocks the event loop for `BLOCK_MS`, as a turn of heavy work would. */
function blockTheLoop(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BLOCK_MS);
}

/**
 * Makes the event loop late on every turn (blocked, a turn for timers, blocked again …), sends each request on its own
 * open connection while it is, blocks once more, and answers what each request got.
 */
async function sendWhileLagging(url: string, requests: string[]): Promise<{ status: number; head: string }[]> {
  const sockets = await Promise.all(requests.map(() => opened(url)));
  const answers = sockets.map(answerOn);
  for (let turn = 0; turn < 3; turn++) {
    blockTheLoop();
    await sleep(0);
  }
  sockets.forEach((socket, i) => socket.write(requests[i]!));
  blockTheLoop();
  try {
    return await Promise.all(answers);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

const api = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
const REQUESTS = [
  api('/phone-number-orders'),
  api('/phone-numbers'),
  `POST /phone-number-orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n`,
  api('/_dialtone/health'),
  api('/_dialtone/ready'),
];

describe('shedding while the event loop lags', () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  it('answers 503 with Retry-After before authentication, keeps health and ready, and serves again after', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const server = await startTestServer({ config: { http: { maxEventLoopLagMs: 100 } }, logger });
    servers.push(server);
    const started = Date.now();
    const [list, numbers, create, health, ready] = await sendWhileLagging(server.url, REQUESTS);
    const tookMs = Date.now() - started;
    for (const [what, answer] of Object.entries({ list, numbers, create })) {
      assert.equal(answer!.status, 503, `${what}: ${answer!.head}`);
      assert.match(answer!.head, /\r\nx-amzn-errortype: ServiceUnavailableException/i, what);
      assert.match(answer!.head, /\r\nretry-after: 1\r?$/im, what);
    }
    assert.match(create!.head, /\r\nconnection: close/i, 'the unread body is not waited for');
    assert.equal(health!.status, 200, health!.head);
    assert.equal(ready!.status, 200, ready!.head);
    assert.ok(tookMs < 5 * BLOCK_MS + 3_000, `answered ${tookMs} ms after connecting`);
    const shed = lines.filter((l) => l.status === 503);
    assert.equal(shed.length, 3, JSON.stringify(lines));
    for (const line of shed) {
      assert.equal(line.msg, 'request');
      assert.equal(line.level, 'info');
      assert.equal(line.errorType, 'ServiceUnavailableException');
      assert.equal(line.err, undefined);
    }
    assert.ok(!lines.some((l) => l.msg === 'request failed'), 'no refusal is logged as a failure');

    // The loop runs freely again: served as usual.
    await sleep(300);
    const client = chimeClient(server, ALICE);
    try {
      const listed = await client.send(new ListPhoneNumberOrdersCommand({}));
      assert.deepEqual(listed.PhoneNumberOrders, []);
    } finally {
      client.destroy();
    }
  });

  it('with the bound at 0 sheds nothing: the same requests reach authentication', async () => {
    const server = await startTestServer({ config: { http: { maxEventLoopLagMs: 0 } } });
    servers.push(server);
    const answers = await sendWhileLagging(server.url, REQUESTS);
    assert.deepEqual(
      answers.map((a) => a.status),
      [403, 403, 403, 200, 200],
    );
  });
});

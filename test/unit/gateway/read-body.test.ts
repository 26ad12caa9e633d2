/**
 * readBody on a real node:http server, for the body that has wholly arrived before it is read (taken from the
 * stream's buffer at once) and for the one still arriving (read as it comes): the same bytes, the same limit, and a
 * keep-alive connection that goes on to its next request either way.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BodyTooLargeError, readBody } from '../../../src/gateway/read-body.ts';

const LIMIT = 64;

describe('readBody', () => {
  let server: Server;
  let port: number;
  /** Each request waits this long (ms) before its body is read, so that what was sent has arrived by then. */
  let readAfterMs = 0;
  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const read = () =>
        readBody(req, LIMIT).then(
          (body) => res.end(`read ${body.length}:${body.toString('latin1')}`),
          (error: unknown) => res.writeHead(error instanceof BodyTooLargeError ? 413 : 500).end(String(error)),
        );
      if (readAfterMs === 0) void read();
      else setTimeout(() => void read(), readAfterMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends `parts` on one connection (the gaps between them `gapMs`), and answers what came back once `answers` answers arrived. */
  async function exchange(parts: string[], answers: number, gapMs = 0): Promise<string> {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    for (const part of parts) {
      socket.write(part);
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    const deadline = Date.now() + 5_000;
    while (complete(received) < answers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.destroy();
    return received;
  }

  /** How many whole answers (head and Content-Length bytes of body) `text` holds. */
  function complete(text: string): number {
    let count = 0;
    let at = 0;
    for (;;) {
      const end = text.indexOf('\r\n\r\n', at);
      if (end < 0) return count;
      const length = Number(/content-length: (\d+)/i.exec(text.slice(at, end))?.[1] ?? 0);
      if (text.length < end + 4 + length) return count;
      count++;
      at = end + 4 + length;
    }
  }

  const get = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
  const post = (body: string) => `POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const chunked = (body: string) => `POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;

  for (const wait of [0, 30]) {
    const when = wait === 0 ? 'read at once' : 'read after it has all arrived';
    it(`${when}: a GET's empty body, then the next request on the connection`, async () => {
      readAfterMs = wait;
      const received = await exchange([get + post('hello')], 2);
      assert.match(received, /read 0:/);
      assert.match(received, /read 5:hello/);
    });

    it(`${when}: a chunked body at the limit is read whole; one byte over is refused 413`, async () => {
      readAfterMs = wait;
      const atLimit = 'y'.repeat(LIMIT);
      assert.match(await exchange([chunked(atLimit)], 1), new RegExp(`read ${LIMIT}:${atLimit}`));
      const over = await exchange([chunked('z'.repeat(LIMIT + 1))], 1);
      assert.match(over, /^HTTP\/1\.1 413 /);
      assert.match(over, /exceeds the limit of 64 bytes/);
    });
  }

  it('a body that arrives in parts after the headers is read whole', async () => {
    readAfterMs = 0;
    const body = 'abcdefghij';
    const request = post(body);
    const cut = request.indexOf('\r\n\r\n') + 4;
    const received = await exchange([request.slice(0, cut), body.slice(0, 3), body.slice(3)], 1, 20);
    assert.match(received, /read 10:abcdefghij/);
  });
});

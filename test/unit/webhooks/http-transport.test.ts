/**
 * The webhook transport against a real listener on 127.0.0.1: a delivery over http answers the target's status; one
 * to an https URL speaks TLS (node:https, loaded at its first https target), which a plain HTTP listener refuses, and
 * names its host in the TLS hello (Server Name Indication) when the host is a name, not an address.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
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

  describe('the TLS hello', () => {
    let hellos: Promise<Buffer>[];
    let tcp: ReturnType<typeof createTcpServer>;
    let tcpPort: number;
    before(async () => {
      hellos = [];
      // Reads the client's first TLS record (its hello is sent in the clear), then hangs up.
      tcp = createTcpServer((socket: Socket) => {
        hellos.push(
          new Promise((resolve) => {
            let read = Buffer.alloc(0);
            socket.on('data', (chunk: Buffer) => {
              read = Buffer.concat([read, chunk]);
              if (read.length >= 5 && read.length >= 5 + read.readUInt16BE(3)) {
                resolve(read.subarray(0, 5 + read.readUInt16BE(3)));
                socket.destroy();
              }
            });
            socket.on('error', () => {});
            // A client that hangs up first leaves what it sent, which the parse then refuses (no wait for a timeout).
            socket.on('close', () => resolve(read));
          }),
        );
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      tcpPort = (tcp.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => tcp.close(() => resolve())));

    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const named = () => new HttpWebhookTransport({ targets: new TargetAllowlist(['hooks.example'], resolver), timeoutMs: 5_000, maxSockets: 2 });

    it('names the target host when it is a name', async () => {
      const t = named();
      const before = hellos.length;
      const answer = await t.send({ url: `https://hooks.example:${tcpPort}/in`, headers: {}, body: '{}' });
      assert.ok('error' in answer, JSON.stringify(answer));
      assert.equal(hellos.length, before + 1, 'the hello reached the target');
      assert.equal(serverName(await hellos.at(-1)!), 'hooks.example');
      t.close();
    });

    it('names none when the target is an address (an IP address is not a server name)', async () => {
      const t = transport();
      const before = hellos.length;
      const answer = await t.send({ url: `https://127.0.0.1:${tcpPort}/in`, headers: {}, body: '{}' });
      assert.ok('error' in answer && !/servername/i.test(answer.error), JSON.stringify(answer));
      assert.equal(hellos.length, before + 1, 'the hello reached the target');
      assert.equal(serverName(await hellos.at(-1)!), undefined);
      t.close();
    });
  });

  it('answers a request node refuses to build with an error, not a rejection', async () => {
    const t = transport();
    const answer = await t.send({ url: `http://127.0.0.1:${port}/in`, headers: { 'x-bad': 'a\nb' }, body: '{}' });
    assert.ok('error' in answer && answer.error.startsWith('ERR_INVALID_CHAR: '), JSON.stringify(answer));
    t.close();
  });

  it('refuses a target outside the allowed ones without connecting', async () => {
    const t = new HttpWebhookTransport({ targets: new TargetAllowlist(['10.0.0.0/8']), timeoutMs: 5_000, maxSockets: 2 });
    const answer = await t.send({ url: `https://127.0.0.1:${port}/in`, headers: {}, body: '{}' });
    assert.ok('error' in answer && answer.error.startsWith('target refused: '), JSON.stringify(answer));
    t.close();
  });
});

/** The host name of a TLS ClientHello's server_name extension (RFC 6066, 3), or undefined when it has none. */
function serverName(record: Buffer): string | undefined {
  assert.equal(record[0], 22, 'a handshake record');
  assert.equal(record[5], 1, 'a ClientHello');
  let at = 9 + 2 + 32; // record header, handshake header, version, random
  at += 1 + record[at]!; // session id
  at += 2 + record.readUInt16BE(at); // cipher suites
  at += 1 + record[at]!; // compression methods
  const end = at + 2 + record.readUInt16BE(at);
  for (at += 2; at + 4 <= end; at += 4 + record.readUInt16BE(at + 2)) {
    if (record.readUInt16BE(at) !== 0) continue;
    // server_name_list: its length, then entries of a type (0: host_name), a length and the name.
    const entry = at + 4 + 2;
    assert.equal(record[entry], 0, 'a host_name entry');
    return record.subarray(entry + 3, entry + 3 + record.readUInt16BE(entry + 1)).toString('ascii');
  }
  return undefined;
}

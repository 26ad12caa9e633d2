/**
 * What unauthenticated uploads that stall cost the server: N connections (default 1,000) each send signed-looking
 * headers with an unknown key and a 0.94 MiB Content-Length, then as much of the body as the server takes, and
 * stall. Reports the server's peak RSS while they are held, how many were answered (and with what) and how many the
 * server closed, against its idle RSS. dialtone runs as a child process on 127.0.0.1; everything stops by itself.
 *
 *   node --import tsx bench/stalled-uploads.ts [--connections 1000] [--hold-ms 10000] [--entry path/to/bin/dialtone.js]
 *
 * `--entry` runs another checkout's bin/dialtone.js (e.g. a worktree of an older commit) to compare.
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { installExitHandlers, sleep } from './children.ts';
import { startDialtone } from './dialtone.ts';
import { NumberSource } from './numbers.ts';
import { readMem, RssSampler } from './proc.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '1000' },
    'hold-ms': { type: 'string', default: '10000' },
    entry: { type: 'string' },
  },
});
const connections = Number(values.connections);
const holdMs = Number(values['hold-ms']);
const BODY_BYTES = Math.floor(0.94 * 1024 * 1024);

installExitHandlers();
const server = await startDialtone({
  // Beyond 1,000 connections the default per-address cap answers the rest 503 (which is the point of the cap):
  // raise http.maxConnectionsPerAddress in a config of your own to measure buffering alone beyond that.
  config: {},
  numbers: new NumberSource('206'),
  probe: false,
  timeoutMs: 60_000,
  ...(values.entry && { entry: values.entry }),
});
try {
  await sleep(500);
  const idleKiB = readMem(server.pid)?.rssKiB ?? NaN;
  const { hostname, port } = new URL(server.url);
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const head =
    `POST /phone-number-orders HTTP/1.1\r\nHost: ${server.host}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_BYTES}\r\n` +
    `X-Amz-Date: ${amzDate}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDNOBODY/${amzDate.slice(0, 8)}/us-east-1/chime/aws4_request, ` +
    `SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}\r\n\r\n`;
  const body = Buffer.alloc(BODY_BYTES - 1024, 0x20);
  const statuses = new Map<string, number>();
  let closedByServer = 0;
  const sampler = new RssSampler(server.pid, 50);
  const sockets: Socket[] = [];
  for (let i = 0; i < connections; i++) {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', () => undefined);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      answered = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 'other';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    socket.on('close', () => closedByServer++);
    socket.write(head);
    socket.write(body);
    sockets.push(socket);
    if (i % 50 === 49) await sleep(10);
  }
  await sleep(holdMs);
  const { peakRssKiB } = sampler.stop();
  const stillOpen = sockets.filter((s) => !s.destroyed).length;
  for (const socket of sockets) socket.destroy();
  console.log(
    JSON.stringify({
      connections,
      bodyBytes: BODY_BYTES,
      holdMs,
      idleRssMiB: Math.round(idleKiB / 102.4) / 10,
      peakRssMiB: Math.round(peakRssKiB / 102.4) / 10,
      growthMiB: Math.round((peakRssKiB - idleKiB) / 102.4) / 10,
      answered: Object.fromEntries(statuses),
      closedByServer,
      stillOpenAfterHold: stillOpen,
    }),
  );
} finally {
  await server.stop();
}

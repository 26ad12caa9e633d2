/** HTTP/1.1 over a bare TCP socket: arbitrary bytes out (dribbled if asked), the raw answer back, and when it closed. */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SocketAnswer {
  /** Status of the first response, 0 when none came. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Writes `chunks` (a pause of `gapMs` between them), then waits for the server to close the connection (at most
 * `timeoutMs`, then gives up and destroys it); with `untilAnswered`, only until a whole final response (by its
 * content-length) has come, for a connection the server may keep open (`closedAfterMs` is -1 if it did).
 */
export async function rawExchange(
  url: string,
  chunks: (string | Buffer)[],
  options: { gapMs?: number; timeoutMs?: number; untilAnswered?: boolean } = {},
): Promise<SocketAnswer> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const started = Date.now();
  const received: Buffer[] = [];
  let closed = false;
  const done = new Promise<number>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (options.untilAnswered && isWhole(Buffer.concat(received))) resolve(-1);
    });
    socket.on('close', () => {
      closed = true;
      resolve(Date.now() - started);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (const chunk of chunks) {
    if (closed) break;
    socket.write(chunk);
    if (options.gapMs) await sleep(options.gapMs);
  }
  const timeout = sleep(options.timeoutMs ?? 10_000).then(() => -1);
  const closedAfterMs = await Promise.race([done, timeout]);
  if (closedAfterMs < 0 || !closed) socket.destroy();
  return { ...parseResponse(Buffer.concat(received)), closedAfterMs };
}

/** Whether `raw` holds a final response whose body has all its content-length. */
function isWhole(raw: Buffer): boolean {
  const { status, headers, body } = parseResponse(raw);
  const length = Number(headers['content-length']);
  return status >= 200 && Number.isInteger(length) && Buffer.byteLength(body) >= length;
}

/**
 * The first final response in `raw` (interim `100 Continue` answers are skipped): status, lower-cased headers and the
 * body by content-length (or the rest).
 */
export function parseResponse(raw: Buffer): { status: number; headers: Record<string, string>; body: string } {
  while (/^HTTP\/1\.1 1\d\d /.test(raw.subarray(0, 13).toString('latin1'))) {
    const interimEnd = raw.indexOf('\r\n\r\n');
    if (interimEnd < 0) break;
    raw = raw.subarray(interimEnd + 4);
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = headers['content-length'] === undefined ? raw.length - end - 4 : Number(headers['content-length']);
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: raw.subarray(end + 4, end + 4 + length).toString('utf8') };
}

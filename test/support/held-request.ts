/**
 * A signed request held open in the middle of its body: the server has its headers and part of the body, so the
 * request is in flight until `finish()` sends the rest (or the server cuts the connection).
 *
 * The request asks `Expect: 100-continue` and is returned only once the server's `100 Continue` came: the server has
 * accepted the connection and parsed the headers, so the request is in flight there, not still in a kernel buffer
 * (a stop that lands before the server reads the bytes would close the connection as idle).
 */
import { connect, type Socket } from 'node:net';
import { parseResponse } from './raw-socket.ts';
import { signRequest } from './sign.ts';

export interface HeldRequest {
  /** Sends the rest of the body. */
  finish(): void;
  /** Whether the server has closed the connection so far. */
  closed(): boolean;
  /** Resolves once the server has closed the connection (or after `timeoutMs`, destroying it): the raw answer. */
  answer(timeoutMs?: number): Promise<{ status: number; headers: Record<string, string>; body: string; error?: string }>;
}

export async function holdRequest(
  url: string,
  req: { method: string; target: string; body: string; credentials?: { accessKeyId: string; secretAccessKey: string } },
): Promise<HeldRequest> {
  const { hostname, port, host } = new URL(url);
  const credentials = req.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' };
  const body = Buffer.from(req.body);
  const headers = signRequest({
    method: req.method,
    target: req.target,
    headers: { host, 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
    ...credentials,
    region: 'us-east-1',
    service: 'chime',
    date: new Date(),
  });
  // Not signed, as the SDKs send it.
  const head = `${req.method} ${req.target} HTTP/1.1\r\n${Object.entries({ ...headers, expect: '100-continue' }).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  const received: Buffer[] = [];
  let isClosed = false;
  let socketError: string | undefined;
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message));
    socket.on('close', () => {
      isClosed = true;
      resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(Buffer.from(head, 'latin1'));
  await continued(socket, closed);
  const half = Math.floor(body.length / 2);
  await new Promise<void>((resolve) => socket.write(body.subarray(0, half), () => resolve()));
  return {
    finish: () => void socket.write(body.subarray(half)),
    closed: () => isClosed,
    async answer(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      if (!isClosed) {
        socket.destroy();
        return { status: 0, headers: {}, body: '', error: `still open after ${timeoutMs} ms` };
      }
      return { ...parseResponse(Buffer.concat(received)), ...(socketError === undefined ? {} : { error: socketError }) };
    },
  };
}

const CONTINUE = /^HTTP\/1\.1 100 [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/;

/** Resolves once the server's `100 Continue` came; rejects if it answered or closed otherwise, or after 20 s. */
async function continued(socket: Socket, closed: Promise<void>): Promise<void> {
  let seen = '';
  let onData: ((chunk: Buffer) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        onData = (chunk: Buffer): void => {
          seen += chunk.toString('latin1');
          if (CONTINUE.test(seen)) resolve();
          else if (seen.length >= 13 && !seen.startsWith('HTTP/1.1 100 ')) reject(new Error(`answered instead of 100 Continue: ${seen.slice(0, 200)}`));
        };
        socket.on('data', onData);
      }),
      closed.then(() => Promise.reject(new Error(`closed before 100 Continue: ${seen.slice(0, 200)}`))),
      new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error('no 100 Continue within 20 s')), 20_000))),
    ]);
  } finally {
    clearTimeout(timer);
    if (onData) socket.off('data', onData);
  }
}

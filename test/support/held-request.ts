/**
 * A signed request held open in the middle of its body: the server has its headers and part of the body, so the
 * request is in flight until `finish()` sends the rest (or the server cuts the connection).
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
  const head = `${req.method} ${req.target} HTTP/1.1\r\n${Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
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
  const half = Math.floor(body.length / 2);
  await new Promise<void>((resolve) => socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body.subarray(0, half)]), () => resolve()));
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

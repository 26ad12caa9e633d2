/**
 * One request over a fresh TCP connection, with a deadline: the bytes go out at once, the first final response is
 * read (by Content-Length, or until the server closes), and what happened is told apart — an answer, a connection the
 * server closed without answering, a connection it refused or reset, or nothing at all before the deadline (a hang).
 */
import { connect } from 'node:net';
import { parseResponse } from '../support/raw-socket.ts';

export type Exchange =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: string; ms: number }
  | { kind: 'closed'; ms: number; bytes: number }
  | { kind: 'refused'; code: string; ms: number }
  | { kind: 'hang'; ms: number; bytes: number };

/** Whether `raw` holds a whole final response (headers and a body as long as its Content-Length). */
function complete(raw: Buffer): boolean {
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const head = rest.subarray(0, end).toString('latin1');
    if (/^HTTP\/1\.[01] 1\d\d /.test(head)) {
      rest = rest.subarray(end + 4);
      continue;
    }
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return /^HTTP\/1\.[01] (204|304) /.test(head);
    return rest.length - end - 4 >= Number(length[1]);
  }
}

export function exchange(host: string, port: number, bytes: Buffer, deadlineMs: number): Promise<Exchange> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const received: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Exchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const answer = (): void => {
      const raw = Buffer.concat(received);
      const parsed = parseResponse(raw);
      if (parsed.status === 0) finish({ kind: 'closed', ms: ms(), bytes: size });
      else finish({ kind: 'answer', ...parsed, ms: ms() });
    };
    const timer = setTimeout(() => {
      if (size > 0 && parseResponse(Buffer.concat(received)).status !== 0) return answer();
      finish({ kind: 'hang', ms: ms(), bytes: size });
    }, deadlineMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      size += chunk.length;
      if (complete(Buffer.concat(received))) answer();
    });
    socket.on('close', () => {
      if (size === 0 && !done) finish({ kind: 'closed', ms: ms(), bytes: 0 });
      else answer();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (size > 0) return; // the answer came; a reset after it is the server closing a connection it is done with
      if (error.code === 'ECONNREFUSED') finish({ kind: 'refused', code: error.code, ms: ms() });
      else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish({ kind: 'closed', ms: ms(), bytes: 0 });
      else finish({ kind: 'refused', code: error.code ?? String(error), ms: ms() });
    });
  });
}

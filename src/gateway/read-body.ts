/** Reads the raw request body up to a limit; a larger body is refused before (or while) it arrives. */
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../protocol/errors.ts';

export class BodyTooLargeError extends ServiceError {
  constructor(limit: number) {
    super('RequestEntityTooLargeException', `The request body exceeds the limit of ${limit} bytes`, 413);
  }
}

/** Refuses a body whose declared `Content-Length` exceeds the limit, before anything of it is read. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new BodyTooLargeError(limit);
}

/** Resolves with the body; rejects with `BodyTooLargeError`, or with the stream's error when the client goes away. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    checkDeclaredLength(req, limit);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  // The whole request has arrived and nothing has read it yet (a GET, or a body that came with its headers): it lies in
  // the stream's buffer, read at once rather than through listeners and the events of the next ticks. `read()` takes
  // it all and lets the stream end as reading it would.
  if (req.complete && !req.readableDidRead && req.readableFlowing === null && !req.destroyed) {
    const size = req.readableLength;
    if (size > limit) return Promise.reject(new BodyTooLargeError(limit));
    const body = req.read() as Buffer | null;
    return Promise.resolve(body ?? EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('client aborted the request')));
  });
}

const EMPTY = Buffer.alloc(0);

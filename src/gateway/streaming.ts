/**
 * The streaming variant of an answer (the event stream's Server-Sent Events): status and headers like any answer, then
 * a body written piece by piece for as long as the stream lasts. An error before the stream starts is an ordinary
 * modelled error (the endpoint throws instead of answering a stream); once the headers are sent, a stream that fails
 * can only end. Written here and only here, as `send` in gateway.ts writes whole answers.
 *
 * A stream is not a request in flight (the gateway stops counting it once it starts: a long stream must not hold a slot
 * or delay anything counted by requests), is not cut by the request timeout (node's `requestTimeout` bounds receiving
 * the request, which is complete), and carries `Connection: close`: when it ends, on shutdown or otherwise, its
 * connection ends too instead of lingering as a keep-alive connection that a stopping server must wait out.
 */
import type { ServerResponse } from 'node:http';

/** Where a stream writes. */
export interface StreamSink {
  /**
   * Writes `chunk`; resolves once the socket took it, or, when its buffer is full, once it drained (backpressure: the
   * writer reads nothing more meanwhile). Resolves at once, writing nothing, after the client went away.
   */
  write(chunk: string): Promise<void>;
  /** Aborted when the client goes away (the stream should stop). */
  readonly signal: AbortSignal;
}

/** An answer whose body is written as it comes. */
export interface StreamingResponse {
  status: number;
  headers: Record<string, string>;
  /** Writes the body; the answer ends when it resolves (or rejects). */
  stream(sink: StreamSink): Promise<void>;
}

/** Whether `answer` is a streaming one. */
export function isStreaming(answer: object): answer is StreamingResponse {
  return typeof (answer as Partial<StreamingResponse>).stream === 'function';
}

/**
 * Sends the headers at once, then runs the stream; ends the answer when it finishes. Resolves when the answer has ended
 * (the error of a stream that failed, when it did).
 */
export async function sendStream(res: ServerResponse, response: StreamingResponse, requestId: string): Promise<{ error?: unknown }> {
  res.statusCode = response.status;
  res.setHeader('x-amzn-requestid', requestId);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('connection', 'close');
  res.flushHeaders();
  const gone = new AbortController();
  const onClose = (): void => gone.abort();
  res.once('close', onClose);
  const sink: StreamSink = {
    signal: gone.signal,
    write(chunk) {
      if (gone.signal.aborted || res.writableEnded) return Promise.resolve();
      if (res.write(chunk)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    },
  };
  try {
    await response.stream(sink);
    return {};
  } catch (error) {
    return { error };
  } finally {
    res.off('close', onClose);
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}

/**
 * Requests that node's HTTP parser refuses before the gateway sees them (headers too large, malformed request line,
 * a client too slow to send its headers or body) still get an AWS-style error: `x-amzn-ErrorType`, a JSON body and a
 * request id, then the connection is closed. The envelope comes from the one serializer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ServiceError } from '../protocol/errors.ts';
import { serializeError } from '../protocol/serialize.ts';
import type { CompiledService } from '../protocol/service.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** How refusals outside the gateway are serialized and recorded. */
export interface ClientErrorOptions {
  service: CompiledService;
  newRequestId(): string;
  maxHeaderBytes: number;
  /** For access logs and metrics. */
  onError?(record: { requestId: string; status: number; errorType: string }): void;
}

/** A `clientError` listener for `node:http` servers. */
export function clientErrorHandler(options: ClientErrorOptions): (error: Error & { code?: string }, socket: Duplex) => void {
  return (error, socket) => {
    const responding = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || responding) {
      socket.destroy();
      return;
    }
    const refusal =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ServiceError('RequestHeaderFieldsTooLargeException', `The request line and headers exceed ${options.maxHeaderBytes} bytes`, 431)
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new ServiceError('RequestTimeoutException', 'The request was not received in time', 408)
          : new ServiceError('BadRequestException', 'The request is not valid HTTP/1.1');
    answerOnSocket(socket, refusal, options);
  };
}

/**
 * A `connect` listener: node closes a CONNECT request's connection without a word unless someone listens; dialtone is
 * no proxy, so it answers 405 `MethodNotAllowedException` like any other unsupported method, and closes.
 */
export function connectHandler(options: ClientErrorOptions): (req: unknown, socket: Duplex) => void {
  return (_req, socket) => {
    answerOnSocket(socket, new ServiceError('MethodNotAllowedException', 'CONNECT is not allowed: dialtone is not a proxy', 405), options);
  };
}

/**
 * A `checkExpectation` listener: an `Expect` header other than `100-continue` answers 417
 * `ExpectationFailedException` (node's own 417 carries no error type or body).
 */
export function expectationHandler(options: ClientErrorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = options.newRequestId();
    const expectation = String(req.headers.expect ?? '').slice(0, 100);
    const wire = serializeError(options.service, new ServiceError('ExpectationFailedException', `Unsupported expectation '${expectation}'`, 417));
    const body = Buffer.from(wire.body ?? '');
    res.writeHead(wire.status, { ...wire.headers, 'x-amzn-requestid': requestId, 'content-length': String(body.length), connection: 'close' });
    res.end(body);
    options.onError?.({ requestId, status: wire.status, errorType: wire.headers['x-amzn-errortype'] ?? 'ExpectationFailedException' });
  };
}

/** Writes the serialized error as a whole HTTP/1.1 response with `connection: close`, then closes the socket. */
function answerOnSocket(socket: Duplex, refusal: ServiceError, options: ClientErrorOptions): void {
  const requestId = options.newRequestId();
  const wire = serializeError(options.service, refusal);
  const body = Buffer.from(wire.body ?? '');
  const head = [
    `HTTP/1.1 ${wire.status} ${REASONS[wire.status] ?? 'Error'}`,
    `x-amzn-requestid: ${requestId}`,
    ...Object.entries(wire.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.length}`,
    'connection: close',
    '',
    '',
  ].join('\r\n');
  socket.on('error', () => socket.destroy());
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]), () => socket.destroy());
  options.onError?.({ requestId, status: wire.status, errorType: wire.headers['x-amzn-errortype'] ?? refusal.type });
}

/**
 * The request pipeline, in order:
 *   request id → which API (legacy Chime, Chime SDK Voice, or both; see api-selector.ts) → connection caps → requests
 *   in flight → event-loop lag (operator endpoints exempt) → header count → [admin endpoints: unsigned ones read the
 *   body and answer; signed ones go on like the API]
 *   → failed authentications of the address → declared body size → SigV4 on the headers (key known, scope, date)
 *   → read raw body (size limit) → SigV4 signature (key enabled, account active) → throttle (token bucket of the
 *   account and the method's class, before any parsing or database work) → route (from the model) → authorize (the
 *   key's policy for `chime:<Operation>`) → JSON nesting guard → parse + validate (from the model) → operation handler
 *   → serialize result or error (from the model).
 * Errors are thrown by every step and serialized in one place at the end; every request gets an answer (an unexpected
 * error is a 500 `ServiceFailureException`, a transient one a 503 `ServiceUnavailableException`) unless its connection is gone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthFailureLimiter } from '../auth/failure-limiter.ts';
import type { Throttle } from '../auth/throttle.ts';
import type { ChimeHandlers, RequestContext } from '../operations/index.ts';
import { toServiceError } from '../operations/index.ts';
import { ServiceError, badRequest } from '../protocol/errors.ts';
import { splitTarget } from '../protocol/query.ts';
import { readInput } from '../protocol/read-input.ts';
import { clip } from '../protocol/clip.ts';
import { modelledError, serializeError, serializeOutput, type WireResponse } from '../protocol/serialize.ts';
import type { CompiledService } from '../protocol/service.ts';
import { UNBATCHED, type AnswerBatch } from './answer-batch.ts';
import type { Api, ApiName, ApiSelector } from './api-selector.ts';
import { CONSOLE_HEADERS, CONSOLE_PREFIX, type ConsoleHandler } from './console/console-endpoint.ts';
import { ADMIN_PREFIX, findAdmin, handleAdmin, type AdminEndpoints } from './admin.ts';
import { admit, authorize, shedWhenLagging, type LoopLag } from './admission.ts';
import { costOf } from './request-cost.ts';
import type { Authenticate, Caller } from './authenticate.ts';
import type { ConnectionLimits } from './connection-limits.ts';
import { nestsDeeperThan } from './json-depth.ts';
import { BodyTooLargeError, checkDeclaredLength, readBody } from './read-body.ts';
import { isStreaming, sendStream, type StreamingResponse } from './streaming.ts';

/** What happened to one request, for access logs and metrics. */
export interface RequestRecord {
  requestId: string;
  method: string;
  /** The model operation, or `_dialtone` / `unrouted`. */
  operation: string;
  /** The API that answered (`chime`, `chime-sdk-voice`, or `both`). */
  api?: ApiName;
  accountId?: string;
  status: number;
  errorType?: string;
  /** Message of a 5xx error (internal; never sent to the client). */
  internalError?: unknown;
  durationMs: number;
}

export interface GatewayOptions {
  onResponse?(record: RequestRecord): void;
  /** Picks the API (model and router) that answers each request. */
  apis: ApiSelector;
  handlers: ChimeHandlers;
  /** SigV4: the headers first (before the body is read), then the signature over the body. */
  authenticate: Authenticate;
  /**
   * Requests being answered at once, in total (beyond: 503 `ServiceUnavailableException` with `Retry-After`, before
   * the body is read) and per account (beyond: 429 `ThrottledClientException`, right after authentication); no bound
   * when absent.
   */
  maxInFlight?: number;
  maxInFlightPerAccount?: number;
  /**
   * The event loop's lateness, and the most it may be before requests are shed (503 with `Retry-After`, before the
   * body is read; operator endpoints still answer); no shedding when either is absent or the bound is 0.
   */
  eventLoopLag?: LoopLag;
  maxEventLoopLagMs?: number;
  /** Connection caps (total, per address); none when absent. */
  connections?: Pick<ConnectionLimits, 'refuses'>;
  /** Failed authentications per source address; none counted when absent. */
  authFailures?: Pick<AuthFailureLimiter, 'blocked' | 'fail'>;
  /** Per-account token buckets; no throttling when absent. */
  throttle?: Throttle;
  admin: AdminEndpoints;
  newRequestId(): string;
  maxBodyBytes: number;
  /** Requests with more header lines than this are refused (default 100). */
  maxHeaders?: number;
  /** JSON bodies nesting arrays/objects deeper than this are refused before parsing (default 32). */
  maxJsonDepth?: number;
  /**
   * Whether an unexpected error is transient (e.g. the database is busy or unreachable): such a request is answered
   * 503 `ServiceUnavailableException` with `Retry-After` when the request's model defines that error, else 500.
   */
  isTransient?(error: unknown): boolean;
  /** `Retry-After` of a transient failure, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** The web console under `/_dialtone/console/`, and the API its calls are answered by; none when absent. */
  console?: { handle: ConsoleHandler; api: Api };
  /** Told of a stream that failed after it started (it has ended; its start was recorded by `onResponse`). */
  onStreamError?(failure: { requestId: string; accountId?: string; error: unknown }): void;
  /** Writes the answers, together once per turn of the event loop (answer-batch.ts); default: each at once. */
  answers?: AnswerBatch;
}

type AnyHandler = (input: unknown, context: RequestContext) => Promise<unknown>;

const MAX_ECHOED_PATH = 200;

/** Builds the `node:http` request listener. */
export function createGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { apis, handlers } = options;
  let inFlight = 0;
  const inFlightByAccount = new Map<string, number>();
  const maxHeaders = options.maxHeaders ?? 100;
  const maxJsonDepth = options.maxJsonDepth ?? 32;
  const answers = options.answers ?? UNBATCHED;
  const send = (res: ServerResponse, wire: WireResponse, requestId: string): void => sendAnswer(answers, res, wire, requestId);

  async function dispatch(req: IncomingMessage, note: Note): Promise<WireResponse | StreamingResponse> {
    const method = req.method ?? 'GET';
    const { api, target } = note.selection;
    if (options.connections?.refuses(req.socket)) {
      note.closeConnection = true;
      throw new ServiceError(UNAVAILABLE, 'Too many open connections; retry later', 503, { 'retry-after': '1' });
    }
    if (options.maxInFlight !== undefined && inFlight > options.maxInFlight) {
      throw new ServiceError(UNAVAILABLE, `The server is answering more than ${options.maxInFlight} requests; retry later`, 503, { 'retry-after': '1' });
    }
    const path = target.split('?', 1)[0]!;
    // Health, readiness and metrics answer however late the loop runs: an operator must see an overloaded node.
    if (!OPERATOR_PATHS.has(path)) shedWhenLagging(options.eventLoopLag, options.maxEventLoopLagMs ?? 0);
    if (req.rawHeaders.length / 2 > maxHeaders) throw badRequest(`The request has more than ${maxHeaders} header lines`);
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
      throw badRequest('An HTTP/1.1 request must carry a Host header');
    }
    if (options.console && (path === CONSOLE_ROOT || path.startsWith(CONSOLE_PREFIX))) return toConsole(req, note, options.console);
    if (target.startsWith(ADMIN_PREFIX)) {
      note.operation = '_dialtone';
      const endpoint = findAdmin(options.admin, path);
      let caller: Caller | undefined;
      let body: Buffer;
      if (endpoint.signed) {
        ({ caller, body } = await authenticated(req));
        note.accountId = caller.credential.accountId;
        if (options.throttle) admit(options.throttle, caller, method);
      } else {
        body = await readBody(req, options.maxBodyBytes);
      }
      const { query } = splitTarget(target);
      const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
      return handleAdmin(endpoint, { method, path, body, query, caller, remoteAddress: req.socket.remoteAddress, authorization, headers: req.headers });
    }
    const { caller, body } = await authenticated(req);
    return answerApi(req, note, api, caller, body, target);
  }

  /** Routes, throttles, authorizes, parses and answers an authenticated request to `api` (`target` in its paths). */
  async function answerApi(req: IncomingMessage, note: Note, api: Api, caller: Caller, body: Buffer, target: string): Promise<WireResponse> {
    const method = req.method ?? 'GET';
    const path = target.split('?', 1)[0]!;
    note.accountId = caller.credential.accountId;
    holdAccountSlot(caller.credential.accountId, note);
    const { rawSegments, query } = splitTarget(target);
    const routed = api.router.route(method, rawSegments, query);
    // Routing reads the path only; the throttle charges what the request asks for (request-cost.ts) before any parsing.
    if (options.throttle) admit(options.throttle, caller, method, routed.kind === 'match' ? costOf(routed.operation, query) : 1);
    if (routed.kind === 'not-found') {
      const title = api.service.model.metadata.serviceFullName;
      throw new ServiceError('UnknownOperationException', `No operation of the ${title} API matches ${method} ${clip(path, MAX_ECHOED_PATH)}`, 404);
    }
    if (routed.kind === 'method-not-allowed') {
      throw new ServiceError('MethodNotAllowedException', `${method} is not allowed here; allowed: ${routed.allowed.join(', ')}`, 405);
    }
    const { service, operation, labels } = routed;
    note.operation = operation.name;
    // IAM names the actions of both APIs `chime:<Operation>`.
    authorize(caller, `chime:${operation.name}`);
    const handler = (handlers as Record<string, AnyHandler | undefined>)[operation.name];
    if (!handler) {
      // An operation the model marks deprecated is one AWS retired: it will not be served, unlike those not served yet.
      const retired = service.model.operations[operation.name]?.deprecated === true;
      throw badRequest(retired ? `${operation.name} is no longer available: AWS retired it (the model marks it deprecated)` : `dialtone does not implement ${operation.name} yet`);
    }
    if (body.length > 0 && nestsDeeperThan(body, maxJsonDepth)) {
      throw badRequest(`The request body nests JSON arrays and objects deeper than ${maxJsonDepth} levels`);
    }
    const input = readInput(service, operation, { labels, query, headers: req.headers, body });
    const context: RequestContext = { accountId: caller.credential.accountId, requestId: note.requestId, region: caller.region, service, operation };
    // Node joins a repeated header with ", ": such a value is not a usable id, and the domain ignores it.
    const invocationId = req.headers['amz-sdk-invocation-id'];
    if (typeof invocationId === 'string') context.invocationId = invocationId;
    return serializeOutput(service, operation, await handler(input, context));
  }

  /** A request below `/_dialtone/console/`: answered by the console, its errors in the console's API's format. */
  function toConsole(req: IncomingMessage, note: Note, console: { handle: ConsoleHandler; api: Api }): Promise<WireResponse | StreamingResponse> {
    note.operation = '_console';
    note.console = true;
    note.selection = { ...note.selection, api: console.api };
    const address = req.socket.remoteAddress ?? '';
    return console.handle({
      req,
      method: req.method ?? 'GET',
      target: note.selection.target,
      readBody: () => readBody(req, options.maxBodyBytes),
      checkFailures: () => refuseBlocked(address),
      failed: () => options.authFailures?.fail(address),
      answerApi: (caller, body, target) => answerApi(req, note, console.api, caller, body, target),
      identified: (accountId) => {
        note.accountId = accountId;
      },
    });
  }

  /**
   * SigV4, the body read in between: nothing of the body is read for a request whose headers do not authenticate (no
   * key, unknown key, stale date), and an address with too many failed authentications is refused before trying.
   */
  async function authenticated(req: IncomingMessage): Promise<{ caller: Caller; body: Buffer }> {
    const address = req.socket.remoteAddress ?? '';
    refuseBlocked(address);
    checkDeclaredLength(req, options.maxBodyBytes);
    try {
      const withBody = await options.authenticate(req);
      const body = await readBody(req, options.maxBodyBytes);
      return { caller: await withBody(body), body };
    } catch (error) {
      if (error instanceof ServiceError && (error.status === 401 || error.status === 403)) options.authFailures?.fail(address);
      throw error;
    }
  }

  /** Refuses (429) an address with too many failed authentications, before trying another. */
  function refuseBlocked(address: string): void {
    const wait = options.authFailures?.blocked(address);
    if (wait !== undefined) {
      throw new ServiceError('ThrottledClientException', 'Too many failed authentications from this address; retry later', 429, { 'retry-after': String(wait) });
    }
  }

  /**
   * Counts the request against its account's concurrent requests until it is answered; refuses it (429) when the
   * account already has `maxInFlightPerAccount` in flight, so that one account's slow requests cannot hold every slot.
   */
  function holdAccountSlot(accountId: string, note: Note): void {
    const bound = options.maxInFlightPerAccount;
    if (bound === undefined) return;
    const current = inFlightByAccount.get(accountId) ?? 0;
    if (current >= bound) {
      throw new ServiceError('ThrottledClientException', `Account ${accountId} already has ${bound} requests in flight; retry after 1 s`, 429, { 'retry-after': '1' });
    }
    inFlightByAccount.set(accountId, current + 1);
    note.release = () => {
      const left = (inFlightByAccount.get(accountId) ?? 1) - 1;
      if (left <= 0) inFlightByAccount.delete(accountId);
      else inFlightByAccount.set(accountId, left);
    };
  }

  /** The modelled error that answers `error`: service errors as they are, transient failures as 503, the rest as 500. */
  function answerTo(error: unknown, service: CompiledService): unknown {
    if (error instanceof ServiceError || !options.isTransient?.(error) || !modelledError(service, UNAVAILABLE)) return error;
    const retryAfter = String(options.retryAfterSeconds ?? 1);
    return new ServiceError(UNAVAILABLE, 'The service is temporarily unavailable; retry the request', 503, { 'retry-after': retryAfter });
  }

  return (req, res) => {
    answers.requestRead();
    const started = performance.now();
    const requestId = options.newRequestId();
    let note: Note;
    try {
      note = { requestId, operation: 'unrouted', selection: apis.select(req) };
    } catch (error) {
      // The selector reads headers only; should it ever fail, the request is still answered.
      send(res, { status: 500, headers: { 'x-amzn-errortype': 'ServiceFailureException' } }, requestId);
      options.onResponse?.({ requestId, method: req.method ?? 'GET', operation: 'unrouted', status: 500, internalError: error, durationMs: 0 });
      return;
    }
    inFlight++;
    let counted = true;
    // Once answered (the connection closes), or once a stream starts: a stream is not a request in flight.
    const leave = (): void => {
      if (!counted) return;
      counted = false;
      inFlight--;
      note.release?.();
    };
    res.once('close', leave);
    const finish = (wire: WireResponse | StreamingResponse, errorType?: string, internalError?: unknown): void => {
      res.setHeader(API_HEADER, note.selection.api.name);
      if (note.console) for (const [name, value] of Object.entries(CONSOLE_HEADERS)) res.setHeader(name, value);
      if (isStreaming(wire)) {
        leave();
        void sendStream(res, wire, requestId).then(({ error }) => {
          if (error !== undefined) options.onStreamError?.({ requestId, accountId: note.accountId, error });
        });
      } else send(res, wire, requestId);
      options.onResponse?.({
        requestId,
        method: req.method ?? 'GET',
        operation: note.operation,
        api: note.selection.api.name,
        accountId: note.accountId,
        status: wire.status,
        errorType,
        internalError,
        durationMs: performance.now() - started,
      });
    };
    dispatch(req, note)
      .then((wire) => finish(wire))
      .catch((thrown: unknown) => {
        // Every request is answered unless the connection itself is gone (the body may have been read: req.destroyed
        // says nothing about the response).
        if (res.destroyed || res.writableEnded || answered.has(res)) return;
        // The API that answers: the console's requests are answered by the console's API, whatever the selector said.
        const { service } = note.selection.api;
        const error = toServiceError(thrown, service);
        const wire = serializeError(service, answerTo(error, service));
        // A body left unread (refused before reading it, or too large) would otherwise be drained from a client that
        // may never finish sending it: the connection ends with the answer.
        if (error instanceof BodyTooLargeError || !req.complete || note.closeConnection) res.setHeader('connection', 'close');
        finish(wire, wire.headers['x-amzn-errortype'], wire.status >= 500 ? error : undefined);
      })
      .catch((error: unknown) => {
        // Serializing or recording failed: a bare 500 rather than an open socket.
        if (!res.headersSent && !res.destroyed) send(res, { status: 500, headers: { 'x-amzn-errortype': 'ServiceFailureException' } }, requestId);
        else if (!res.writableEnded) res.destroy(error as Error);
      });
  };
}

const UNAVAILABLE = 'ServiceUnavailableException';

/** Operator endpoints, answered even while requests are shed for event-loop lag. */
const OPERATOR_PATHS = new Set(['health', 'ready', 'metrics'].map((name) => `${ADMIN_PREFIX}${name}`));

/** `/_dialtone/console` without its slash: redirected to the console's page. */
const CONSOLE_ROOT = CONSOLE_PREFIX.slice(0, -1);

/** Names the API that answered (`chime`, `chime-sdk-voice`, `both`); clients ignore it, people and tests read it. */
export const API_HEADER = 'x-dialtone-api';

/** What the pipeline learns about a request as it goes, for the answer and its record. */
interface Note {
  requestId: string;
  operation: string;
  accountId?: string;
  /** The answer ends the connection. */
  closeConnection?: boolean;
  /** A request of the web console (its answer carries the console's security headers). */
  console?: boolean;
  /** Gives back the request's slot among its account's requests in flight. */
  release?: () => void;
  selection: ReturnType<ApiSelector['select']>;
}

/** The responses whose answer is given (it may wait in the answer batch, headers not yet sent). */
const answered = new WeakSet<ServerResponse>();

function sendAnswer(answers: AnswerBatch, res: ServerResponse, wire: WireResponse, requestId: string): void {
  if (res.headersSent || answered.has(res)) return;
  answered.add(res);
  res.statusCode = wire.status;
  res.setHeader('x-amzn-requestid', requestId);
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  if (wire.body === undefined && wire.bytes === undefined) {
    if (wire.status !== 204 && wire.status !== 304) res.setHeader('content-length', '0');
    answers.end(res);
    return;
  }
  if (wire.bytes !== undefined) {
    res.setHeader('content-length', String(wire.bytes.length));
    answers.end(res, wire.bytes);
    return;
  }
  // Text as it is: node:http writes the head and a string body in one piece, without copying the body into a Buffer.
  // It counts the body's bytes itself then (the answer ends the response before anything is written) and sends that
  // Content-Length to an HTTP/1.1 client: counting here as well scanned a page of 50 numbers (21 KB) twice, 4.1–4.6 µs
  // each on the slower host state of docs/performance.md's sixteenth round. An HTTP/1.0 client would get no length
  // from node (it ends the connection instead), nor a HEAD request.
  const body = wire.body ?? '';
  if (res.req.httpVersionMinor === 0 || res.req.method === 'HEAD') res.setHeader('content-length', String(Buffer.byteLength(body)));
  answers.end(res, body);
}

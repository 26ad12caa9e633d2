/**
 * The request pipeline, in order:
 *   request id → admin endpoints → read raw body (size limit) → authenticate (SigV4) → route (from the model)
 *   → parse + validate (from the model) → operation handler → serialize result or error (from the model).
 * Errors are thrown by every step and serialized in one place at the end.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChimeHandlers, RequestContext } from '../operations/index.ts';
import { toServiceError } from '../operations/index.ts';
import { ServiceError, badRequest } from '../protocol/errors.ts';
import { splitTarget } from '../protocol/query.ts';
import { readInput } from '../protocol/read-input.ts';
import type { Router } from '../protocol/router.ts';
import { serializeError, serializeOutput, type WireResponse } from '../protocol/serialize.ts';
import type { CompiledService } from '../protocol/service.ts';
import { ADMIN_PREFIX, handleAdmin, type AdminEndpoints } from './admin.ts';
import type { Caller } from './authenticate.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';

/** What happened to one request, for access logs and metrics. */
export interface RequestRecord {
  requestId: string;
  method: string;
  /** The model operation, or `_dialtone` / `unrouted`. */
  operation: string;
  accountId?: string;
  status: number;
  errorType?: string;
  /** Message of a 5xx error (internal; never sent to the client). */
  internalError?: unknown;
  durationMs: number;
}

export interface GatewayOptions {
  onResponse?(record: RequestRecord): void;
  /** The service whose error shapes answer requests that reach no operation. */
  defaultService: CompiledService;
  router: Router;
  handlers: ChimeHandlers;
  authenticate(req: IncomingMessage, body: Buffer): Caller;
  admin: AdminEndpoints;
  newRequestId(): string;
  maxBodyBytes: number;
}

type AnyHandler = (input: unknown, context: RequestContext) => Promise<unknown>;

export function createGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, handlers } = options;

  async function dispatch(
    req: IncomingMessage,
    requestId: string,
    note: { operation: string; accountId?: string },
  ): Promise<{ wire: WireResponse; service: CompiledService }> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const body = await readBody(req, options.maxBodyBytes);
    if (target.startsWith(ADMIN_PREFIX)) {
      note.operation = '_dialtone';
      const { query } = splitTarget(target);
      const path = target.split('?')[0]!;
      return { wire: await handleAdmin(options.admin, { method, path, body, query }), service: options.defaultService };
    }
    const caller = options.authenticate(req, body);
    note.accountId = caller.credential.accountId;
    const { rawSegments, query } = splitTarget(target);
    const routed = router.route(method, rawSegments, query);
    if (routed.kind === 'not-found') {
      throw new ServiceError('UnknownOperationException', `No operation of the Amazon Chime API matches ${method} ${target.split('?')[0]}`, 404);
    }
    if (routed.kind === 'method-not-allowed') {
      throw new ServiceError('MethodNotAllowedException', `${method} is not allowed here; allowed: ${routed.allowed.join(', ')}`, 405);
    }
    const { service, operation, labels } = routed;
    note.operation = operation.name;
    const handler = (handlers as Record<string, AnyHandler | undefined>)[operation.name];
    if (!handler) throw badRequest(`dialtone does not implement ${operation.name} yet`);
    const input = readInput(service, operation, { labels, query, headers: req.headers, body });
    const context: RequestContext = { accountId: caller.credential.accountId, requestId, region: caller.region };
    try {
      return { wire: serializeOutput(service, operation, await handler(input, context)), service };
    } catch (error) {
      throw Object.assign(toServiceError(error) as object, { service });
    }
  }

  return (req, res) => {
    const started = performance.now();
    const requestId = options.newRequestId();
    const note: { operation: string; accountId?: string } = { operation: 'unrouted' };
    const finish = (wire: WireResponse, errorType?: string, internalError?: unknown): void => {
      send(res, wire, requestId);
      options.onResponse?.({
        requestId,
        method: req.method ?? 'GET',
        operation: note.operation,
        accountId: note.accountId,
        status: wire.status,
        errorType,
        internalError,
        durationMs: performance.now() - started,
      });
    };
    dispatch(req, requestId, note)
      .then(({ wire }) => finish(wire))
      .catch((error: unknown) => {
        if (res.destroyed || (req.destroyed && !(error instanceof ServiceError))) return;
        const service = (error as { service?: CompiledService } | null)?.service ?? options.defaultService;
        const wire = serializeError(service, toServiceError(error));
        if (error instanceof BodyTooLargeError) res.setHeader('connection', 'close');
        finish(wire, wire.headers['x-amzn-errortype'], wire.status >= 500 ? error : undefined);
      });
  };
}

function send(res: ServerResponse, wire: WireResponse, requestId: string): void {
  if (res.headersSent) return;
  res.statusCode = wire.status;
  res.setHeader('x-amzn-requestid', requestId);
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  if (wire.body === undefined) {
    if (wire.status !== 204 && wire.status !== 304) res.setHeader('content-length', '0');
    res.end();
    return;
  }
  const payload = Buffer.from(wire.body);
  res.setHeader('content-length', String(payload.length));
  res.end(payload);
}

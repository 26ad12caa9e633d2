/**
 * dialtone's own endpoints under `/_dialtone/`, outside the AWS route table: `admin-endpoints.ts` defines them (health,
 * readiness, metrics, limits, the test-mode clock), the composition root decides which exist by what it hands over,
 * and the gateway only dispatches to them through this file.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { WireResponse } from '../protocol/serialize.ts';
import { clip } from '../protocol/clip.ts';
import { ServiceError } from '../protocol/errors.ts';
import type { Caller } from './authenticate.ts';
import type { StreamingResponse } from './streaming.ts';

export const ADMIN_PREFIX = '/_dialtone/';
const MAX_ECHOED_PATH = 200;

export interface AdminEndpoint {
  methods: string[];
  /** Signed like the API (SigV4, throttled by its method's class); the handler receives the caller. */
  signed?: boolean;
  /** Also answers the paths below its own (`webhooks/…`); the handler reads `path`. */
  subpaths?: boolean;
  /** A whole answer, or a streaming one (the event stream). */
  handle(request: AdminRequest): Promise<WireResponse | StreamingResponse>;
}

/** What an admin endpoint is told of its request. */
export interface AdminRequest {
  method: string;
  /** The path, prefix included (e.g. `/_dialtone/webhooks/abc`). */
  path?: string;
  body: Buffer;
  query: Map<string, string[]>;
  caller?: Caller;
  /** The client's address as the socket reports it (`127.0.0.1`, `::1`, `::ffff:10.0.0.5`, …). */
  remoteAddress?: string;
  /** The `Authorization` header, when one was sent. */
  authorization?: string;
  /** The request's headers (e.g. `Accept`, `Last-Event-ID`). */
  headers?: IncomingHttpHeaders;
}

/** Endpoints by their path after the prefix, e.g. `health`. */
export type AdminEndpoints = Record<string, AdminEndpoint>;

/** The endpoint at `path` (which starts with the prefix); throws `UnknownOperationException` when there is none. */
export function findAdmin(endpoints: AdminEndpoints, path: string): AdminEndpoint {
  const name = path.slice(ADMIN_PREFIX.length);
  const own = (key: string) => (Object.hasOwn(endpoints, key) ? endpoints[key] : undefined);
  let endpoint = own(name);
  const slash = name.indexOf('/');
  if (endpoint === undefined && slash > 0) {
    const parent = own(name.slice(0, slash));
    if (parent?.subpaths === true) endpoint = parent;
  }
  if (!endpoint) throw new ServiceError('UnknownOperationException', `No dialtone endpoint at ${clip(path, MAX_ECHOED_PATH)}`, 404);
  return endpoint;
}

/** Checks the method and runs the endpoint. */
export async function handleAdmin(
  endpoint: AdminEndpoint,
  request: AdminRequest & { path: string },
): Promise<WireResponse | StreamingResponse> {
  if (!endpoint.methods.includes(request.method)) {
    throw new ServiceError(
      'MethodNotAllowedException',
      `${request.method} is not allowed on ${request.path}; use ${endpoint.methods.join(' or ')}`,
      405,
    );
  }
  return endpoint.handle(request);
}

/** A JSON response of an admin endpoint. */
export function jsonResponse(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

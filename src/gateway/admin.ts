/**
 * dialtone's own endpoints under `/_dialtone/`, outside the AWS route table. The composition root decides which
 * exist (health, readiness, metrics, the test-mode clock); the gateway only dispatches to them.
 */
import type { WireResponse } from '../protocol/serialize.ts';
import { ServiceError } from '../protocol/errors.ts';

export const ADMIN_PREFIX = '/_dialtone/';

export interface AdminEndpoint {
  methods: string[];
  handle(request: { method: string; body: Buffer; query: Map<string, string[]> }): Promise<WireResponse>;
}

/** Endpoints by their path after the prefix, e.g. `health`. */
export type AdminEndpoints = Record<string, AdminEndpoint>;

export async function handleAdmin(
  endpoints: AdminEndpoints,
  request: { method: string; path: string; body: Buffer; query: Map<string, string[]> },
): Promise<WireResponse> {
  const endpoint = Object.hasOwn(endpoints, request.path.slice(ADMIN_PREFIX.length))
    ? endpoints[request.path.slice(ADMIN_PREFIX.length)]
    : undefined;
  if (!endpoint) throw new ServiceError('UnknownOperationException', `No dialtone endpoint at ${request.path}`, 404);
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

/**
 * The console's requests to its server (paths relative to the page, so it works below `/_dialtone/console/`). Every
 * mutation carries the session's CSRF token, kept in memory only. A 401 from any call ends the session in the UI (the
 * sign-in form comes back). Errors are the API's: the `x-amzn-errortype` code and the body's `Message`.
 */
import { BINDINGS, requestOf, type OperationName, type Operations, type Wire } from './operations.ts';

/** An error answer: HTTP status, the error code (`x-amzn-errortype`, or the body's `Code`) and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let unauthorized: () => void = () => {};

/** Sets (or clears) the CSRF token that mutations send. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** What to do when a call is answered 401 (the session expired or was ended elsewhere). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** Sends a request; answers its JSON body (`{}` when empty), or throws an ApiError. */
export async function send<T>(method: string, path: string, body?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'NetworkError', `The server could not be reached (${(error as Error).message}).`);
  }
  const text = await response.text();
  let json: unknown = {};
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = { Message: text };
    }
  }
  if (!response.ok) {
    const fields = (json ?? {}) as { Message?: string; message?: string; Code?: string };
    const header = response.headers.get('x-amzn-errortype') ?? '';
    const code = header.split(':')[0] || fields.Code || `HTTP ${response.status}`;
    const error = new ApiError(response.status, code, fields.Message ?? fields.message ?? response.statusText);
    if (response.status === 401) unauthorized();
    throw error;
  }
  return json as T;
}

/** Calls a Chime SDK Voice operation through the console's `api/` bridge. */
export function call<K extends OperationName>(operation: K, input: Wire<Operations[K]['input']>): Promise<Wire<Operations[K]['output']>> {
  const request = requestOf(BINDINGS[operation], input);
  return send(request.method, request.path, request.body);
}

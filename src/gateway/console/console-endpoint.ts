/**
 * `/_dialtone/console/…`: the web console (docs/console.md). The gateway hands every request below the prefix here,
 * before any SigV4 step; this file decides who may reach it (loopback unless `allowRemote`), serves the built page,
 * opens and ends sessions, and hands the session's calls back to the gateway's API pipeline as the session's key:
 * - `GET /` and `GET assets/…`: the page and its files (no session needed);
 * - `POST|GET|DELETE session`: sign in (JSON `{AccessKeyId, SecretAccessKey}`), who is signed in, sign out;
 * - `api/<path>`: the Chime SDK Voice request `/<path>`, routed, authorized (`chime:<Operation>`), parsed and answered
 *   exactly as the API answers it;
 * - `events`: the account's events as `GET /_dialtone/events` serves them;
 * - `overview`: the Overview page's figures.
 * Every method other than GET and HEAD needs the session's CSRF token in `X-CSRF-Token`. Every answer carries the
 * console's security headers (the gateway adds `CONSOLE_HEADERS`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServiceError, badRequest } from '../../protocol/errors.ts';
import { splitTarget } from '../../protocol/query.ts';
import type { WireResponse } from '../../protocol/serialize.ts';
import { isLoopbackAddress } from '../../shared/loopback.ts';
import type { AdminEndpoint } from '../admin.ts';
import { jsonResponse } from '../admin.ts';
import type { Caller } from '../authenticate.ts';
import type { StreamingResponse } from '../streaming.ts';
import type { ConsoleAssets } from './assets.ts';
import { clearedCookie, COOKIE_PATH, overTls, sessionCookie, sessionToken } from './cookies.ts';
import type { Credential } from '../../auth/credentials.ts';

export const CONSOLE_PREFIX = `${COOKIE_PATH}/`;

/** What every console answer carries: no inline script or style, no framing, no sniffing, no referrer. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A session resolved for a request: the session and the key it acts as, as the key is now. */
export interface ActiveSession {
  session: { accountId: string; accessKeyId: string; csrfToken: string; expiresAt: Date };
  credential: Credential;
}

/** Why a sign-in was refused (answered each its own way). */
export type SignInRefusal = 'unknown-key' | 'wrong-secret' | 'key-disabled' | 'account-suspended';

/** The sessions, as the console's endpoints use them (app/console-sessions.ts keeps them in the database). */
export interface ConsoleSessionBook {
  signIn(accessKeyId: string, secret: string): Promise<{ token: string; active: ActiveSession } | { refused: SignInRefusal }>;
  resolve(token: string | undefined): Promise<ActiveSession | undefined>;
  signOut(token: string): Promise<void>;
}

export interface ConsoleOptions {
  sessions: ConsoleSessionBook;
  assets: ConsoleAssets;
  /** Answer clients that are not on loopback. */
  allowRemote: boolean;
  /** Mark the cookie `Secure` even without TLS here (a TLS proxy in front). */
  secureCookies: boolean;
  /** A session's whole life, for the cookie's `Max-Age`. */
  sessionSeconds: number;
  /** The region the session's calls are made in (ARNs of what they create). */
  region: string;
  /** The account's events (`GET /_dialtone/events`'s endpoint), when events are served. */
  events?: AdminEndpoint;
  /** The Overview's figures for the caller (`GET overview`). */
  overview?(caller: Caller, query: Map<string, string[]>): Promise<WireResponse>;
}

/** What the gateway lends the console for one request. */
export interface ConsoleCall {
  req: IncomingMessage;
  method: string;
  /** The request target (path and query). */
  target: string;
  readBody(): Promise<Buffer>;
  /** Refuses a request from an address with too many failed authentications (429), before trying. */
  checkFailures(): void;
  /** Counts a failed sign-in against the address. */
  failed(): void;
  /** Answers an API request (`target` in the API's own paths) as `caller`, with `body`. */
  answerApi(caller: Caller, body: Buffer, target: string): Promise<WireResponse>;
  /** Told the account once the session is known (access log, metrics, the account's requests in flight). */
  identified(accountId: string): void;
}

export type ConsoleHandler = (call: ConsoleCall) => Promise<WireResponse | StreamingResponse>;

/** Builds the handler of the console's paths. */
export function consoleHandler(options: ConsoleOptions): ConsoleHandler {
  return async (call) => {
    const { req, method } = call;
    if (!options.allowRemote && !isLoopbackAddress(req.socket.remoteAddress)) {
      throw new ServiceError('ForbiddenException', 'The console answers only on loopback; set console.allowRemote to serve it to other addresses', 403);
    }
    const { path, query } = splitConsoleTarget(call.target);
    if (path === '') return { status: 308, headers: { location: CONSOLE_PREFIX, 'content-length': '0' } };
    const rest = path.slice(1);
    if (rest === '' || rest.startsWith('assets/')) return serveAsset(options.assets, rest, method, req);
    if (rest === 'session') return sessionEndpoint(options, call);
    const active = await options.sessions.resolve(sessionToken(req));
    if (active === undefined) throw new ServiceError('UnauthorizedClientException', 'Sign in to the console first (the session ended or was never opened)', 401);
    call.identified(active.session.accountId);
    if (method !== 'GET' && method !== 'HEAD') checkCsrf(req, active);
    const caller: Caller = { credential: active.credential, region: options.region };
    if (rest === 'api' || rest.startsWith('api/')) {
      const body = await call.readBody();
      return call.answerApi(caller, body, `/${call.target.slice(CONSOLE_PREFIX.length + 'api'.length).replace(/^\//, '')}`);
    }
    if (rest === 'events' && options.events) {
      if (!options.events.methods.includes(method)) throw notAllowed(method, ['GET']);
      return options.events.handle({ method, path: call.target, body: Buffer.alloc(0), query, caller, headers: req.headers });
    }
    if (rest === 'overview' && options.overview) {
      if (method !== 'GET') throw notAllowed(method, ['GET']);
      return options.overview(caller, query);
    }
    throw new ServiceError('NotFoundException', `The console has nothing at ${COOKIE_PATH}/${rest.slice(0, 100)}`, 404);
  };
}

/** The path after `/_dialtone/console` (`''`, `/`, `/session`, …) and the query. */
function splitConsoleTarget(target: string): { path: string; query: Map<string, string[]> } {
  const { query } = splitTarget(target);
  const path = target.split('?', 1)[0]!.slice(COOKIE_PATH.length);
  return { path, query };
}

function serveAsset(assets: ConsoleAssets, name: string, method: string, req: IncomingMessage): WireResponse {
  if (method !== 'GET' && method !== 'HEAD') throw notAllowed(method, ['GET', 'HEAD']);
  if (!assets.built) {
    throw new ServiceError('ServiceUnavailableException', 'The console is not built: run `npm run build` (it writes dist/console/), or set console.assetsDir', 503);
  }
  const ifNoneMatch = typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined;
  const answer = assets.answer(name, ifNoneMatch);
  if (answer === undefined) throw new ServiceError('NotFoundException', `The console has no file ${name.slice(0, 100)}`, 404);
  return method === 'HEAD' ? { status: answer.status, headers: answer.headers } : answer;
}

async function sessionEndpoint(options: ConsoleOptions, call: ConsoleCall): Promise<WireResponse> {
  const { req, method } = call;
  const secure = options.secureCookies || overTls(req);
  if (method === 'POST') {
    call.checkFailures();
    checkSameOrigin(req);
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) throw badRequest('Sign in with a JSON body (Content-Type: application/json)');
    const { accessKeyId, secret } = readSignIn(await call.readBody());
    const opened = await options.sessions.signIn(accessKeyId, secret);
    if ('refused' in opened) {
      if (opened.refused === 'key-disabled') throw new ServiceError('UnauthorizedClientException', `The access key ${accessKeyId} is disabled`, 401);
      if (opened.refused === 'account-suspended') throw new ServiceError('ForbiddenException', 'The account of this access key is suspended', 403);
      call.failed();
      // One answer for an unknown key and a wrong secret: which keys exist is not told.
      throw new ServiceError('UnauthorizedClientException', 'The access key id or the secret access key is not valid', 401);
    }
    call.identified(opened.active.session.accountId);
    const answer = jsonResponse(200, describe(opened.active));
    return { ...answer, headers: { ...answer.headers, 'set-cookie': sessionCookie(opened.token, options.sessionSeconds, secure), 'cache-control': 'no-store' } };
  }
  const token = sessionToken(req);
  const active = await options.sessions.resolve(token);
  if (method === 'GET') {
    if (active === undefined) throw new ServiceError('UnauthorizedClientException', 'Not signed in to the console', 401);
    call.identified(active.session.accountId);
    const answer = jsonResponse(200, describe(active));
    return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store' } };
  }
  if (method === 'DELETE') {
    if (active !== undefined) {
      call.identified(active.session.accountId);
      checkCsrf(req, active);
      await options.sessions.signOut(token!);
    }
    return { status: 204, headers: { 'set-cookie': clearedCookie(secure) } };
  }
  throw notAllowed(method, ['GET', 'POST', 'DELETE']);
}

function readSignIn(body: Buffer): { accessKeyId: string; secret: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The sign-in body is not JSON');
  }
  const { AccessKeyId: accessKeyId, SecretAccessKey: secret } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || !/^[A-Za-z0-9]{1,128}$/.test(accessKeyId)) throw badRequest('AccessKeyId must be an access key id (letters and digits)');
  if (typeof secret !== 'string' || secret.length === 0 || secret.length > 1024) throw badRequest('SecretAccessKey must be the key\'s secret');
  return { accessKeyId, secret };
}

function describe(active: ActiveSession): Record<string, string> {
  const { session } = active;
  return { AccountId: session.accountId, AccessKeyId: session.accessKeyId, CsrfToken: session.csrfToken, ExpiresAt: session.expiresAt.toISOString() };
}

/** Refuses a mutation that does not carry the session's CSRF token. */
function checkCsrf(req: IncomingMessage, active: ActiveSession): void {
  const sent = req.headers['x-csrf-token'];
  const expected = Buffer.from(active.session.csrfToken);
  if (typeof sent !== 'string' || Buffer.byteLength(sent) !== expected.length || !timingSafeEqual(Buffer.from(sent), expected)) {
    throw new ServiceError('ForbiddenException', 'The request lacks the console session\'s CSRF token (X-CSRF-Token)', 403);
  }
}

/** A sign-in sent by a page of another origin (its `Origin` names another host) is refused. */
function checkSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ServiceError('ForbiddenException', 'Sign in from the console\'s own page', 403);
  }
  if (host !== req.headers.host) throw new ServiceError('ForbiddenException', 'Sign in from the console\'s own page', 403);
}

function notAllowed(method: string, allowed: string[]): ServiceError {
  return new ServiceError('MethodNotAllowedException', `${method} is not allowed here; use ${allowed.join(' or ')}`, 405);
}

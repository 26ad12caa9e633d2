/**
 * The webhook subscriptions of the caller's account, under `/_dialtone/webhooks`, signed like the API (SigV4) and
 * authorized against the key's policy as `dialtone:<Action>`:
 *   GET    /_dialtone/webhooks                                         ListWebhookSubscriptions
 *   POST   /_dialtone/webhooks                                         CreateWebhookSubscription (201)
 *   GET    /_dialtone/webhooks/{id}                                    GetWebhookSubscription
 *   PATCH  /_dialtone/webhooks/{id}                                    UpdateWebhookSubscription
 *   DELETE /_dialtone/webhooks/{id}                                    DeleteWebhookSubscription (204)
 *   GET    /_dialtone/webhooks/{id}/dead-letters                       ListWebhookDeadLetters
 *   POST   /_dialtone/webhooks/{id}/dead-letters/{eventId}/redeliver   RedeliverWebhookDeadLetter
 * A subscription of another account is not found. The composition root hands over what they do; this file reads the
 * requests, checks them, and authorizes.
 */
import { ServiceError, badRequest } from '../protocol/errors.ts';
import { jsonResponse, type AdminEndpoints, type AdminRequest } from './admin.ts';
import { authorize } from './admission.ts';
import type { Caller } from './authenticate.ts';
import { nestsDeeperThan } from './json-depth.ts';

/** What the endpoints do, in the caller's account; answers are JSON-ready. Domain refusals come as `ServiceError`s. */
export interface WebhookAdmin {
  create(accountId: string, input: Record<string, unknown>): Promise<unknown>;
  list(accountId: string): Promise<unknown>;
  get(accountId: string, id: string): Promise<unknown>;
  update(accountId: string, id: string, input: Record<string, unknown>): Promise<unknown>;
  delete(accountId: string, id: string): Promise<void>;
  deadLetters(accountId: string, id: string): Promise<unknown>;
  redeliver(accountId: string, id: string, eventId: string): Promise<unknown>;
}

const MAX_DEPTH = 4;
const CREATE_MEMBERS = new Set(['url', 'types', 'enabled', 'secret']);
const UPDATE_MEMBERS = new Set(['url', 'types', 'enabled', 'secret', 'rotateSecret']);
const PREFIX = '/_dialtone/webhooks';

export function webhookEndpoints(admin: WebhookAdmin): AdminEndpoints {
  return {
    webhooks: {
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      signed: true,
      subpaths: true,
      async handle(request) {
        const caller = request.caller;
        if (!caller) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
        const accountId = caller.credential.accountId;
        const segments = segmentsOf(request.path ?? PREFIX);
        const [id, child, eventId, action] = segments;
        const allow = (action: string) => authorize(caller, `dialtone:${action}`);
        if (id === undefined) {
          if (request.method === 'GET') {
            allow('ListWebhookSubscriptions');
            return jsonResponse(200, { subscriptions: await admin.list(accountId) });
          }
          if (request.method === 'POST') {
            allow('CreateWebhookSubscription');
            return jsonResponse(201, await admin.create(accountId, readBody(request, CREATE_MEMBERS)));
          }
          throw notAllowed(request.method, 'GET or POST');
        }
        if (child === undefined) return one(admin, caller, request, id);
        if (child === 'dead-letters' && eventId === undefined) {
          if (request.method !== 'GET') throw notAllowed(request.method, 'GET');
          allow('ListWebhookDeadLetters');
          return jsonResponse(200, { deadLetters: await admin.deadLetters(accountId, id) });
        }
        if (child === 'dead-letters' && eventId !== undefined && action === 'redeliver' && segments.length === 4) {
          if (request.method !== 'POST') throw notAllowed(request.method, 'POST');
          allow('RedeliverWebhookDeadLetter');
          return jsonResponse(200, await admin.redeliver(accountId, id, eventId));
        }
        throw new ServiceError('UnknownOperationException', `No dialtone endpoint at ${PREFIX}/${segments.map((s) => s.slice(0, 64)).join('/')}`, 404);
      },
    },
  };
}

async function one(admin: WebhookAdmin, caller: Caller, request: AdminRequest, id: string) {
  const accountId = caller.credential.accountId;
  if (request.method === 'GET') {
    authorize(caller, 'dialtone:GetWebhookSubscription');
    return jsonResponse(200, { subscription: await admin.get(accountId, id) });
  }
  if (request.method === 'PATCH') {
    authorize(caller, 'dialtone:UpdateWebhookSubscription');
    return jsonResponse(200, await admin.update(accountId, id, readBody(request, UPDATE_MEMBERS)));
  }
  if (request.method === 'DELETE') {
    authorize(caller, 'dialtone:DeleteWebhookSubscription');
    await admin.delete(accountId, id);
    return { status: 204, headers: {}, body: '' };
  }
  throw notAllowed(request.method, 'GET, PATCH or DELETE');
}

/** The decoded segments after `/_dialtone/webhooks`. */
function segmentsOf(path: string): string[] {
  const rest = path.slice(PREFIX.length);
  if (rest !== '' && !rest.startsWith('/')) throw new ServiceError('UnknownOperationException', `No dialtone endpoint at ${path.slice(0, 200)}`, 404);
  const raw = rest.split('/').slice(1);
  if (raw.at(-1) === '') raw.pop();
  return raw.map((segment) => {
    try {
      const decoded = decodeURIComponent(segment);
      if (decoded === '' || decoded.length > 128) throw new Error('bad');
      return decoded;
    } catch {
      throw badRequest('A path segment is empty, too long or badly percent-encoded');
    }
  });
}

function notAllowed(method: string, allowed: string): ServiceError {
  return new ServiceError('MethodNotAllowedException', `${method} is not allowed here; use ${allowed}`, 405);
}

/** The body as a JSON object naming only `members`. */
function readBody({ body }: AdminRequest, members: ReadonlySet<string>): Record<string, unknown> {
  if (body.length === 0) return {};
  if (nestsDeeperThan(body, MAX_DEPTH)) throw badRequest(`The body nests deeper than ${MAX_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The body must be a JSON object such as {"url": "http://127.0.0.1:9000/hooks", "types": ["Phone Number Order Settled"]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('The body must be a JSON object');
  for (const name of Object.keys(parsed)) {
    if (!members.has(name)) throw badRequest(`Unknown member ${JSON.stringify(name.slice(0, 64))}; the body may name ${[...members].join(', ')}`);
  }
  return parsed as Record<string, unknown>;
}

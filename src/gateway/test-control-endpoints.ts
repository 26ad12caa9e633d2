/**
 * The test-mode controls of state (`testing.stateControl`): `POST /_dialtone/reset` wipes one account's resources or
 * everyone's, `GET/PUT/DELETE /_dialtone/carrier` read, set and drop the simulated carrier's rules at run time. Like
 * `GET/PUT/DELETE /_dialtone/speakers` name who speaks on the legs of a call (for speaker searches). Like
 * the test clock they are unauthenticated and exist only when enabled (otherwise 404); the composition root hands
 * over what they do, this file reads and checks their requests.
 */
import { badRequest } from '../protocol/errors.ts';
import { jsonResponse, type AdminEndpoints, type AdminRequest } from './admin.ts';
import { nestsDeeperThan } from './json-depth.ts';

/** The simulated carrier's rules as tests change them; `set` checks its input as the configuration file is checked. */
export interface CarrierControl {
  read(): Promise<unknown>;
  /** @throws ServiceError (400) naming what is wrong */
  set(input: Record<string, unknown>): Promise<unknown>;
  /** Back to the configuration's rules. */
  restore(): Promise<unknown>;
}

/** The speakers of calls as tests name them; `set` checks its input. */
export interface SpeakerControl {
  read(transactionId: string): Promise<unknown>;
  /** @throws ServiceError (400) naming what is wrong */
  set(input: Record<string, unknown>): Promise<unknown>;
  remove(transactionId: string): Promise<boolean>;
}

export interface TestControls {
  /** Wipes the resources of `accountId`, or of every account; answers what was removed. */
  reset?(accountId: string | undefined): Promise<unknown>;
  carrier?: CarrierControl;
  speakers?: SpeakerControl;
}

/** Deepest JSON a control's body may nest (its bodies are flat objects of lists). */
const MAX_DEPTH = 4;

export function testControlEndpoints({ reset, carrier, speakers }: TestControls): AdminEndpoints {
  const endpoints: AdminEndpoints = {};
  if (reset) {
    endpoints.reset = {
      methods: ['POST'],
      handle: async (request) => jsonResponse(200, await reset(readAccountId(request))),
    };
  }
  if (carrier) {
    endpoints.carrier = {
      methods: ['GET', 'PUT', 'DELETE'],
      async handle(request) {
        if (request.method === 'PUT') return jsonResponse(200, await carrier.set(readObject(request.body, 'such as {"latencyMs": 0, "failNumbers": ["+12065550199"]}')));
        if (request.method === 'DELETE') return jsonResponse(200, await carrier.restore());
        return jsonResponse(200, await carrier.read());
      },
    };
  }
  if (speakers) {
    endpoints.speakers = {
      methods: ['GET', 'PUT', 'DELETE'],
      async handle(request) {
        if (request.method === 'PUT') return jsonResponse(200, await speakers.set(readObject(request.body, 'such as {"transactionId": "…", "caller": "alice", "callee": "bob"}')));
        const transactionId = readTransactionId(request);
        if (request.method === 'DELETE') return jsonResponse(200, { transactionId, removed: await speakers.remove(transactionId) });
        return jsonResponse(200, await speakers.read(transactionId));
      },
    };
  }
  return endpoints;
}

/** `?transactionId=`, given once. */
function readTransactionId({ query }: AdminRequest): string {
  const values = onlyParameter(query, 'transactionId');
  if (values === undefined || values.length !== 1) throw badRequest('Give transactionId once, as ?transactionId=…');
  return values[0]!;
}

/** The values of the query's one parameter a control takes, `name`; any other parameter is refused. */
function onlyParameter(query: AdminRequest['query'], name: string): string[] | undefined {
  for (const key of query.keys()) {
    if (key !== name) throw badRequest(`Unknown query parameter ${JSON.stringify(key.slice(0, 64))}; the only one is ${name}`);
  }
  return query.get(name);
}

/** `?accountId=` or `{"accountId": "…"}` (not both, unless alike); neither resets every account. */
function readAccountId({ query, body }: AdminRequest): string | undefined {
  const fromQuery = onlyParameter(query, 'accountId');
  if (fromQuery !== undefined && fromQuery.length !== 1) throw badRequest('Give accountId once');
  const object = body.length === 0 ? {} : readObject(body, 'such as {"accountId": "111111111111"}, or none to reset every account');
  for (const name of Object.keys(object)) {
    if (name !== 'accountId') throw badRequest(`Unknown member ${JSON.stringify(name.slice(0, 64))}; the body may only name accountId`);
  }
  const fromBody = object.accountId;
  if (fromBody !== undefined && typeof fromBody !== 'string') throw badRequest('accountId must be a string of 12 digits');
  if (fromQuery !== undefined && fromBody !== undefined && fromQuery[0] !== fromBody) {
    throw badRequest('The query and the body name different accounts');
  }
  const accountId = fromQuery?.[0] ?? fromBody;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw badRequest(`accountId must be 12 digits, not ${JSON.stringify(accountId.slice(0, 64))}`);
  return accountId;
}

/** The body as a JSON object. */
function readObject(body: Buffer, example: string): Record<string, unknown> {
  if (nestsDeeperThan(body, MAX_DEPTH)) throw badRequest(`The body nests deeper than ${MAX_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest(`The body must be a JSON object ${example}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(`The body must be a JSON object ${example}`);
  return parsed as Record<string, unknown>;
}

/**
 * The gateway pipeline on a real `node:http` server (127.0.0.1, port 0) with the real model, router and serializer,
 * and small handlers written here: request ids on every answer, the order of the steps, errors in the model's shape,
 * and an answer to every request whatever a handler throws. The answers are written as the server writes them,
 * together once per turn of the event loop (answer-batch.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Throttle } from '../../../src/auth/throttle.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { answerBatch } from '../../../src/gateway/answer-batch.ts';
import { apiSelector } from '../../../src/gateway/api-selector.ts';
import type { Caller } from '../../../src/gateway/authenticate.ts';
import { createGateway, type RequestRecord } from '../../../src/gateway/gateway.ts';
import type { ChimeHandlers, RequestContext } from '../../../src/operations/index.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { createRouter } from '../../../src/protocol/router.ts';
import { compileService } from '../../../src/protocol/service.ts';
import { isTransientStorageError } from '../../../src/storage/transient-error.ts';
import { rawExchange } from '../../support/raw-socket.ts';

const chime = compileService(JSON.parse(readFileSync(new URL('../../../spec/chime-2018-05-01.json', import.meta.url), 'utf8')) as ServiceModel);
const legacy = { name: 'chime' as const, service: chime, router: createRouter([chime]) };
const MAX_BODY = 1024;
const ORDER_ID = '6f1c2c0e-7a51-4b7e-9b55-0c1d2e3f4a5b';

/** What the handlers and the authenticator saw, reset before each test. */
let calls: { authenticated: number; handled: { operation: string; input: unknown; context: RequestContext }[] };
let records: RequestRecord[];
let nextFailure: unknown;
let requestCounter = 0;

const caller = (throttle?: { reading: { ratePerSecond: number; burst: number }; mutating: { ratePerSecond: number; burst: number } }): Caller => ({
  credential: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x', accountId: '123456789012', ...(throttle ? { account: { enabled: true, throttle } } : {}) },
  region: 'us-east-1',
});

const handlers: ChimeHandlers = {
  GetPhoneNumberOrder: async (input, context) => {
    calls.handled.push({ operation: 'GetPhoneNumberOrder', input, context });
    if (input.PhoneNumberOrderId !== ORDER_ID) throw new DomainError('not-found', `No phone number order with id ${input.PhoneNumberOrderId}`);
    return { PhoneNumberOrder: { PhoneNumberOrderId: ORDER_ID, Status: 'Processing', CreatedTimestamp: new Date('2026-01-02T03:04:05Z') } };
  },
  CreatePhoneNumberOrder: async (input, context) => {
    calls.handled.push({ operation: 'CreatePhoneNumberOrder', input, context });
    throw nextFailure;
  },
};

let server: Server;
let base: string;

before(async () => {
  const gateway = createGateway({
    apis: apiSelector({ chime: legacy, 'chime-sdk-voice': legacy, both: legacy }),
    handlers,
    authenticate: async (req) => {
      calls.authenticated++;
      const who = req.headers['x-test-caller'];
      if (who === 'nobody') throw new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid', 401);
      const found = who === 'throttled' ? caller({ reading: { ratePerSecond: 0.01, burst: 1 }, mutating: { ratePerSecond: 0.01, burst: 1 } }) : caller();
      return async () => found;
    },
    throttle: new Throttle({ now: () => 0 }),
    admin: {},
    newRequestId: () => `req-${++requestCounter}`,
    maxBodyBytes: MAX_BODY,
    isTransient: isTransientStorageError,
    onResponse: (record) => records.push(record),
    answers: answerBatch(),
  });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  calls = { authenticated: 0, handled: [] };
  records = [];
  nextFailure = new Error('unset');
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

async function call(method: string, path: string, options: { body?: string; caller?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.caller) headers['x-test-caller'] = options.caller;
  const res = await fetch(base + path, { method, headers, body: options.body, signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** The last request id handed out, which the answer must carry. */
const lastRequestId = (): string => `req-${requestCounter}`;

function assertModelledError(answer: Answer, status: number, type: string, code: string): void {
  assert.equal(answer.status, status);
  assert.equal(answer.headers.get('x-amzn-errortype'), type);
  assert.equal(answer.headers.get('content-type'), 'application/json');
  assert.equal(answer.body?.Code, code);
  assert.equal(typeof answer.body?.Message, 'string');
  assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ['Code', 'Message']);
}

const ORDER = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] });

describe('gateway pipeline', () => {
  test('a routed request reaches its handler with typed input and the caller, and answers with the request id', async () => {
    const answer = await call('GET', `/phone-number-orders/${ORDER_ID}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-amzn-requestid'), lastRequestId());
    assert.deepEqual(answer.body, {
      PhoneNumberOrder: { PhoneNumberOrderId: ORDER_ID, Status: 'Processing', CreatedTimestamp: '2026-01-02T03:04:05.000Z' },
    });
    assert.equal(calls.handled.length, 1);
    const { input, context } = calls.handled[0]!;
    assert.deepEqual(input, { PhoneNumberOrderId: ORDER_ID });
    assert.equal(context.accountId, '123456789012');
    assert.equal(context.requestId, lastRequestId());
    assert.equal(context.region, 'us-east-1');
    assert.equal(records.at(-1)?.operation, 'GetPhoneNumberOrder');
    assert.equal(records.at(-1)?.status, 200);
  });

  test('an answer with text beyond ASCII declares its length in bytes, and arrives whole', async () => {
    nextFailure = new DomainError('conflict', 'Numéro déjà commandé ☎ +12065550100');
    const res = await fetch(`${base}/phone-number-orders`, { method: 'POST', body: ORDER, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000) });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 409);
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    const body = JSON.parse(bytes.toString('utf8')) as { Message: string };
    assert.match(body.Message, /Numéro déjà commandé ☎/);
    assert.ok(bytes.length > bytes.toString('utf8').length, 'the body holds multi-byte characters');
  });

  test('an answer to HTTP/1.0 and to HEAD declares its length in bytes as well', async () => {
    nextFailure = new DomainError('conflict', 'Numéro déjà commandé ☎ +12065550100');
    const request = (version: string) =>
      `POST /phone-number-orders HTTP/${version}\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${ORDER.length}\r\nconnection: close\r\n\r\n${ORDER}`;
    for (const version of ['1.0', '1.1']) {
      const answer = await rawExchange(base, [request(version)], { timeoutMs: 5_000 });
      assert.equal(answer.status, 409, version);
      assert.equal(Number(answer.headers['content-length']), Buffer.byteLength(answer.body), version);
      assert.match((JSON.parse(answer.body) as { Message: string }).Message, /Numéro déjà commandé ☎/, version);
    }
    const head = await rawExchange(base, [`HEAD /phone-number-orders/${ORDER_ID} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`], { timeoutMs: 5_000 });
    assert.ok(Number(head.headers['content-length']) > 0, JSON.stringify(head));
  });

  test('every answer carries a fresh request id, errors included', async () => {
    const seen = new Set<string>();
    for (const path of [`/phone-number-orders/${ORDER_ID}`, '/no-such-path', '/phone-number-orders/not-a-guid']) {
      const answer = await call('GET', path);
      const id = answer.headers.get('x-amzn-requestid');
      assert.equal(id, lastRequestId(), path);
      seen.add(id!);
    }
    assert.equal(seen.size, 3);
  });

  test('a domain refusal is serialized as the modelled error', async () => {
    const answer = await call('GET', '/phone-number-orders/00000000-0000-4000-8000-000000000000');
    assertModelledError(answer, 404, 'NotFoundException', 'NotFound');
    assert.match(String(answer.body?.Message), /No phone number order with id 00000000-/);
  });

  test('a model validation failure is a 400 BadRequestException before any handler runs', async () => {
    const answer = await call('GET', '/phone-number-orders/not-a-guid');
    assertModelledError(answer, 400, 'BadRequestException', 'BadRequest');
    assert.match(String(answer.body?.Message), /PhoneNumberOrderId/);
    assert.equal(calls.handled.length, 0);
  });

  test('an unknown path answers 404 UnknownOperationException, after authentication', async () => {
    const answer = await call('GET', '/no-such-path');
    assert.equal(answer.status, 404);
    assert.equal(answer.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.match(String(answer.body?.Message), /GET \/no-such-path/);
    assert.equal(calls.authenticated, 1);
  });

  test('authentication comes before routing: an unsigned request to an unknown path is refused as unauthenticated', async () => {
    const answer = await call('GET', '/no-such-path', { caller: 'nobody' });
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get('x-amzn-errortype'), 'UnrecognizedClientException');
    assert.equal(answer.headers.get('x-amzn-requestid'), lastRequestId());
  });

  test('a model operation without a handler answers BadRequest naming it', async () => {
    const answer = await call('GET', '/phone-numbers');
    assertModelledError(answer, 400, 'BadRequestException', 'BadRequest');
    assert.match(String(answer.body?.Message), /does not implement ListPhoneNumbers/);
  });

  test('a throttled account gets 429 ThrottledClientException with Retry-After, and its handler is not run', async () => {
    const first = await call('GET', `/phone-number-orders/${ORDER_ID}`, { caller: 'throttled' });
    assert.equal(first.status, 200);
    const second = await call('GET', `/phone-number-orders/${ORDER_ID}`, { caller: 'throttled' });
    assertModelledError(second, 429, 'ThrottledClientException', 'Throttled');
    assert.ok(Number(second.headers.get('retry-after')) >= 1);
    assert.equal(calls.handled.length, 1);
  });

  test('a body over the limit answers 413 and closes the connection, before authentication', async () => {
    const answer = await call('POST', '/phone-number-orders', { body: JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'], Pad: 'x'.repeat(MAX_BODY) }) });
    assert.equal(answer.status, 413);
    assert.equal(answer.headers.get('x-amzn-errortype'), 'RequestEntityTooLargeException');
    assert.equal(answer.headers.get('connection'), 'close');
    assert.equal(answer.headers.get('x-amzn-requestid'), lastRequestId());
    assert.equal(calls.authenticated, 0);
    assert.equal(calls.handled.length, 0);
  });

  test('a body at the limit is read and handled', async () => {
    nextFailure = new DomainError('invalid', 'refused on purpose');
    const body = ORDER.slice(0, -1) + `,"Pad":"${'x'.repeat(MAX_BODY - ORDER.length - 9)}"}`;
    assert.equal(Buffer.byteLength(body), MAX_BODY);
    const answer = await call('POST', '/phone-number-orders', { body });
    assertModelledError(answer, 400, 'BadRequestException', 'BadRequest');
    assert.equal(calls.handled.length, 1);
  });
});

describe('unexpected errors are answered', () => {
  test('a plain Error thrown after the body was read is a 500 ServiceFailureException without internals, logged with the request id', async () => {
    nextFailure = new RangeError('Invalid time value at secretFunction (/srv/dialtone/src/x.ts:1:1)');
    const answer = await call('POST', '/phone-number-orders', { body: ORDER });
    assertModelledError(answer, 500, 'ServiceFailureException', 'ServiceFailure');
    assert.equal(calls.handled.length, 1, 'the handler ran: the body had been read');
    assert.doesNotMatch(JSON.stringify(answer.body), /secretFunction|RangeError|x\.ts|at /);
    const record = records.at(-1)!;
    assert.equal(record.requestId, answer.headers.get('x-amzn-requestid'));
    assert.equal(record.status, 500);
    assert.equal(record.operation, 'CreatePhoneNumberOrder');
    assert.equal(record.internalError, nextFailure);
  });

  test('a thrown non-Error value is a 500 too', async () => {
    nextFailure = 'a string';
    const answer = await call('POST', '/phone-number-orders', { body: ORDER });
    assertModelledError(answer, 500, 'ServiceFailureException', 'ServiceFailure');
  });

  test('a busy database (SQLITE_BUSY) is a 503 ServiceUnavailableException with Retry-After', async () => {
    nextFailure = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const answer = await call('POST', '/phone-number-orders', { body: ORDER });
    assertModelledError(answer, 503, 'ServiceUnavailableException', 'ServiceUnavailable');
    assert.equal(answer.headers.get('retry-after'), '1');
    assert.doesNotMatch(String(answer.body?.Message), /locked|SQLITE/);
    assert.equal(records.at(-1)?.internalError, nextFailure);
  });

  test('a lost PostgreSQL connection, wrapped as a cause, is a 503 as well', async () => {
    nextFailure = new Error('query failed', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) });
    const answer = await call('POST', '/phone-number-orders', { body: ORDER });
    assertModelledError(answer, 503, 'ServiceUnavailableException', 'ServiceUnavailable');
  });

  test('an error with an unrelated code stays a 500', async () => {
    nextFailure = Object.assign(new Error('constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const answer = await call('POST', '/phone-number-orders', { body: ORDER });
    assertModelledError(answer, 500, 'ServiceFailureException', 'ServiceFailure');
  });
});

/**
 * Requests in flight: one account cannot hold more than its share of concurrent requests (429), and the server sheds
 * what it cannot take (503) instead of queueing it. A real node:http server on 127.0.0.1 with the real gateway and model;
 * the handler waits until the test lets it go.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { apiSelector } from '../../../src/gateway/api-selector.ts';
import type { Caller } from '../../../src/gateway/authenticate.ts';
import { createGateway } from '../../../src/gateway/gateway.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { createRouter } from '../../../src/protocol/router.ts';
import { compileService } from '../../../src/protocol/service.ts';

const chime = compileService(JSON.parse(readFileSync(new URL('../../../spec/chime-2018-05-01.json', import.meta.url), 'utf8')) as ServiceModel);
const legacy = { name: 'chime' as const, service: chime, router: createRouter([chime]) };
const ORDER_ID = '6f1c2c0e-7a51-4b7e-9b55-0c1d2e3f4a5b';

let releaseAll: () => void = () => undefined;
let gate = new Promise<void>((resolve) => (releaseAll = resolve));
let entered = 0;

async function serve(limits: { maxInFlight?: number; maxInFlightPerAccount?: number }): Promise<{ server: Server; base: string }> {
  const gateway = createGateway({
    apis: apiSelector({ chime: legacy, 'chime-sdk-voice': legacy, both: legacy }),
    handlers: {
      GetPhoneNumberOrder: async () => {
        entered++;
        await gate;
        return { PhoneNumberOrder: { PhoneNumberOrderId: ORDER_ID, Status: 'Processing' } };
      },
    },
    authenticate: async (req) => {
      const account = String(req.headers['x-account'] ?? '111111111111');
      const caller: Caller = { credential: { accessKeyId: `AKID${account}`, secretAccessKey: 'x', accountId: account }, region: 'us-east-1' };
      return async () => caller;
    },
    admin: {},
    newRequestId: () => 'req',
    maxBodyBytes: 1024,
    ...limits,
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const get = (base: string, account: string): Promise<Response> =>
  fetch(`${base}/phone-number-orders/${ORDER_ID}`, { headers: { 'x-account': account }, signal: AbortSignal.timeout(10_000) });

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'timed out waiting');
}

function reset(): void {
  entered = 0;
  gate = new Promise<void>((resolve) => (releaseAll = resolve));
}

describe('requests in flight', () => {
  let perAccount: { server: Server; base: string };
  let total: { server: Server; base: string };
  before(async () => {
    perAccount = await serve({ maxInFlightPerAccount: 2 });
    total = await serve({ maxInFlight: 2 });
  });
  after(async () => {
    releaseAll();
    await Promise.all([perAccount, total].map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  test('an account with maxInFlightPerAccount requests waiting gets 429; another account does not; a slot comes back', async () => {
    reset();
    const held = [get(perAccount.base, '111111111111'), get(perAccount.base, '111111111111')];
    await until(() => entered === 2);
    const third = await get(perAccount.base, '111111111111');
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('x-amzn-errortype'), 'ThrottledClientException');
    assert.equal(third.headers.get('retry-after'), '1');
    assert.match(await third.text(), /already has 2 requests in flight/);
    const other = get(perAccount.base, '222222222222');
    await until(() => entered === 3);
    releaseAll();
    for (const answer of await Promise.all([...held, other])) assert.equal(answer.status, 200);
    reset();
    releaseAll();
    assert.equal((await get(perAccount.base, '111111111111')).status, 200, 'the slots were given back');
  });

  test('beyond maxInFlight the server answers 503 at once, whatever the account', async () => {
    reset();
    const held = [get(total.base, '111111111111'), get(total.base, '222222222222')];
    await until(() => entered === 2);
    const shed = await get(total.base, '333333333333');
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get('x-amzn-errortype'), 'ServiceUnavailableException');
    assert.equal(shed.headers.get('retry-after'), '1');
    releaseAll();
    for (const answer of await Promise.all(held)) assert.equal(answer.status, 200);
    reset();
    releaseAll();
    assert.equal((await get(total.base, '333333333333')).status, 200);
  });
});

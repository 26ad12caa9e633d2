/**
 * Shedding for event-loop lag: the real gateway on a real node:http server on 127.0.0.1, with a lag source the test
 * sets, answers 503 with Retry-After before authenticating or reading the body while the lag is over the bound, and
 * still answers health, readiness and metrics; and the lag meter tells a loop late on every turn from a single hiccup.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { adminEndpoints } from '../../../src/gateway/admin-endpoints.ts';
import { apiSelector } from '../../../src/gateway/api-selector.ts';
import type { Caller } from '../../../src/gateway/authenticate.ts';
import { createGateway } from '../../../src/gateway/gateway.ts';
import { EventLoopLag } from '../../../src/observability/event-loop-lag.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { createRouter } from '../../../src/protocol/router.ts';
import { compileService } from '../../../src/protocol/service.ts';

const chime = compileService(JSON.parse(readFileSync(new URL('../../../spec/chime-2018-05-01.json', import.meta.url), 'utf8')) as ServiceModel);
const legacy = { name: 'chime' as const, service: chime, router: createRouter([chime]) };
const ORDER_ID = '6f1c2c0e-7a51-4b7e-9b55-0c1d2e3f4a5b';

describe('shedding for event-loop lag', () => {
  let lagMs = 0;
  let authenticated = 0;
  let server: Server;
  let base: string;

  before(async () => {
    const gateway = createGateway({
      apis: apiSelector({ chime: legacy, 'chime-sdk-voice': legacy, both: legacy }),
      handlers: { GetPhoneNumberOrder: async () => ({ PhoneNumberOrder: { PhoneNumberOrderId: ORDER_ID, Status: 'Processing' } }) },
      authenticate: async () => {
        authenticated++;
        const caller: Caller = { credential: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x', accountId: '111111111111' }, region: 'us-east-1' };
        return async () => caller;
      },
      admin: adminEndpoints({ ping: async () => undefined, workerRunning: () => true, metrics: new Registry() }),
      newRequestId: () => 'req',
      maxBodyBytes: 1024,
      eventLoopLag: { currentMs: () => lagMs },
      maxEventLoopLagMs: 200,
    });
    server = createServer(gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string): Promise<Response> => fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });

  test('over the bound: 503 ServiceUnavailableException with Retry-After, before authentication', async () => {
    lagMs = 450;
    authenticated = 0;
    const res = await get(`/phone-number-orders/${ORDER_ID}`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(res.headers.get('x-amzn-errortype')?.split(':')[0], 'ServiceUnavailableException');
    assert.match(((await res.json()) as { Message: string }).Message, /event loop runs 450 ms late, over 200 ms/);
    assert.equal(authenticated, 0, 'shed before authentication');
  });

  test('over the bound: the body is never waited for (a declared body that never comes still gets its 503)', async () => {
    lagMs = 1_000;
    const { port } = new URL(base);
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) resolve(text);
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer within 5 s')), 5_000).unref();
      socket.write(`POST /phone-number-orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`);
    });
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 503 /);
    assert.match(answer, /\r\nretry-after: 1\r\n/i);
    assert.match(answer, /\r\nconnection: close\r\n/i);
  });

  test('over the bound, health, readiness and metrics still answer', async () => {
    lagMs = 5_000;
    assert.equal((await get('/_dialtone/health')).status, 200);
    assert.equal((await get('/_dialtone/ready')).status, 200);
    assert.equal((await get('/_dialtone/metrics')).status, 200);
  });

  test('at or under the bound: answered as usual', async () => {
    for (const lag of [0, 200]) {
      lagMs = lag;
      const res = await get(`/phone-number-orders/${ORDER_ID}`);
      assert.equal(res.status, 200, `lag ${lag} ms`);
    }
  });
});

describe('the event-loop lag meter', () => {
  test('counts lateness sustained over its last ticks: one late tick is a hiccup, three are load', () => {
    let now = 0;
    const lag = new EventLoopLag({ intervalMs: 50, ticks: 3, now: () => now });
    const tickAt = (at: number): void => {
      now = at;
      lag.tick();
    };
    lag.start();
    try {
      // Starts at 0: due at 50, 100 … fired on time.
      tickAt(50);
      tickAt(100);
      assert.equal(lag.currentMs(), 0, 'fewer ticks than the window');
      tickAt(150);
      assert.equal(lag.currentMs(), 0);
      tickAt(1_200); // one tick 1,000 ms late: a single long task
      assert.equal(lag.currentMs(), 0, 'a hiccup is not load');
      tickAt(1_250);
      tickAt(1_300);
      tickAt(1_650); // the loop now late on every turn: 300, 250, 400 ms
      tickAt(1_950);
      tickAt(2_400);
      assert.equal(lag.currentMs(), 250);
      tickAt(2_450); // on time again
      assert.equal(lag.currentMs(), 0);
    } finally {
      lag.stop();
    }
    assert.equal(lag.currentMs(), 0, 'a stopped meter reads 0');
  });

  test('with the real timer: a loop blocked on every turn reads about the block, an idle one near 0', async () => {
    const lag = new EventLoopLag({ intervalMs: 20 });
    lag.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.ok(lag.currentMs() < 200, `idle loop read ${lag.currentMs()} ms`);
      for (let turn = 0; turn < 4; turn++) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // the loop blocked for 300 ms
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      assert.ok(lag.currentMs() >= 250, `read ${lag.currentMs()} ms while every turn blocks for 300 ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(lag.currentMs() < 200, `still ${lag.currentMs()} ms once the loop runs freely again`);
    } finally {
      lag.stop();
    }
  });
});

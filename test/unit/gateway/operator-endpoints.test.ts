/** Who may read /_dialtone/metrics and /_dialtone/status, and how often a scrape reaches the database. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminEndpoints } from '../../../src/gateway/admin-endpoints.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import { Metrics } from '../../../src/observability/metrics.ts';

function endpointsWith(metricsToken?: string) {
  const metrics = new Metrics({ ordersByStatus: async () => ({}), pendingJobs: async () => 0 });
  return adminEndpoints({ ping: async () => undefined, workerRunning: () => true, metrics: metrics.registry, ...(metricsToken && { metricsToken }) });
}

async function status(endpoints: ReturnType<typeof adminEndpoints>, request: { remoteAddress?: string; authorization?: string }): Promise<number> {
  try {
    return (await endpoints.metrics!.handle({ method: 'GET', body: Buffer.alloc(0), query: new Map(), ...request })).status;
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.type, 'ForbiddenException');
    return error.status ?? 0;
  }
}

describe('operator endpoints: metrics', () => {
  test('without a token, loopback clients only (IPv4, IPv6, IPv4-mapped)', async () => {
    const endpoints = endpointsWith();
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(await status(endpoints, { remoteAddress: address }), 200, address);
    for (const address of ['10.0.0.5', '::ffff:10.0.0.5', '192.168.1.2', 'fe80::1', '::', undefined]) {
      assert.equal(await status(endpoints, { remoteAddress: address }), 403, String(address));
    }
  });

  test('with a token, the bearer token from any address, and nothing else (loopback included)', async () => {
    const token = 'a-metrics-token-of-32-characters';
    const endpoints = endpointsWith(token);
    assert.equal(await status(endpoints, { remoteAddress: '10.0.0.5', authorization: `Bearer ${token}` }), 200);
    assert.equal(await status(endpoints, { remoteAddress: '127.0.0.1', authorization: `Bearer ${token}` }), 200);
    for (const authorization of [undefined, '', 'Bearer ', `Bearer ${token}x`, `Bearer ${token.slice(1)}`, `bearer ${token}`, token]) {
      assert.equal(await status(endpoints, { remoteAddress: '127.0.0.1', authorization }), 403, String(authorization));
    }
  });

  test('health and readiness stay open to everyone', async () => {
    const endpoints = endpointsWith('a-metrics-token-of-32-characters');
    assert.equal((await endpoints.health!.handle({ method: 'GET', body: Buffer.alloc(0), query: new Map(), remoteAddress: '10.0.0.5' })).status, 200);
    assert.equal((await endpoints.ready!.handle({ method: 'GET', body: Buffer.alloc(0), query: new Map(), remoteAddress: '10.0.0.5' })).status, 200);
  });

  test('the database gauges are counted at most once per refreshMs, concurrent scrapes sharing one count', async () => {
    let now = 0;
    let counts = 0;
    const metrics = new Metrics({
      ordersByStatus: async () => {
        counts++;
        return { Successful: counts };
      },
      pendingJobs: async () => 0,
      refreshMs: 5_000,
      now: () => now,
    });
    const scrape = async (): Promise<string> => metrics.registry.metrics();
    const five = await Promise.all([scrape(), scrape(), scrape(), scrape(), scrape()]);
    assert.equal(counts, 1, 'five concurrent scrapes, one count');
    assert.ok(five.every((text) => text.includes('dialtone_orders{status="Successful"} 1')));
    now = 4_999;
    assert.match(await scrape(), /dialtone_orders\{status="Successful"\} 1/);
    assert.equal(counts, 1);
    now = 5_000;
    assert.match(await scrape(), /dialtone_orders\{status="Successful"\} 2/);
    assert.equal(counts, 2);
  });
});

describe('operator endpoints: status', () => {
  test('answers loopback clients (or the metrics token) only, as metrics', async () => {
    const metrics = new Metrics({ ordersByStatus: async () => ({}), pendingJobs: async () => 0 });
    const report = { status: 'ok', version: '0.1.0' };
    const open = adminEndpoints({ ping: async () => undefined, workerRunning: () => true, metrics: metrics.registry, status: async () => report });
    const request = (remoteAddress: string, authorization?: string) => ({ method: 'GET', body: Buffer.alloc(0), query: new Map(), remoteAddress, ...(authorization && { authorization }) });
    const answer = await open.status!.handle(request('127.0.0.1'));
    assert.equal(answer.status, 200);
    assert.ok('body' in answer, 'a whole answer');
    assert.deepEqual(JSON.parse(String(answer.body)), report);
    await assert.rejects(open.status!.handle(request('10.0.0.5')), (error) => error instanceof ServiceError && error.status === 403);
    const token = 'a-metrics-token-of-32-characters';
    const guarded = adminEndpoints({ ping: async () => undefined, workerRunning: () => true, metrics: metrics.registry, metricsToken: token, status: async () => report });
    assert.equal((await guarded.status!.handle(request('10.0.0.5', `Bearer ${token}`))).status, 200);
    await assert.rejects(guarded.status!.handle(request('127.0.0.1')), (error) => error instanceof ServiceError && error.status === 403);
  });
});

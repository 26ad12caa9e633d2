/**
 * Two tenants, one hammering 500-result searches: throttling charges by what a request asks for, so the hammering
 * account reaches its limit five times sooner with them than with small requests, and the other account is never
 * refused. Real server, real SigV4, 127.0.0.1, bounded (a fixed number of requests). How much the quiet tenant's
 * latency moves is measured by `bench/fairness.ts`, not here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';

const SEARCH_500 = '/search?type=phone-numbers&area-code=206&max-results=500';

describe('cost-fair throttling between two tenants', () => {
  let server: TestServer;
  before(async () => {
    // A slow refill, so that the test sees buckets as they were spent, however loaded the machine is.
    server = await startTestServer({ config: { throttling: { reading: { ratePerSecond: 0.01, burst: 20 } } } });
  });
  after(() => server.close());

  it('charges a 500-result search 5 tokens, a default list 2 and a get 1; the other tenant is untouched', async () => {
    const alice = { sign: ALICE };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await sendRaw(server.url, { method: 'GET', target: SEARCH_500, ...alice })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429], 'burst 20 buys four searches of 500');
    const refused = await sendRaw(server.url, { method: 'GET', target: SEARCH_500, ...alice });
    assert.equal(refused.headers['x-amzn-errortype'], 'ThrottledClientException');
    assert.match(refused.body, /this request costs 5 tokens/);

    const bob = { sign: BOB };
    const lists: number[] = [];
    for (let i = 0; i < 11; i++) lists.push((await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', ...bob })).status);
    assert.deepEqual(lists, [...Array(10).fill(200), 429], 'a default page (99/100) costs 2: ten of them in a burst of 20');

    const limits = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: { accessKeyId: 'test', secretAccessKey: 'test' } });
    assert.equal(limits.status, 200, 'a third account still has its whole bucket');
    const small: number[] = [];
    for (let i = 0; i < 5; i++) small.push((await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders?max-results=1' })).status);
    assert.deepEqual(small, [200, 200, 200, 200, 200], 'and small requests cost 1 each');
  });
});

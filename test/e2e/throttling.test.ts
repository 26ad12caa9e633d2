/**
 * Per-account token buckets through the real JS SDK and raw requests: 429 ThrottledClientException with Retry-After,
 * decided before the body is parsed, classes apart, the SDK's own retry honouring Retry-After, and fairness: one
 * account hammering at ten times its rate does not cost another account a single request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChimeClient, CreatePhoneNumberOrderCommand, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { assertError } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { signRequest } from '../support/sign.ts';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
const CAROL = { accountId: '333333333333', accessKeyId: 'AKIDCAROL', secretAccessKey: 'carol-secret' };
const order = (n: number) => JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: [`+1206555${String(n).padStart(4, '0')}`] });

/** A signed GET through a keep-alive agent; resolves with the status (never rejects on HTTP errors). */
function signedGet(url: URL, agent: Agent, creds: { accessKeyId: string; secretAccessKey: string }, target: string): Promise<number> {
  const headers = signRequest({ method: 'GET', target, headers: { host: url.host }, ...creds, region: 'us-east-1', service: 'chime', date: new Date() });
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: target, method: 'GET', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('throttling per account and operation class', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({
      config: {
        ...FROZEN_CARRIER,
        accounts: [
          {
            accountId: ALICE.accountId,
            credentials: [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }],
            // One mutating token per 100 s: the requests below run back to back however slow the machine is.
            limits: { mutating: { ratePerSecond: 0.01, burst: 2 }, reading: { ratePerSecond: 20, burst: 20 } },
          },
          { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
          {
            accountId: CAROL.accountId,
            credentials: [{ accessKeyId: CAROL.accessKeyId, secretAccessKey: CAROL.secretAccessKey }],
            limits: { mutating: { ratePerSecond: 0.2, burst: 2 } },
          },
        ],
      },
    });
  });
  after(() => server.close());

  it('answers 429 ThrottledClientException with Retry-After once the burst is spent, before reading the body', async () => {
    // Warm up (first requests load the phone-number metadata) on Bob's buckets, so Alice's run back to back.
    await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: order(9), sign: BOB });
    for (let i = 0; i < 2; i++) {
      const ok = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: order(i), sign: ALICE });
      assert.equal(ok.status, 201, ok.body);
    }
    const throttled = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: order(3), sign: ALICE });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['x-amzn-errortype'], 'ThrottledClientException');
    // Whole seconds until the next token: 100 s less the time since the burst was spent.
    const retryAfter = Number(throttled.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 50 && retryAfter <= 100, `Retry-After: ${throttled.headers['retry-after']}`);
    assert.deepEqual(Object.keys(throttled.json()).sort(), ['Code', 'Message']);
    assert.equal(throttled.json().Code, 'Throttled');
    assert.match(String(throttled.json().Message), /Rate exceeded: account 111111111111 may make 0.01 mutating requests per second \(burst 2\)/);
    // A body that would fail parsing is not even looked at: the throttle decides first.
    const garbage = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: '{not json', sign: ALICE });
    assert.equal(garbage.status, 429);
    // Reading has its own bucket; Bob has his own buckets.
    const list = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: ALICE });
    assert.equal(list.status, 200);
    const bob = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: order(10), sign: BOB });
    assert.equal(bob.status, 201);
  });

  it('surfaces as ThrottledClientException in the SDK, whose standard retry honours Retry-After and then succeeds', async () => {
    // Carol: burst 2, one token per 5 s.
    const noRetry = chimeClient(server, CAROL);
    await noRetry.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550020'] }));
    await noRetry.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550021'] }));
    const error = await assertError(
      noRetry.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550022'] })),
      'ThrottledClientException', 429, /Rate exceeded/,
    );
    assert.equal(error.$retryable?.throttling ?? true, true);
    noRetry.destroy();
    // Without waiting for Retry-After (5 s), three attempts spaced by the SDK's backoff (about 0.1-0.4 s) would all be
    // throttled: success on a later attempt shows the wait.
    const retrying = new ChimeClient({ endpoint: server.url, region: 'us-east-1', credentials: CAROL, maxAttempts: 3 });
    const created = await retrying.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550023'] }));
    assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
    assert.ok(created.$metadata.attempts! >= 2, `attempts: ${created.$metadata.attempts}`);
    retrying.destroy();
  });

  it('is fair: Alice hammering at 10x her reading rate never costs Bob a request', async () => {
    await sleep(1100); // Alice's reading bucket back to its burst of 20
    const url = new URL(server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const aliceStatuses: number[] = [];
    const bobStatuses: number[] = [];
    let hammering = true;
    const started = Date.now();
    // Alice: 400 requests, 4 every 10 ms (up to 400/s, far above her 20/s), however long that takes.
    const hammer = (async () => {
      const pending: Promise<void>[] = [];
      for (let sent = 0; sent < 400; sent += 4) {
        for (let i = 0; i < 4; i++) pending.push(signedGet(url, agent, ALICE, '/phone-number-orders?max-results=1').then((s) => void aliceStatuses.push(s)));
        await sleep(10);
      }
      await Promise.all(pending);
      hammering = false;
    })();
    // Bob: one request every 50 ms while Alice hammers (at least 20), well within his default 100/s.
    const steady = (async () => {
      while (hammering || bobStatuses.length < 20) {
        bobStatuses.push(await signedGet(url, agent, BOB, '/phone-number-orders?max-results=1'));
        await sleep(50);
      }
    })();
    await Promise.all([hammer, steady]);
    const seconds = (Date.now() - started) / 1000;
    agent.destroy();
    const aliceOk = aliceStatuses.filter((s) => s === 200).length;
    const aliceThrottled = aliceStatuses.filter((s) => s === 429).length;
    assert.equal(aliceStatuses.length, 400);
    assert.equal(aliceOk + aliceThrottled, aliceStatuses.length, `Alice got only 200 or 429: ${[...new Set(aliceStatuses)]}`);
    // At most her burst of 20 plus 20/s over the time she hammered (the bound grows if the machine is slow).
    assert.ok(aliceOk <= 20 + 20 * (seconds + 0.5), `Alice got ${aliceOk} through in ${seconds} s`);
    assert.ok(aliceThrottled > 0, 'Alice was throttled');
    assert.deepEqual([...new Set(bobStatuses)], [200], 'every request of Bob succeeded');
  });
});

describe('throttling switched off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false } } });
  });
  after(() => server.close());

  it('answers no 429 however fast a client goes', async () => {
    const client = chimeClient(server);
    const results = await Promise.all(Array.from({ length: 300 }, () => client.send(new ListPhoneNumberOrdersCommand({ MaxResults: 1 }))));
    assert.equal(results.length, 300);
    const limits = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits' });
    assert.equal((limits.json().limits as { throttling: unknown }).throttling, null);
    client.destroy();
  });
});

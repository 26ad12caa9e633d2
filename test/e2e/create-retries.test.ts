/**
 * Retry-safe creates end to end, with the real clients' own retries: a TCP proxy in front of the server forwards
 * everything but cuts the connection instead of forwarding the answer to the first CreatePhoneNumberOrder (the order is
 * committed; the client never hears of it), and the client retries with the same amz-sdk-invocation-id. Exactly one
 * order exists afterwards and the client got it. With the window set to 0 the same scenario creates two orders (the
 * cut is real). A reused id with another request answers 400 naming the header; an unusable id is ignored.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChimeClient, CreatePhoneNumberOrderCommand, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { cuttingProxy, type CuttingProxy, type ProxiedRequest } from '../support/cutting-proxy.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string };

const isCreate = (request: ProxiedRequest): boolean => request.method === 'POST' && request.path.split('?')[0] === '/phone-number-orders';

/** The ids of the account's orders, read straight from the server (not through the proxy). */
async function orderIds(server: TestServer, credentials: Credentials): Promise<string[]> {
  const client = chimeClient(server, credentials);
  try {
    const listed = await client.send(new ListPhoneNumberOrdersCommand({ MaxResults: 99 }));
    return (listed.PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId!);
  } finally {
    client.destroy();
  }
}

/** One CreatePhoneNumberOrder through the proxy by the JS SDK v3, with its default retries (3 attempts). */
async function createThroughProxy(proxy: CuttingProxy, credentials: Credentials, numbers: string[]) {
  const client = new ChimeClient({ endpoint: proxy.url, region: 'us-east-1', credentials, maxAttempts: 3 });
  try {
    return await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
  } finally {
    client.destroy();
  }
}

describe('a create retried by the client after its answer was lost', { concurrency: 1 }, () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ config: FROZEN_CARRIER });
  });
  after(() => server?.close());

  it('JS SDK v3: retries with the same invocation id and gets the one order that was created', async () => {
    const proxy = await cuttingProxy(server.url, { matches: isCreate });
    try {
      const before = await orderIds(server, ALICE);
      const created = await createThroughProxy(proxy, ALICE, ['+12065550100', '+12065550101']);
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.equal(created.$metadata.attempts, 2, 'one attempt cut, one retry');
      const attempts = proxy.requests.filter(isCreate);
      assert.deepEqual(attempts.map((r) => r.cut), [true, false]);
      assert.match(attempts[0]!.headers['amz-sdk-invocation-id'] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(attempts[1]!.headers['amz-sdk-invocation-id'], attempts[0]!.headers['amz-sdk-invocation-id']);
      assert.deepEqual(attempts.map((r) => r.headers['amz-sdk-request']), ['attempt=1; max=3', 'attempt=2; max=3']);
      const after = await orderIds(server, ALICE);
      assert.deepEqual(after, [...before, created.PhoneNumberOrder!.PhoneNumberOrderId!], 'exactly one new order, the one the SDK got');
      assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
      assert.equal(created.PhoneNumberOrder?.OrderedPhoneNumbers?.length, 2);
    } finally {
      await proxy.close();
    }
  });

  it('answers 400 naming the header to an invocation id reused with another request; ignores an unusable id', async () => {
    const send = (id: string, numbers: string[]) =>
      sendRaw(server.url, {
        method: 'POST',
        target: '/phone-number-orders',
        headers: { 'content-type': 'application/json', 'amz-sdk-invocation-id': id },
        body: JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }),
        sign: ALICE,
      });
    const first = await send('raw-call-1', ['+12065550110']);
    assert.equal(first.status, 201, first.body);
    const again = await send('raw-call-1', ['12065550110']);
    assert.equal(again.status, 201);
    assert.deepEqual(again.json(), first.json(), 'the same number written without + is the same request');
    const other = await send('raw-call-1', ['+12065550111']);
    assert.equal(other.status, 400);
    assert.equal(other.headers['x-amzn-errortype'], 'BadRequestException');
    assert.match(String(other.json().Message), /^The amz-sdk-invocation-id raw-call-1 was used in the last 10 minutes by a create with another ProductType, E164PhoneNumbers or Name/);
    const long = 'x'.repeat(65);
    const a = await send(long, ['+12065550112']);
    const b = await send(long, ['+12065550112']);
    assert.deepEqual([a.status, b.status], [201, 201]);
    const id = (r: typeof a) => (r.json().PhoneNumberOrder as { PhoneNumberOrderId: string }).PhoneNumberOrderId;
    assert.notEqual(id(a), id(b), 'an unusable id is ignored: two calls, two orders');
  });

  const PYTHONS = ['/usr/bin/python3', 'python3'];
  const SCRIPT = `
import json, sys, boto3, botocore.config
endpoint, key, secret, numbers = sys.argv[1:5]
client = boto3.client('chime', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id=key,
                      aws_secret_access_key=secret, config=botocore.config.Config(retries={'max_attempts': 2, 'mode': 'standard'}))
r = client.create_phone_number_order(ProductType='VoiceConnector', E164PhoneNumbers=json.loads(numbers))
print(json.dumps({'id': r['PhoneNumberOrder']['PhoneNumberOrderId'], 'status': r['ResponseMetadata']['HTTPStatusCode'],
                  'retries': r['ResponseMetadata']['RetryAttempts'], 'botocore': botocore.__version__}))
`;
  const unavailable = (python: string): string | false => {
    const probe = spawnSync(python, ['-c', 'import boto3'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.error) return `${python} not found (${probe.error.message})`;
    return probe.status === 0 ? false : `boto3 not installed for ${python}`;
  };

  PYTHONS.forEach((python, i) => {
    it(`boto3 (${python}): retries with the same invocation id and gets the one order that was created`, { skip: unavailable(python) }, async () => {
      const proxy = await cuttingProxy(server.url, { matches: isCreate });
      const home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-home-'));
      try {
        const before = await orderIds(server, BOB);
        const numbers = [`+1206555020${i}`];
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
        const args = ['-c', SCRIPT, proxy.url, BOB.accessKeyId, BOB.secretAccessKey, JSON.stringify(numbers)];
        const out = await new Promise<{ id: string; status: number; retries: number; botocore: string }>((resolve, reject) => {
          execFile(python, args, { env, timeout: 120_000, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) reject(new Error(`boto3 failed: ${error.message}\n${stderr}`));
            else resolve(JSON.parse(stdout) as { id: string; status: number; retries: number; botocore: string });
          });
        });
        assert.equal(out.status, 201);
        assert.equal(out.retries, 1, `botocore ${out.botocore}: one retry`);
        const attempts = proxy.requests.filter(isCreate);
        assert.deepEqual(attempts.map((r) => r.cut), [true, false]);
        assert.ok(attempts[0]!.headers['amz-sdk-invocation-id'], 'botocore sends an invocation id');
        assert.equal(attempts[1]!.headers['amz-sdk-invocation-id'], attempts[0]!.headers['amz-sdk-invocation-id']);
        assert.deepEqual(await orderIds(server, BOB), [...before, out.id]);
      } finally {
        await proxy.close();
        rmSync(home, { recursive: true, force: true });
      }
    });
  });
});

describe('the same lost answer with orders.idempotencyWindowMs 0', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ config: { ...FROZEN_CARRIER, orders: { idempotencyWindowMs: 0 } } });
  });
  after(() => server?.close());

  it('creates a second order: the retry is a new create', async () => {
    const proxy = await cuttingProxy(server.url, { matches: isCreate });
    try {
      const created = await createThroughProxy(proxy, ALICE, ['+12065550300']);
      assert.equal(created.$metadata.attempts, 2);
      const ids = await orderIds(server, ALICE);
      assert.equal(ids.length, 2, 'the cut attempt committed an order the SDK never heard of');
      assert.ok(ids.includes(created.PhoneNumberOrder!.PhoneNumberOrderId!));
    } finally {
      await proxy.close();
    }
  });
});

/**
 * boto3 (Python) against a listening dialtone: `boto3.client('chime', endpoint_url=...)`. Each call runs a short Python
 * script that prints JSON (each interpreter runs them one after another: `runPython` in test/support/boto3.ts); boto3's
 * own error parsing turns dialtone's answers into `ClientError` codes. Both ages of boto3 that users run: Debian's
 * python3-boto3 (botocore 1.29, older models) under /usr/bin/python3, and whatever `python3` is first on PATH (a
 * current botocore where one is installed). Skipped, with the reason, when python3 with boto3 is not installed
 * (scripts/run-tests.mjs requires both interpreters in CI).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALICE, BOB, FROZEN_CARRIER, startTestServer, type TestServer } from '../support/server.ts';
import { boto3Env, boto3Unavailable, PYTHONS, runPython } from '../support/boto3.ts';

/** Calls one operation; prints {"ok": response} or {"error": {code, message, status}}. */
const SCRIPT = `
import json, sys, boto3, botocore.config, botocore.exceptions
endpoint, key, secret, region, operation, params = sys.argv[1:7]
client = boto3.client('chime', endpoint_url=endpoint, region_name=region, aws_access_key_id=key,
                      aws_secret_access_key=secret, config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    response = getattr(client, operation)(**json.loads(params))
    response.pop('ResponseMetadata', None)
    print(json.dumps({'ok': response}, default=str))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'error': {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', ''),
                                'status': e.response['ResponseMetadata']['HTTPStatusCode']}}))
`;

interface Result {
  ok?: Record<string, unknown>;
  error?: { code: string; message: string; status: number };
}

for (const PYTHON of PYTHONS) describe(`boto3 against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;

  async function call(operation: string, params: Record<string, unknown>, credentials = ALICE, region = 'us-east-1'): Promise<Result> {
    const argv = [server.url, credentials.accessKeyId, credentials.secretAccessKey, region, operation, JSON.stringify(params)];
    const r = await runPython(PYTHON, SCRIPT, argv, { env: boto3Env(home), timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`boto3 ${operation} failed (exit ${r.code}):\n${r.stderr}`);
    return JSON.parse(r.stdout) as Result;
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-home-'));
    server = await startTestServer({ config: FROZEN_CARRIER });
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('creates an order, gets it and lists it, with ISO 8601 timestamps parsed by botocore', async () => {
    const created = await call('create_phone_number_order', { ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100', '+12065550101'] });
    const order = created.ok?.PhoneNumberOrder as { PhoneNumberOrderId: string; Status: string; CreatedTimestamp: string; OrderedPhoneNumbers: unknown[] };
    assert.ok(order, JSON.stringify(created));
    assert.equal(order.Status, 'Processing');
    assert.equal(order.OrderedPhoneNumbers.length, 2);
    // botocore parsed the timestamp into a datetime (printed with a space and an offset), not a raw string.
    assert.match(order.CreatedTimestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
    const got = await call('get_phone_number_order', { PhoneNumberOrderId: order.PhoneNumberOrderId });
    assert.deepEqual(got.ok?.PhoneNumberOrder, order);
    const listed = await call('list_phone_number_orders', {});
    assert.deepEqual((listed.ok?.PhoneNumberOrders as { PhoneNumberOrderId: string }[]).map((o) => o.PhoneNumberOrderId), [order.PhoneNumberOrderId]);
    const theirs = await call('get_phone_number_order', { PhoneNumberOrderId: order.PhoneNumberOrderId }, BOB);
    assert.equal(theirs.error?.code, 'NotFoundException');
    assert.equal(theirs.error?.status, 404);
  });

  it('surfaces validation, unknown ids and signature failures as ClientError codes', async () => {
    // botocore checks types and lengths before sending, not enums: the server must refuse this one.
    const invalid = await call('create_phone_number_order', { ProductType: 'Fax', E164PhoneNumbers: ['+12065550100'] });
    assert.equal(invalid.error?.code, 'BadRequestException', JSON.stringify(invalid));
    assert.equal(invalid.error?.status, 400);
    assert.match(invalid.error?.message ?? '', /ProductType/);
    const unknown = await call('get_phone_number_order', { PhoneNumberOrderId: '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11' });
    assert.equal(unknown.error?.code, 'NotFoundException');
    const wrongSecret = await call('list_phone_number_orders', {}, { ...ALICE, secretAccessKey: 'wrong' });
    assert.equal(wrongSecret.error?.code, 'InvalidSignatureException');
    assert.equal(wrongSecret.error?.status, 403);
  });
});

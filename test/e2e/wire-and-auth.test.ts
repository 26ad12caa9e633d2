/** The gateway on the wire: SigV4 failures, malformed requests and unknown routes, each an AWS-style JSON error. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChimeServiceException, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { sendRaw, type RawResponse } from '../support/raw-request.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const ORDER = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] });
const JSON_HEADERS = { 'content-type': 'application/json' };

function assertAwsError(res: RawResponse, status: number, type: string, message?: RegExp): void {
  assert.equal(res.status, status, res.body);
  assert.equal(res.headers['x-amzn-errortype'], type);
  assert.match(String(res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json();
  assert.equal(typeof body.Code, 'string');
  assert.equal(typeof body.Message, 'string');
  if (message) assert.match(body.Message as string, message);
}

describe('SigV4 at the front door', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('accepts a correctly signed request', async () => {
    const res = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: ORDER });
    assert.equal(res.status, 201, res.body);
    assert.ok(res.headers['x-amzn-requestid']);
  });

  it('answers MissingAuthenticationTokenException to an unsigned request', async () => {
    const res = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: false });
    assertAwsError(res, 403, 'MissingAuthenticationTokenException', /Missing Authentication Token/);
  });

  it('answers InvalidSignatureException to a body changed after signing', async () => {
    const res = await sendRaw(server.url, {
      method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: ORDER,
      bodyAfterSigning: ORDER.replace('0100', '0199'),
    });
    assertAwsError(res, 403, 'InvalidSignatureException', /signature we calculated does not match/);
  });

  it('answers InvalidSignatureException to a query changed after signing', async () => {
    const res = await sendRaw(server.url, {
      method: 'GET', target: '/phone-number-orders?max-results=5', targetAfterSigning: '/phone-number-orders?max-results=6',
    });
    assertAwsError(res, 403, 'InvalidSignatureException', /signature we calculated does not match/);
  });

  it('answers InvalidSignatureException to a wrong secret and UnrecognizedClientException to an unknown key (real SDK)', async () => {
    for (const [credentials, type, status] of [
      [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: 'not-her-secret' }, 'InvalidSignatureException', 403],
      [{ accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' }, 'UnrecognizedClientException', 403],
    ] as const) {
      const client = chimeClient(server, credentials);
      const error = await client.send(new ListPhoneNumberOrdersCommand({})).then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e as ChimeServiceException,
      );
      assert.ok(error instanceof ChimeServiceException);
      assert.equal(error.name, type);
      assert.equal(error.$metadata.httpStatusCode, status);
      client.destroy();
    }
  });

  it('answers InvalidSignatureException "Signature expired" to a request signed 20 minutes ago', async () => {
    const date = new Date(Date.now() - 20 * 60_000);
    const res = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: { accessKeyId: 'test', secretAccessKey: 'test', date } });
    assertAwsError(res, 403, 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('accepts a request signed 10 minutes ahead (within the skew) in any region', async () => {
    const date = new Date(Date.now() + 10 * 60_000);
    const res = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: { accessKeyId: 'test', secretAccessKey: 'test', date, region: 'ap-southeast-2' } });
    assert.equal(res.status, 200, res.body);
  });

  it('answers InvalidSignatureException to a scope for another service', async () => {
    const res = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', sign: { accessKeyId: 'test', secretAccessKey: 'test', service: 's3' } });
    assertAwsError(res, 403, 'InvalidSignatureException', /scoped to correct service: 'chime'/);
  });

  it('answers IncompleteSignatureException to a malformed Authorization header', async () => {
    const res = await sendRaw(server.url, {
      method: 'GET', target: '/phone-number-orders', sign: false,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20261127/us-east-1/chime/aws4_request', 'x-amz-date': '20261127T000000Z' },
    });
    assertAwsError(res, 403, 'IncompleteSignatureException');
  });
});

describe('malformed requests and unknown routes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const cases: { name: string; method: string; target: string; body?: string; headers?: Record<string, string>; status: number; type: string; message: RegExp }[] = [
    { name: 'malformed JSON', method: 'POST', target: '/phone-number-orders', body: '{"ProductType":', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /not valid JSON/ },
    { name: 'a JSON array body', method: 'POST', target: '/phone-number-orders', body: '[1,2]', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /must be a JSON object/ },
    { name: 'a JSON string body', method: 'POST', target: '/phone-number-orders', body: '"x"', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /must be a JSON object/ },
    { name: 'a wrong content type', method: 'POST', target: '/phone-number-orders', body: ORDER, headers: { 'content-type': 'text/plain' }, status: 400, type: 'BadRequestException', message: /Content-Type 'text\/plain'/ },
    { name: 'invalid UTF-8', method: 'POST', target: '/phone-number-orders', body: '{"ProductType":"\xff"}', headers: { 'content-type': 'application/json' }, status: 400, type: 'BadRequestException', message: /./ },
    { name: 'a wrong member type', method: 'POST', target: '/phone-number-orders', body: '{"ProductType":7,"E164PhoneNumbers":"+12065550100"}', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /ProductType.*string.*E164PhoneNumbers.*list/ },
    { name: 'an unknown path', method: 'GET', target: '/no-such-thing', status: 404, type: 'UnknownOperationException', message: /GET \/no-such-thing/ },
    { name: 'an unknown method on a known path', method: 'PATCH', target: '/phone-number-orders', status: 405, type: 'MethodNotAllowedException', message: /GET, POST/ },
    { name: 'an operation of the model not implemented yet', method: 'POST', target: '/accounts/a1/users/u1?operation=associate-phone-number', body: '{"E164PhoneNumber":"+12065550100"}', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /does not implement AssociatePhoneNumberWithUser/ },
    { name: 'an operation AWS retired (deprecated in the model)', method: 'PUT', target: '/sip-media-applications/sma1/alexa-skill-configuration', body: '{"SipMediaApplicationAlexaSkillConfiguration":{"AlexaSkillStatus":"ACTIVE","AlexaSkillIds":["amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"]}}', headers: JSON_HEADERS, status: 400, type: 'BadRequestException', message: /^PutSipMediaApplicationAlexaSkillConfiguration is no longer available: AWS retired it/ },
    { name: 'a non-integer max-results', method: 'GET', target: '/phone-number-orders?max-results=1e309', status: 400, type: 'BadRequestException', message: /MaxResults.*integer/ },
    { name: 'a repeated max-results', method: 'GET', target: '/phone-number-orders?max-results=1&max-results=2', status: 400, type: 'BadRequestException', message: /must not be repeated/ },
  ];
  for (const c of cases) {
    it(`answers ${c.status} ${c.type} to ${c.name}`, async () => {
      const body = c.name === 'invalid UTF-8' ? Buffer.from([...Buffer.from('{"ProductType":"'), 0xff, ...Buffer.from('"}')]) : c.body;
      const res = await sendRaw(server.url, { method: c.method, target: c.target, body, headers: c.headers });
      assertAwsError(res, c.status, c.type, c.message);
    });
  }

  it('answers a 4xx JSON error, not a crash, to malformed percent-encoding', async () => {
    const res = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders?next-token=x', targetAfterSigning: '/phone-number-orders?next-token=%E0%A4%A' });
    assert.ok(res.status >= 400 && res.status < 500, res.body);
    assert.ok(res.headers['x-amzn-errortype']);
  });

  it('refuses a body over the 1 MiB limit with 413 before reading it', async () => {
    const big = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'], pad: 'x'.repeat(1024 * 1024) });
    const res = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', body: big, headers: JSON_HEADERS });
    assertAwsError(res, 413, 'RequestEntityTooLargeException', /1048576 bytes/);
  });

  it('routes on literal query discriminators in any order', async () => {
    const a = await sendRaw(server.url, { method: 'GET', target: '/search?type=phone-numbers&area-code=206&max-results=3' });
    const b = await sendRaw(server.url, { method: 'GET', target: '/search?area-code=206&max-results=3&type=phone-numbers' });
    for (const res of [a, b]) {
      assert.equal(res.status, 200, res.body);
      assert.equal((res.json().E164PhoneNumbers as string[]).length, 3);
    }
    assert.deepEqual(a.json(), b.json(), 'the same search, whatever the query order');
    const noType = await sendRaw(server.url, { method: 'GET', target: '/search?area-code=206' });
    assertAwsError(noType, 404, 'UnknownOperationException');
    const associate = await sendRaw(server.url, { method: 'POST', target: '/accounts/a1/users/u1?operation=associate-phone-number', body: '{}', headers: JSON_HEADERS });
    assertAwsError(associate, 400, 'BadRequestException', /AssociatePhoneNumberWithUser/);
    const disassociate = await sendRaw(server.url, { method: 'POST', target: '/accounts/a1/users/u1?x=1&operation=disassociate-phone-number' });
    assertAwsError(disassociate, 400, 'BadRequestException', /DisassociatePhoneNumberFromUser/);
  });

  it('serves GET /_dialtone/health without credentials', async () => {
    const res = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/health', sign: false });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
    assert.ok(res.headers['x-amzn-requestid']);
  });

  it('keeps serving after all of the above', async () => {
    const res = await sendRaw(server.url, { method: 'POST', target: '/phone-number-orders', headers: JSON_HEADERS, body: ORDER });
    assert.equal(res.status, 201);
  });
});

/**
 * Configuration promises seen from outside: the `regions` allow-list of the configuration file, through the JS SDK;
 * `/_dialtone/ready` answering 503 with the failing check once the fulfilment worker has stopped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { rejection } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

describe('the regions allow-list', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { regions: ['us-east-1', 'eu-west-1'] } });
  });
  after(() => server.close());

  it('accepts requests signed for a listed region and refuses others with InvalidSignatureException', async () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const client = chimeClient(server, ALICE, region);
      const listed = await client.send(new ListPhoneNumberOrdersCommand({}));
      assert.equal(listed.$metadata.httpStatusCode, 200, region);
      client.destroy();
    }
    for (const region of ['us-west-2', 'ap-southeast-2']) {
      const client = chimeClient(server, ALICE, region);
      const error = await rejection(client.send(new ListPhoneNumberOrdersCommand({})));
      assert.equal(error.name, 'InvalidSignatureException', region);
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.match(error.message, /^Credential should be scoped to a valid region\.\s*$/);
      client.destroy();
    }
  });
});

describe('readiness', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('answers 503 naming the failing check once the fulfilment worker has stopped, while health stays 200', async () => {
    const ready = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/ready', sign: false });
    assert.equal(ready.status, 200);
    await server.worker.stop();
    const notReady = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/ready', sign: false });
    assert.equal(notReady.status, 503);
    assert.deepEqual(notReady.json(), { status: 'not ready', checks: { database: 'ok', migrations: 'ok', worker: 'stopped' } });
    const health = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/health', sign: false });
    assert.equal(health.status, 200);
  });
});

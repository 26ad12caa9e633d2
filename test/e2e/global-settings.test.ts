/**
 * An account's global settings (`GetGlobalSettings`, `UpdateGlobalSettings`): the voice connectors' call detail record
 * bucket through the JS SDK v3 voice client (set, read, unset as Terraform's delete does, a part not given left alone,
 * names S3 would refuse), legacy Chime's `BusinessCalling` part through raw signed requests under `/chime`, each
 * account its own, and the `Global Settings Changed` events read from the server's SQLite outbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetGlobalSettingsCommand, UpdateGlobalSettingsCommand, type ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, type TestServer } from '../support/server.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, startAliceAndBob, type AliceAndBob } from '../support/voice.ts';

describe('global settings: the call detail record buckets', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  const settings = async (client = alice) => {
    const answer = await client.send(new GetGlobalSettingsCommand({}));
    return Object.fromEntries(Object.entries(answer).filter(([member]) => member !== '$metadata'));
  };

  let world: AliceAndBob;

  before(async () => {
    world = await startAliceAndBob();
    ({ server, alice, bob } = world);
  });
  after(() => world.close());

  it('sets, reads and unsets the voice connectors\' bucket; another account keeps its own; S3 names only', async () => {
    assert.deepEqual(await settings(), {}, 'nothing set yet');
    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;
    await alice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: {} }));
    assert.deepEqual(await settings(), {}, 'unsetting what was never set changes nothing');
    const updated = await alice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: { CdrBucket: 'alice-cdrs.example' } }));
    assert.equal(updated.$metadata.httpStatusCode, 204);
    assert.deepEqual(await settings(), { VoiceConnector: { CdrBucket: 'alice-cdrs.example' } });
    assert.deepEqual(await settings(bob), {}, "Bob's are his own");

    await alice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: { CdrBucket: 'alice-cdrs.example' } }));

    for (const bucket of ['AB', 'Upper-Case', 'a..b', '-start', 'end-', '192.168.1.1', 'x'.repeat(64), 'under_score']) {
      await assertVoiceError(alice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: { CdrBucket: bucket } })), 'BadRequestException', 400, /is not an S3 bucket name/);
    }
    await alice.send(new UpdateGlobalSettingsCommand({ VoiceConnector: {} }));
    assert.deepEqual(await settings(), {}, 'a part given without a bucket unsets it');

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(
      events.map((event) => [event.type, event.resources, event.detail.VoiceConnector, event.detail.BusinessCalling]),
      [
        ['Global Settings Changed', [], { CdrBucket: 'alice-cdrs.example' }, {}],
        ['Global Settings Changed', [], {}, {}],
      ],
      'one event per change: none for an update that changed nothing or was refused',
    );
  });

  it("serves legacy Chime's BusinessCalling part beside the voice connectors' one", async () => {
    const sign = { accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey };
    const put = await sendRaw(server.url, {
      method: 'PUT',
      target: '/chime/settings',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ BusinessCalling: { CdrBucket: 'bob-calls' }, VoiceConnector: { CdrBucket: 'bob-trunks' } }),
      sign,
    });
    assert.equal(put.status, 204, put.body);
    const legacy = await sendRaw(server.url, { method: 'GET', target: '/chime/settings', sign });
    assert.deepEqual(legacy.json(), { BusinessCalling: { CdrBucket: 'bob-calls' }, VoiceConnector: { CdrBucket: 'bob-trunks' } });
    assert.deepEqual(await settings(bob), { VoiceConnector: { CdrBucket: 'bob-trunks' } }, 'chime-sdk-voice has no BusinessCalling part');
    const one = await sendRaw(server.url, {
      method: 'PUT',
      target: '/chime/settings',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ BusinessCalling: {} }),
      sign,
    });
    assert.equal(one.status, 204, one.body);
    assert.deepEqual((await sendRaw(server.url, { method: 'GET', target: '/chime/settings', sign })).json(), { VoiceConnector: { CdrBucket: 'bob-trunks' } }, 'a part not given stays');
  });
});

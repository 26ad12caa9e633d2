/**
 * Tags of voice connectors and SIP media applications through the real JS SDK v3 voice client
 * (@aws-sdk/client-chime-sdk-voice): `TagResource`, `UntagResource` and `ListTagsForResource` on the ARNs the API
 * answers, the tags given at creation included; the refusals (a reserved or repeated key, more than 50 tags, an ARN of
 * another kind, of another account or region); concurrent calls on one resource losing nothing; the
 * `Tag Change on Resource` events read from the server's SQLite outbox; the legacy chime model's request of the same
 * operation, sent raw under `/chime`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateSipMediaApplicationCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  DeleteVoiceConnectorCommand,
  GetVoiceConnectorCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ChimeSDKVoiceClient,
  type Tag,
} from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, type TestServer } from '../support/server.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, startAliceAndBob, type AliceAndBob } from '../support/voice.ts';

const tags = (...pairs: [string, string][]): Tag[] => pairs.map(([Key, Value]) => ({ Key, Value }));

describe('tags of voice connectors and SIP media applications through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;

  const listed = async (arn: string, client = alice): Promise<Tag[]> => (await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags ?? [];
  const mark = (): number => sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;

  let world: AliceAndBob;

  before(async () => {
    world = await startAliceAndBob({ maxVoiceConnectorsPerAccount: 20 });
    ({ server, alice, bob } = world);
  });
  after(() => world.close());

  it('adds, replaces and removes the tags of a voice connector (204 each), listed in the order they were added', async () => {
    const { VoiceConnector: vc } = await alice.send(
      new CreateVoiceConnectorCommand({ Name: 'tagged', RequireEncryption: true, Tags: tags(['team', 'voice'], ['cost', '100']) }),
    );
    const arn = vc!.VoiceConnectorArn!;
    assert.deepEqual(await listed(arn), tags(['team', 'voice'], ['cost', '100']), 'the tags given at creation');

    const tagged = await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['env', 'prod'], ['cost', '200'], ['empty', '']) }));
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    assert.deepEqual(await listed(arn), tags(['team', 'voice'], ['cost', '200'], ['env', 'prod'], ['empty', '']), 'a key it had keeps its place');

    const untagged = await alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team', 'never-there', 'empty'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    assert.deepEqual(await listed(arn), tags(['cost', '200'], ['env', 'prod']));

    await alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['cost', 'env'] }));
    assert.deepEqual(await listed(arn), [], 'no tags: an empty list');

    const { VoiceConnector: got } = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: vc!.VoiceConnectorId }));
    assert.deepEqual(got!.UpdatedTimestamp, vc!.UpdatedTimestamp, 'tags are not part of the connector: its UpdatedTimestamp stays');
  });

  it('tags a SIP media application the same way', async () => {
    const { SipMediaApplication: sma } = await alice.send(
      new CreateSipMediaApplicationCommand({
        Name: 'app',
        AwsRegion: 'us-east-1',
        Endpoints: [{ LambdaArn: `arn:aws:lambda:us-east-1:${ALICE.accountId}:function:app` }],
      }),
    );
    const arn = sma!.SipMediaApplicationArn!;
    assert.match(arn, /:sma\//);
    assert.deepEqual(await listed(arn), []);
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['owner', 'ivr']) }));
    assert.deepEqual(await listed(arn), tags(['owner', 'ivr']));
    await alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['owner'] }));
    assert.deepEqual(await listed(arn), []);
  });

  it('refuses reserved and repeated keys, more than 50 tags, and ARNs that name nothing of the caller', async () => {
    const { VoiceConnector: vc } = await alice.send(new CreateVoiceConnectorCommand({ Name: 'limits', RequireEncryption: false, AwsRegion: 'us-west-2' }));
    const arn = vc!.VoiceConnectorArn!;
    const id = vc!.VoiceConnectorId!;

    await assertVoiceError(alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['AWS:owner', 'x']) })), 'BadRequestException', 400, /aws:/);
    await assertVoiceError(alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['aws:cloudformation:stack-name'] })), 'BadRequestException', 400, /aws:/);
    await assertVoiceError(alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['k', '1'], ['k', '2']) })), 'BadRequestException', 400, /tag 2 repeats/);
    await assertVoiceError(
      alice.send(new CreateVoiceConnectorCommand({ Name: 'reserved', RequireEncryption: true, Tags: tags(['aws:x', 'y']) })),
      'BadRequestException',
      400,
      /aws:/,
    );
    await assertVoiceError(alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: [] })), 'BadRequestException', 400, /Tags/);

    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: String(i) }));
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: fifty }));
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['k7', 'seven']) }));
    await assertVoiceError(alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['k50', 'one too many']) })), 'ResourceLimitExceededException', 400, /at most 50/);
    const kept = await listed(arn);
    assert.equal(kept.length, 50, 'a refused call changes nothing');
    assert.equal(kept.find((tag) => tag.Key === 'k7')?.Value, 'seven');

    const elsewhere = arn.replace(':us-west-2:', ':us-east-1:');
    await assertVoiceError(listed(elsewhere), 'NotFoundException', 404, new RegExp(`${id} in us-east-1`));
    await assertVoiceError(listed(arn, bob), 'NotFoundException', 404, /voice connector/);
    await assertVoiceError(bob.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['stolen', 'yes']) })), 'NotFoundException', 404);
    await assertVoiceError(bob.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['k1'] })), 'NotFoundException', 404);
    assert.equal((await listed(arn)).length, 50, "another account's calls changed nothing");
    await assertVoiceError(listed(arn.replace(id, 'abcdefghijklmnopqrstuv')), 'NotFoundException', 404);

    const { VoiceConnectorGroup: group } = await alice.send(new CreateVoiceConnectorGroupCommand({ Name: 'group' }));
    await assertVoiceError(listed(group!.VoiceConnectorGroupArn!), 'BadRequestException', 400, /ResourceARN names no voice connector/);
    await assertVoiceError(listed(`arn:aws:chime::${ALICE.accountId}:meeting/0f1e2d3c`), 'BadRequestException', 400, /only those take tags/);
    await assertVoiceError(listed('arn:not one'), 'BadRequestException', 400, /ResourceARN/);

    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id }));
    await assertVoiceError(listed(arn), 'NotFoundException', 404, /voice connector/);
  });

  it('loses no tag when calls on one resource run at once', async () => {
    const { VoiceConnector: vc } = await alice.send(new CreateVoiceConnectorCommand({ Name: 'busy', RequireEncryption: true }));
    const arn = vc!.VoiceConnectorArn!;
    await Promise.all(Array.from({ length: 20 }, (_, i) => alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags([`key${i}`, `value${i}`]) }))));
    const all = await listed(arn);
    assert.equal(all.length, 20);
    assert.deepEqual(new Set(all.map((tag) => tag.Key)), new Set(Array.from({ length: 20 }, (_, i) => `key${i}`)));
    await Promise.all(Array.from({ length: 10 }, (_, i) => alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: [`key${2 * i}`] }))));
    assert.deepEqual((await listed(arn)).map((tag) => tag.Key).sort(), Array.from({ length: 10 }, (_, i) => `key${2 * i + 1}`).sort());
  });

  it('records Tag Change on Resource for each call that changed something, and nothing otherwise', async () => {
    const { VoiceConnector: vc } = await alice.send(new CreateVoiceConnectorCommand({ Name: 'evented', RequireEncryption: true, AwsRegion: 'us-west-2' }));
    const arn = vc!.VoiceConnectorArn!;
    const id = vc!.VoiceConnectorId!;
    let seq = mark();
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['a', '1'], ['b', '2']) }));
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['a', '1'], ['b', '3']) }));
    await alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a', 'zzz'] }));
    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(
      events.map((event) => [event.type, event.resources, event.detail]),
      [
        ['Tag Change on Resource', [{ kind: 'vc', id }], { ResourceARN: arn, ChangedTagKeys: ['a', 'b'], Tags: tags(['a', '1'], ['b', '2']) }],
        ['Tag Change on Resource', [{ kind: 'vc', id }], { ResourceARN: arn, ChangedTagKeys: ['b'], Tags: tags(['a', '1'], ['b', '3']) }],
        ['Tag Change on Resource', [{ kind: 'vc', id }], { ResourceARN: arn, ChangedTagKeys: ['a'], Tags: tags(['b', '3']) }],
      ],
    );

    seq = mark();
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['b', '3']) }));
    await alice.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a'] }));
    await assertVoiceError(alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags(['aws:no', '1']) })), 'BadRequestException', 400);
    assert.deepEqual(sqliteEvents(server.dataDir, ALICE.accountId, seq), [], 'no change, no event');
  });

  it('answers the legacy chime model\'s TagResource, UntagResource and ListTagsForResource for a voice connector', async () => {
    const { VoiceConnector: vc } = await alice.send(new CreateVoiceConnectorCommand({ Name: 'legacy', RequireEncryption: true }));
    const arn = vc!.VoiceConnectorArn!;
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const json = { 'content-type': 'application/json' };
    const tagged = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/tags?operation=tag-resource',
      headers: json,
      body: JSON.stringify({ ResourceARN: arn, Tags: tags(['legacy', 'yes']) }),
      sign,
    });
    assert.equal(tagged.status, 204, tagged.body);
    assert.equal(tagged.headers['x-dialtone-api'], 'chime');
    const got = await sendRaw(server.url, { method: 'GET', target: `/chime/tags?arn=${encodeURIComponent(arn)}`, sign });
    assert.equal(got.status, 200, got.body);
    assert.deepEqual(got.json(), { Tags: tags(['legacy', 'yes']) });
    const untagged = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/tags?operation=untag-resource',
      headers: json,
      body: JSON.stringify({ ResourceARN: arn, TagKeys: ['legacy'] }),
      sign,
    });
    assert.equal(untagged.status, 204, untagged.body);
    assert.deepEqual(await listed(arn), []);
    const tooMany = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/tags?operation=tag-resource',
      headers: json,
      body: JSON.stringify({ ResourceARN: arn, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }),
      sign,
    });
    assert.equal(tooMany.status, 204, tooMany.body);
    const fiftyFirst = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/tags?operation=tag-resource',
      headers: json,
      body: JSON.stringify({ ResourceARN: arn, Tags: [{ Key: 'one-more', Value: 'v' }] }),
      sign,
    });
    assert.equal(fiftyFirst.status, 400, fiftyFirst.body);
    assert.match(String(fiftyFirst.headers['x-amzn-errortype']), /^BadRequestException/, 'the legacy operation lists no ResourceLimitExceededException');
    assert.match(String(fiftyFirst.json().Message), /at most 50/);
  });
});

/**
 * Voice connectors and voice connector groups through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice):
 * create, get, list (paged), update and delete; ListAvailableVoiceConnectorRegions; the model's validation; the
 * per-account quotas; another account's ids answering NotFoundException; the conflicts of deleting what is in use.
 * The legacy chime model's shapes of the same operations are checked with raw signed requests under `/chime`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChimeSDKVoiceClient,
  ChimeSDKVoiceServiceException,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  DeleteVoiceConnectorCommand,
  DeleteVoiceConnectorGroupCommand,
  GetVoiceConnectorCommand,
  GetVoiceConnectorGroupCommand,
  ListAvailableVoiceConnectorRegionsCommand,
  ListVoiceConnectorGroupsCommand,
  ListVoiceConnectorsCommand,
  UpdateVoiceConnectorCommand,
  UpdateVoiceConnectorGroupCommand,
  paginateListVoiceConnectors,
  type VoiceConnector,
} from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';

const CAROL = { accountId: '333333333333', accessKeyId: 'AKIDCAROL', secretAccessKey: 'carol-secret' };
const account = accountConfig;

function voiceClient(server: { url: string }, credentials: { accessKeyId: string; secretAccessKey: string }): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** Asserts a modelled refusal: the SDK's exception name, HTTP status and message. */
async function refused(promise: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<ChimeSDKVoiceServiceException> {
  const error = await promise.then(
    () => assert.fail(`expected ${name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ChimeSDKVoiceServiceException, `expected a ChimeSDKVoiceServiceException, got ${String(error)}`);
  assert.equal(error.name, name, error.message);
  assert.equal(error.$metadata.httpStatusCode, status, error.message);
  if (message) assert.match(error.message, message);
  return error;
}

describe('voice connectors and groups through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let carol: ChimeSDKVoiceClient;
  let fresh: ChimeSDKVoiceClient;

  before(async () => {
    server = await startTestServer({
      config: { accounts: [account(ALICE, { maxVoiceConnectorsPerAccount: 10, maxVoiceConnectorGroupsPerAccount: 10 }), account(BOB), account(CAROL)] },
    });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    carol = voiceClient(server, CAROL);
    fresh = voiceClient(server, { accessKeyId: 'test', secretAccessKey: 'test' });
  });
  after(async () => {
    for (const client of [alice, bob, carol, fresh]) client.destroy();
    await server.close();
  });

  it('creates a connector (201) shaped as AWS shapes it, gets it, updates it and deletes it (204)', async () => {
    const created = await alice.send(
      new CreateVoiceConnectorCommand({
        Name: 'Main trunk_1.a-b',
        RequireEncryption: true,
        Tags: [{ Key: 'team', Value: 'voice' }],
        IntegrationType: 'CONNECT_ANALYTICS_CONNECTOR',
        NetworkType: 'DUAL_STACK',
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const vc = created.VoiceConnector!;
    assert.match(vc.VoiceConnectorId!, /^[a-z0-9]{22}$/);
    assert.equal(vc.AwsRegion, 'us-east-1', 'the documented default region');
    assert.equal(vc.Name, 'Main trunk_1.a-b');
    assert.equal(vc.OutboundHostName, `${vc.VoiceConnectorId}.voiceconnector.chime.aws`);
    assert.equal(vc.RequireEncryption, true);
    assert.equal(vc.VoiceConnectorArn, `arn:aws:chime:us-east-1:${ALICE.accountId}:vc/${vc.VoiceConnectorId}`);
    assert.equal(vc.IntegrationType, 'CONNECT_ANALYTICS_CONNECTOR');
    assert.equal(vc.NetworkType, 'DUAL_STACK');
    assert.ok(vc.CreatedTimestamp instanceof Date && Math.abs(vc.CreatedTimestamp.getTime() - Date.now()) < 60_000);
    assert.deepEqual(vc.UpdatedTimestamp, vc.CreatedTimestamp);

    const got = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId }));
    assert.deepEqual(got.VoiceConnector, vc);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await alice.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId, Name: 'renamed', RequireEncryption: false }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.deepEqual({ ...updated.VoiceConnector, UpdatedTimestamp: undefined }, { ...vc, Name: 'renamed', RequireEncryption: false, UpdatedTimestamp: undefined });
    assert.ok(updated.VoiceConnector!.UpdatedTimestamp! > vc.CreatedTimestamp!);

    const deleted = await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await refused(alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId })), 'NotFoundException', 404, /No voice connector with id/);
    await refused(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId })), 'NotFoundException', 404);
  });

  it('lists the regions of the model; a connector keeps the region it asks for', async () => {
    const regions = await alice.send(new ListAvailableVoiceConnectorRegionsCommand({}));
    assert.deepEqual(regions.VoiceConnectorRegions, [
      'us-east-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'ap-northeast-2', 'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2',
    ]);
    const vc = (await carol.send(new CreateVoiceConnectorCommand({ Name: 'tokyo', RequireEncryption: false, AwsRegion: 'ap-northeast-1' }))).VoiceConnector!;
    assert.equal(vc.AwsRegion, 'ap-northeast-1');
    assert.equal(vc.VoiceConnectorArn, `arn:aws:chime:ap-northeast-1:${CAROL.accountId}:vc/${vc.VoiceConnectorId}`);
    assert.equal(vc.IntegrationType, undefined, 'absent when not asked for');
    await carol.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId }));
  });

  it('refuses what the model refuses, naming the member', async () => {
    await refused(alice.send(new CreateVoiceConnectorCommand({ Name: 'no/slashes', RequireEncryption: true })), 'BadRequestException', 400, /Name/);
    await refused(alice.send(new CreateVoiceConnectorCommand({ Name: '', RequireEncryption: true })), 'BadRequestException', 400, /Name/);
    await refused(alice.send(new CreateVoiceConnectorCommand({ Name: 'x'.repeat(257), RequireEncryption: true })), 'BadRequestException', 400, /Name/);
    await refused(
      alice.send(new CreateVoiceConnectorCommand({ Name: 'mars', RequireEncryption: true, AwsRegion: 'mars-north-1' as never })),
      'BadRequestException',
      400,
      /AwsRegion/,
    );
    await refused(alice.send(new CreateVoiceConnectorCommand({ Name: 'x' } as never)), 'BadRequestException', 400, /RequireEncryption/);
    await refused(alice.send(new CreateVoiceConnectorCommand({ Name: 'x', RequireEncryption: true, Tags: [] })), 'BadRequestException', 400, /Tags/);
    await refused(alice.send(new ListVoiceConnectorsCommand({ MaxResults: 101 })), 'BadRequestException', 400, /MaxResults/);
    await refused(alice.send(new ListVoiceConnectorGroupsCommand({ MaxResults: 0 })), 'BadRequestException', 400, /MaxResults/);
    await refused(
      alice.send(new CreateVoiceConnectorGroupCommand({ Name: 'g', VoiceConnectorItems: [{ VoiceConnectorId: 'abc', Priority: 100 }] })),
      'BadRequestException',
      400,
      /Priority/,
    );
    await refused(alice.send(new ListVoiceConnectorsCommand({ NextToken: 'not-a-token' })), 'BadRequestException', 400, /NextToken/);
    const listed = await alice.send(new ListVoiceConnectorsCommand({}));
    assert.deepEqual(listed.VoiceConnectors, [], 'nothing was created');
  });

  it('pages through the connectors with MaxResults and an opaque NextToken, oldest first', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push((await alice.send(new CreateVoiceConnectorCommand({ Name: `page ${i}`, RequireEncryption: false }))).VoiceConnector!.VoiceConnectorId!);
    }
    const pages: VoiceConnector[][] = [];
    for await (const page of paginateListVoiceConnectors({ client: alice, pageSize: 2 }, {})) pages.push(page.VoiceConnectors ?? []);
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 2, 1]);
    assert.deepEqual(pages.flat().map((c) => c.VoiceConnectorId), made);
    const first = await alice.send(new ListVoiceConnectorsCommand({ MaxResults: 3 }));
    assert.ok(first.NextToken);
    await refused(bob.send(new ListVoiceConnectorsCommand({ NextToken: first.NextToken })), 'BadRequestException', 400, /NextToken/);
    await refused(alice.send(new ListVoiceConnectorGroupsCommand({ NextToken: first.NextToken })), 'BadRequestException', 400, /NextToken/);
    const all = await alice.send(new ListVoiceConnectorsCommand({}));
    assert.equal(all.VoiceConnectors?.length, 7);
    assert.equal(all.NextToken, undefined);
    assert.deepEqual((await bob.send(new ListVoiceConnectorsCommand({}))).VoiceConnectors, []);
    for (const id of made) await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id }));
  });

  it('refuses the connector and the group past the account quota (default 3 each) with ResourceLimitExceededException', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await fresh.send(new CreateVoiceConnectorCommand({ Name: `q${i}`, RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!);
    await refused(
      fresh.send(new CreateVoiceConnectorCommand({ Name: 'one too many', RequireEncryption: true })),
      'ResourceLimitExceededException',
      400,
      /^The account has 3 voice connectors; the limit is 3 voice connectors per account \(maxVoiceConnectorsPerAccount\)$/,
    );
    const groups: string[] = [];
    for (let i = 0; i < 3; i++) groups.push((await fresh.send(new CreateVoiceConnectorGroupCommand({ Name: `g${i}` }))).VoiceConnectorGroup!.VoiceConnectorGroupId!);
    await refused(fresh.send(new CreateVoiceConnectorGroupCommand({ Name: 'g3' })), 'ResourceLimitExceededException', 400, /maxVoiceConnectorGroupsPerAccount/);
    await fresh.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: ids[0] }));
    await fresh.send(new CreateVoiceConnectorCommand({ Name: 'after a deletion', RequireEncryption: true }));
    for (const id of groups) await fresh.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id }));
  });

  it('creates, lists, updates (202) and deletes a group of the account\'s own connectors', async () => {
    const [a, b] = await Promise.all(
      ['east', 'west'].map(async (name) => (await alice.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true }))).VoiceConnector!),
    );
    const created = await alice.send(
      new CreateVoiceConnectorGroupCommand({
        Name: 'fallback pair',
        VoiceConnectorItems: [{ VoiceConnectorId: b!.VoiceConnectorId, Priority: 2 }, { VoiceConnectorId: a!.VoiceConnectorId, Priority: 1 }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const group = created.VoiceConnectorGroup!;
    assert.match(group.VoiceConnectorGroupId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(group.VoiceConnectorGroupArn, `arn:aws:chime:us-east-1:${ALICE.accountId}:vcg/${group.VoiceConnectorGroupId}`);
    assert.deepEqual(group.VoiceConnectorItems, [
      { VoiceConnectorId: b!.VoiceConnectorId, Priority: 2 },
      { VoiceConnectorId: a!.VoiceConnectorId, Priority: 1 },
    ]);
    assert.ok(group.CreatedTimestamp instanceof Date);
    assert.deepEqual((await alice.send(new GetVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group.VoiceConnectorGroupId }))).VoiceConnectorGroup, group);
    const listed = await alice.send(new ListVoiceConnectorGroupsCommand({}));
    assert.deepEqual(listed.VoiceConnectorGroups, [group]);

    const updated = await alice.send(
      new UpdateVoiceConnectorGroupCommand({
        VoiceConnectorGroupId: group.VoiceConnectorGroupId,
        Name: 'just east',
        VoiceConnectorItems: [{ VoiceConnectorId: a!.VoiceConnectorId, Priority: 5 }],
      }),
    );
    assert.equal(updated.$metadata.httpStatusCode, 202);
    assert.equal(updated.VoiceConnectorGroup?.Name, 'just east');
    assert.deepEqual(updated.VoiceConnectorGroup?.VoiceConnectorItems, [{ VoiceConnectorId: a!.VoiceConnectorId, Priority: 5 }]);
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: b!.VoiceConnectorId }));

    await refused(
      alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: a!.VoiceConnectorId })),
      'ConflictException',
      409,
      new RegExp(`Voice connector ${a!.VoiceConnectorId} is a member of voice connector group ${group.VoiceConnectorGroupId}`),
    );
    await refused(alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group.VoiceConnectorGroupId })), 'ConflictException', 409, /VoiceConnectorItems/);
    await alice.send(new UpdateVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group.VoiceConnectorGroupId, Name: 'empty', VoiceConnectorItems: [] }));
    const deleted = await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group.VoiceConnectorGroupId }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await refused(alice.send(new GetVoiceConnectorGroupCommand({ VoiceConnectorGroupId: group.VoiceConnectorGroupId })), 'NotFoundException', 404);
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: a!.VoiceConnectorId }));
  });

  it('answers NotFoundException for another account\'s connector or group; a group cannot take another account\'s connector', async () => {
    const mine = (await alice.send(new CreateVoiceConnectorCommand({ Name: 'private', RequireEncryption: true }))).VoiceConnector!;
    const group = (await alice.send(new CreateVoiceConnectorGroupCommand({ Name: 'private group' }))).VoiceConnectorGroup!;
    const id = mine.VoiceConnectorId!;
    await refused(bob.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    await refused(bob.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: id, Name: 'taken', RequireEncryption: false })), 'NotFoundException', 404);
    await refused(bob.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    const groupId = group.VoiceConnectorGroupId!;
    await refused(bob.send(new GetVoiceConnectorGroupCommand({ VoiceConnectorGroupId: groupId })), 'NotFoundException', 404);
    await refused(bob.send(new UpdateVoiceConnectorGroupCommand({ VoiceConnectorGroupId: groupId, Name: 'x', VoiceConnectorItems: [] })), 'NotFoundException', 404);
    await refused(bob.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: groupId })), 'NotFoundException', 404);

    // CreateVoiceConnectorGroup lists no NotFoundException: an unknown member is a bad request there.
    await refused(
      bob.send(new CreateVoiceConnectorGroupCommand({ Name: 'theft', VoiceConnectorItems: [{ VoiceConnectorId: id, Priority: 1 }] })),
      'BadRequestException',
      400,
      new RegExp(`VoiceConnectorItems: no voice connector with id ${id} exists in this account`),
    );
    const bobs = (await bob.send(new CreateVoiceConnectorGroupCommand({ Name: 'bobs' }))).VoiceConnectorGroup!;
    await refused(
      bob.send(new UpdateVoiceConnectorGroupCommand({ VoiceConnectorGroupId: bobs.VoiceConnectorGroupId, Name: 'theft', VoiceConnectorItems: [{ VoiceConnectorId: id, Priority: 1 }] })),
      'NotFoundException',
      404,
      /VoiceConnectorItems/,
    );
    await refused(
      alice.send(new CreateVoiceConnectorGroupCommand({ Name: 'twice', VoiceConnectorItems: [{ VoiceConnectorId: id, Priority: 1 }, { VoiceConnectorId: id, Priority: 2 }] })),
      'BadRequestException',
      400,
      /more than once/,
    );
    assert.deepEqual((await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }))).VoiceConnector, mine, 'untouched');
    await bob.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: bobs.VoiceConnectorGroupId }));
    await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: groupId }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id }));
  });

  it('serves the legacy chime shapes of the same connectors under /chime: no IntegrationType, its own region enum', async () => {
    const vc = (
      await alice.send(new CreateVoiceConnectorCommand({ Name: 'both apis', RequireEncryption: true, AwsRegion: 'eu-west-1', IntegrationType: 'CONNECT_CALL_TRANSFER_CONNECTOR' }))
    ).VoiceConnector!;
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const legacy = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${vc.VoiceConnectorId}`, sign });
    assert.equal(legacy.status, 200, legacy.body);
    assert.equal(legacy.headers['x-dialtone-api'], 'chime');
    const body = legacy.json().VoiceConnector as Record<string, unknown>;
    assert.equal(body.AwsRegion, 'eu-west-1', 'a region only voice knows is still shown as stored');
    assert.equal(body.VoiceConnectorArn, vc.VoiceConnectorArn);
    assert.equal(Object.hasOwn(body, 'IntegrationType'), false, 'legacy VoiceConnector has no IntegrationType');
    const refusedRegion = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/voice-connectors',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'legacy', RequireEncryption: true, AwsRegion: 'eu-west-1' }),
      sign,
    });
    assert.equal(refusedRegion.status, 400, 'the legacy enum is us-east-1 and us-west-2');
    assert.match(String(refusedRegion.json().Message), /AwsRegion/);
    const regions = await sendRaw(server.url, { method: 'GET', target: '/chime/voice-connector-regions', sign });
    assert.equal(regions.status, 404, 'legacy chime has no ListAvailableVoiceConnectorRegions');
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId }));
  });
});

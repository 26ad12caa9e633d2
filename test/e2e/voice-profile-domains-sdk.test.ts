/**
 * Voice profile domains through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice): create, get, list
 * (paged), update and delete, each in the region of the request; a retry with the same `ClientRequestToken`; the
 * refusals (a key of another region or kind, the quota per region, a name outside the model's pattern, another
 * account's or region's domain); tags on the domain's ARN; the events read from the server's SQLite outbox; the legacy
 * chime model, which has no voice profile domains.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateVoiceProfileDomainCommand,
  DeleteVoiceProfileDomainCommand,
  GetVoiceProfileDomainCommand,
  ListTagsForResourceCommand,
  ListVoiceProfileDomainsCommand,
  TagResourceCommand,
  UpdateVoiceProfileDomainCommand,
  type ChimeSDKVoiceClient,
  type VoiceProfileDomain,
} from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, type TestServer } from '../support/server.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, startAliceAndBob, voiceClient, type AliceAndBob } from '../support/voice.ts';

const key = (region: string, id = '1234abcd-12ab-34cd-56ef-1234567890ab'): string => `arn:aws:kms:${region}:${ALICE.accountId}:key/${id}`;

describe('voice profile domains through @aws-sdk/client-chime-sdk-voice', () => {
  let world: AliceAndBob;
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let aliceWest: ChimeSDKVoiceClient;

  const create = async (client: ChimeSDKVoiceClient, name: string, region = 'us-east-1', extra: Partial<ConstructorParameters<typeof CreateVoiceProfileDomainCommand>[0]> = {}): Promise<VoiceProfileDomain> =>
    (await client.send(new CreateVoiceProfileDomainCommand({ Name: name, ServerSideEncryptionConfiguration: { KmsKeyArn: key(region) }, ...extra }))).VoiceProfileDomain!;
  const listed = async (client: ChimeSDKVoiceClient): Promise<string[]> => {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListVoiceProfileDomainsCommand({ MaxResults: 2, NextToken }));
      names.push(...(page.VoiceProfileDomains ?? []).map((d) => d.Name!));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    return names;
  };
  const mark = (): number => sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;

  before(async () => {
    world = await startAliceAndBob({ maxVoiceProfileDomainsPerRegion: 5 });
    ({ server, alice, bob } = world);
    aliceWest = voiceClient(server, ALICE, { region: 'us-west-2' });
  });
  after(async () => {
    aliceWest.destroy();
    await world.close();
  });

  it('creates a domain (201) in the region of the request, gets, updates and deletes it (204)', async () => {
    const seq = mark();
    const created = await alice.send(
      new CreateVoiceProfileDomainCommand({
        Name: 'callers',
        Description: 'enrolled callers',
        ServerSideEncryptionConfiguration: { KmsKeyArn: key('us-east-1') },
        Tags: [{ Key: 'team', Value: 'voice' }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const domain = created.VoiceProfileDomain!;
    const id = domain.VoiceProfileDomainId!;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(domain.VoiceProfileDomainArn, `arn:aws:chime:us-east-1:${ALICE.accountId}:voice-profile-domain/${id}`);
    assert.deepEqual(
      { Name: domain.Name, Description: domain.Description, ServerSideEncryptionConfiguration: domain.ServerSideEncryptionConfiguration },
      { Name: 'callers', Description: 'enrolled callers', ServerSideEncryptionConfiguration: { KmsKeyArn: key('us-east-1') } },
    );
    assert.ok(domain.CreatedTimestamp instanceof Date && domain.CreatedTimestamp.getTime() === domain.UpdatedTimestamp!.getTime());

    const { VoiceProfileDomain: got } = await alice.send(new GetVoiceProfileDomainCommand({ VoiceProfileDomainId: id }));
    assert.deepEqual(got, domain);
    assert.deepEqual((await alice.send(new ListTagsForResourceCommand({ ResourceARN: domain.VoiceProfileDomainArn }))).Tags, [{ Key: 'team', Value: 'voice' }]);

    const { VoiceProfileDomain: renamed } = await alice.send(new UpdateVoiceProfileDomainCommand({ VoiceProfileDomainId: id, Name: 'speakers' }));
    assert.deepEqual([renamed!.Name, renamed!.Description], ['speakers', 'enrolled callers'], 'a member left out stays');
    const { VoiceProfileDomain: described } = await alice.send(new UpdateVoiceProfileDomainCommand({ VoiceProfileDomainId: id, Description: '' }));
    assert.deepEqual([described!.Name, described!.Description], ['speakers', '']);
    assert.ok(described!.UpdatedTimestamp!.getTime() >= domain.UpdatedTimestamp!.getTime());
    assert.deepEqual(described!.CreatedTimestamp, domain.CreatedTimestamp);

    const deleted = await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: id }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await assertVoiceError(alice.send(new GetVoiceProfileDomainCommand({ VoiceProfileDomainId: id })), 'NotFoundException', 404, /No voice profile domain with id/);
    await assertVoiceError(alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: id })), 'NotFoundException', 404);
    await assertVoiceError(alice.send(new UpdateVoiceProfileDomainCommand({ VoiceProfileDomainId: id, Name: 'x' })), 'NotFoundException', 404);

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(
      events.map((event) => [event.type, event.resources]),
      [
        ['Voice Profile Domain Created', [{ kind: 'voice-profile-domain', id }]],
        ['Voice Profile Domain Updated', [{ kind: 'voice-profile-domain', id }]],
        ['Voice Profile Domain Updated', [{ kind: 'voice-profile-domain', id }]],
        ['Voice Profile Domain Deleted', [{ kind: 'voice-profile-domain', id }]],
      ],
    );
    assert.deepEqual(events[0]!.detail, {
      VoiceProfileDomainId: id,
      VoiceProfileDomainArn: domain.VoiceProfileDomainArn,
      Name: 'callers',
      Description: 'enrolled callers',
      ServerSideEncryptionConfiguration: { KmsKeyArn: key('us-east-1') },
      CreatedTimestamp: domain.CreatedTimestamp!.toISOString(),
      UpdatedTimestamp: domain.UpdatedTimestamp!.toISOString(),
    });
    assert.deepEqual(events[1]!.detail.Changes, { Name: { Previous: 'callers', Current: 'speakers' } });
  });

  it('keeps each region and each account apart: lists, gets and quotas are per region', async () => {
    const east = await create(alice, 'east-only');
    const west = await create(aliceWest, 'west-only', 'us-west-2');
    assert.match(west.VoiceProfileDomainArn!, /^arn:aws:chime:us-west-2:/);
    assert.deepEqual(await listed(aliceWest), ['west-only']);
    assert.ok((await listed(alice)).includes('east-only') && !(await listed(alice)).includes('west-only'));
    await assertVoiceError(aliceWest.send(new GetVoiceProfileDomainCommand({ VoiceProfileDomainId: east.VoiceProfileDomainId })), 'NotFoundException', 404, /in us-west-2/);
    await assertVoiceError(bob.send(new GetVoiceProfileDomainCommand({ VoiceProfileDomainId: east.VoiceProfileDomainId })), 'NotFoundException', 404);
    await assertVoiceError(bob.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: east.VoiceProfileDomainId })), 'NotFoundException', 404);
    await assertVoiceError(bob.send(new ListTagsForResourceCommand({ ResourceARN: east.VoiceProfileDomainArn })), 'NotFoundException', 404);
    assert.deepEqual(await listed(bob), []);
    // A page token of one region's listing is refused in the other.
    const second = await create(alice, 'second-east');
    const token = (await alice.send(new ListVoiceProfileDomainsCommand({ MaxResults: 1 }))).NextToken;
    assert.ok(token !== undefined, 'two domains in us-east-1: a page of one has a token');
    await assertVoiceError(aliceWest.send(new ListVoiceProfileDomainsCommand({ NextToken: token })), 'BadRequestException', 400, /NextToken/);
    for (const domain of [east, second]) await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: domain.VoiceProfileDomainId }));
    await aliceWest.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: west.VoiceProfileDomainId }));
  });

  it('answers a retried create with the domain the first call made, and refuses the token for another request', async () => {
    const first = await create(alice, 'retried', 'us-east-1', { ClientRequestToken: 'create-retried-1', Description: 'd' });
    const again = await create(alice, 'retried', 'us-east-1', { ClientRequestToken: 'create-retried-1', Description: 'd' });
    assert.deepEqual(again, first);
    assert.equal((await listed(alice)).filter((name) => name === 'retried').length, 1, 'one domain');
    await assertVoiceError(
      create(alice, 'something else', 'us-east-1', { ClientRequestToken: 'create-retried-1' }),
      'ConflictException',
      409,
      /ClientRequestToken create-retried-1 already created voice profile domain/,
    );
    // The token is Alice's in us-east-1 only: Bob, and Alice in us-west-2, may use it.
    const bobs = await create(bob, 'retried', 'us-east-1', { ClientRequestToken: 'create-retried-1', Description: 'd' });
    assert.notEqual(bobs.VoiceProfileDomainId, first.VoiceProfileDomainId);
    await bob.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: bobs.VoiceProfileDomainId }));
    // Once the domain is deleted, its token makes a new one.
    await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: first.VoiceProfileDomainId }));
    const fresh = await create(alice, 'retried', 'us-east-1', { ClientRequestToken: 'create-retried-1', Description: 'd' });
    assert.notEqual(fresh.VoiceProfileDomainId, first.VoiceProfileDomainId);
    await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: fresh.VoiceProfileDomainId }));
  });

  it('refuses a key of another region or kind, a name outside the model, a reserved tag, and a domain beyond the quota', async () => {
    const refused = (kmsKeyArn: string, message: RegExp) =>
      assertVoiceError(alice.send(new CreateVoiceProfileDomainCommand({ Name: 'x', ServerSideEncryptionConfiguration: { KmsKeyArn: kmsKeyArn } })), 'BadRequestException', 400, message);
    await refused(key('eu-west-2'), /names a key of eu-west-2; a voice profile domain of us-east-1 needs a KMS key of us-east-1/);
    await refused(`arn:aws:kms:us-east-1:${ALICE.accountId}:alias/voice`, /must be the ARN of a KMS key/);
    await refused('arn:aws:s3:::bucket', /must be the ARN of a KMS key/);
    await assertVoiceError(
      alice.send(new CreateVoiceProfileDomainCommand({ Name: 'no/slash', ServerSideEncryptionConfiguration: { KmsKeyArn: key('us-east-1') } })),
      'BadRequestException',
      400,
      /Name/,
    );
    await assertVoiceError(create(alice, 'reserved', 'us-east-1', { Tags: [{ Key: 'aws:owner', Value: 'x' }] }), 'BadRequestException', 400, /aws:/);

    const before = (await listed(alice)).length;
    const made: string[] = [];
    for (let i = before; i < 5; i++) made.push((await create(alice, `fill-${i}`)).VoiceProfileDomainId!);
    await assertVoiceError(create(alice, 'one too many'), 'ResourceLimitExceededException', 400, /5 voice profile domains in us-east-1; the limit is 5 per region \(maxVoiceProfileDomainsPerRegion\)/);
    // The quota is per region: us-west-2 still takes one.
    const west = await create(aliceWest, 'west', 'us-west-2');
    await aliceWest.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: west.VoiceProfileDomainId }));
    for (const id of made) await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: id }));
  });

  it('tags a domain by its ARN; an ARN of another region finds nothing', async () => {
    const domain = await create(alice, 'tagged');
    const arn = domain.VoiceProfileDomainArn!;
    await alice.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await alice.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    const { VoiceProfileDomain: got } = await alice.send(new GetVoiceProfileDomainCommand({ VoiceProfileDomainId: domain.VoiceProfileDomainId }));
    assert.deepEqual(got!.UpdatedTimestamp, domain.UpdatedTimestamp, 'tags are not part of the domain');
    await assertVoiceError(alice.send(new ListTagsForResourceCommand({ ResourceARN: arn.replace('us-east-1', 'us-west-2') })), 'NotFoundException', 404);
    await alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: domain.VoiceProfileDomainId }));
  });

  it('is not part of the legacy chime model: /chime/voice-profile-domains answers UnknownOperationException (404)', async () => {
    const sign = { accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey };
    const legacy = await sendRaw(server.url, { method: 'GET', target: '/chime/voice-profile-domains', sign });
    assert.equal(legacy.status, 404, legacy.body);
    assert.match(legacy.body, /No operation of the Amazon Chime API matches GET \/voice-profile-domains/);
    const voice = await sendRaw(server.url, { method: 'GET', target: '/chime-sdk-voice/voice-profile-domains', sign });
    assert.equal(voice.status, 200, voice.body);
    assert.deepEqual(voice.json(), { VoiceProfileDomains: [] });
  });
});

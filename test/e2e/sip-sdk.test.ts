/**
 * SIP media applications and SIP rules through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice):
 * create, get, list (paged), update and delete of each; the model's validation (Lambda ARN pattern) and dialtone's
 * rules (regions, target applications, trigger values); wiring a SipMediaApplicationDialIn number to an application
 * (Assigned, not deletable, the rule deletable only once disabled, Unassigned again after); another account's ids
 * answering NotFoundException; the per-account quotas. The legacy chime model's shapes are checked with raw signed
 * requests under `/chime`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchDeletePhoneNumberCommand,
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  CreateSipMediaApplicationCommand,
  CreateSipRuleCommand,
  CreateVoiceConnectorCommand,
  DeletePhoneNumberCommand,
  DeleteVoiceConnectorCommand,
  DeleteSipMediaApplicationCommand,
  DeleteSipRuleCommand,
  GetPhoneNumberCommand,
  GetSipMediaApplicationCommand,
  GetSipMediaApplicationLoggingConfigurationCommand,
  GetSipRuleCommand,
  ListSipMediaApplicationsCommand,
  ListSipRulesCommand,
  PutSipMediaApplicationLoggingConfigurationCommand,
  UpdateSipMediaApplicationCommand,
  UpdateSipRuleCommand,
  paginateListSipMediaApplications,
  type CreateSipRuleCommandInput,
  type SipMediaApplication,
} from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { assertVoiceError as refused, waitForVoiceOrder } from '../support/voice.ts';

const CAROL = { accountId: '333333333333', accessKeyId: 'AKIDCAROL', secretAccessKey: 'carol-secret' };
const account = accountConfig;
const FAST = { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const lambda = (region = 'us-east-1', name = 'handler'): string => `arn:aws:lambda:${region}:${ALICE.accountId}:function:${name}`;

function voiceClient(server: { url: string }, credentials: { accessKeyId: string; secretAccessKey: string }): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

describe('SIP media applications and SIP rules through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let carol: ChimeSDKVoiceClient;

  before(async () => {
    server = await startTestServer({
      config: {
        ...FAST,
        accounts: [account(ALICE, { maxSipMediaApplicationsPerAccount: 20 }), account(BOB), account(CAROL, { maxSipMediaApplicationsPerAccount: 1, maxSipRulesPerAccount: 1 })],
      },
    });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    carol = voiceClient(server, CAROL);
  });
  after(async () => {
    for (const client of [alice, bob, carol]) client.destroy();
    await server.close();
  });

  /** Orders `e164` for `client`'s account with `productType` and waits until it is owned. */
  async function own(client: ChimeSDKVoiceClient, e164: string, productType: 'SipMediaApplicationDialIn' | 'VoiceConnector' = 'SipMediaApplicationDialIn'): Promise<void> {
    const { PhoneNumberOrder } = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: [e164] }));
    const order = await waitForVoiceOrder(client, PhoneNumberOrder!.PhoneNumberOrderId!);
    assert.equal(order.Status, 'Successful', JSON.stringify(order));
  }

  async function application(client: ChimeSDKVoiceClient, name: string, region = 'us-east-1'): Promise<SipMediaApplication> {
    const created = await client.send(new CreateSipMediaApplicationCommand({ Name: name, AwsRegion: region, Endpoints: [{ LambdaArn: lambda(region) }] }));
    return created.SipMediaApplication!;
  }

  it('creates an application (201) shaped as AWS shapes it, gets, lists, updates and deletes it (204)', async () => {
    const created = await alice.send(
      new CreateSipMediaApplicationCommand({
        Name: 'IVR main_1.a-b',
        AwsRegion: 'us-west-2',
        Endpoints: [{ LambdaArn: lambda('us-west-2', 'ivr-main:$LATEST') }],
        Tags: [{ Key: 'team', Value: 'voice' }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const sma = created.SipMediaApplication!;
    assert.match(sma.SipMediaApplicationId!, UUID);
    assert.equal(sma.AwsRegion, 'us-west-2');
    assert.equal(sma.Name, 'IVR main_1.a-b');
    assert.deepEqual(sma.Endpoints, [{ LambdaArn: lambda('us-west-2', 'ivr-main:$LATEST') }]);
    assert.equal(sma.SipMediaApplicationArn, `arn:aws:chime:us-west-2:${ALICE.accountId}:sma/${sma.SipMediaApplicationId}`);
    assert.ok(sma.CreatedTimestamp instanceof Date && Math.abs(sma.CreatedTimestamp.getTime() - Date.now()) < 60_000);
    assert.deepEqual(sma.UpdatedTimestamp, sma.CreatedTimestamp);

    assert.deepEqual((await alice.send(new GetSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId }))).SipMediaApplication, sma);
    const listed = await alice.send(new ListSipMediaApplicationsCommand({}));
    assert.deepEqual(listed.SipMediaApplications?.find((a) => a.SipMediaApplicationId === sma.SipMediaApplicationId), sma);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const renamed = await alice.send(new UpdateSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId, Name: 'renamed' }));
    assert.equal(renamed.$metadata.httpStatusCode, 200);
    assert.equal(renamed.SipMediaApplication!.Name, 'renamed');
    assert.deepEqual(renamed.SipMediaApplication!.Endpoints, sma.Endpoints, 'what is not given stays');
    assert.ok(renamed.SipMediaApplication!.UpdatedTimestamp! > sma.CreatedTimestamp!);
    const moved = await alice.send(
      new UpdateSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId, Endpoints: [{ LambdaArn: lambda('us-west-2', 'other') }] }),
    );
    assert.equal(moved.SipMediaApplication!.Name, 'renamed');
    assert.deepEqual(moved.SipMediaApplication!.Endpoints, [{ LambdaArn: lambda('us-west-2', 'other') }]);

    const deleted = await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await refused(alice.send(new GetSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId })), 'NotFoundException', 404, /No SIP media application with id/);
    await refused(alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId })), 'NotFoundException', 404);
    await refused(alice.send(new UpdateSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId, Name: 'x' })), 'NotFoundException', 404);
  });

  it('puts and gets an application\'s logging configuration (what is not given is off); it goes with the application', async () => {
    const { SipMediaApplication: sma } = await alice.send(
      new CreateSipMediaApplicationCommand({ Name: 'logged', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: lambda() }] }),
    );
    const id = sma!.SipMediaApplicationId!;
    const get = async () => (await alice.send(new GetSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id }))).SipMediaApplicationLoggingConfiguration;
    assert.equal(await get(), undefined, 'never put: absent');
    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)!.seq;
    const on = await alice.send(
      new PutSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id, SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true } }),
    );
    assert.deepEqual(on.SipMediaApplicationLoggingConfiguration, { EnableSipMediaApplicationMessageLogs: true });
    assert.deepEqual(await get(), { EnableSipMediaApplicationMessageLogs: true });
    const off = await alice.send(new PutSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id }));
    assert.deepEqual(off.SipMediaApplicationLoggingConfiguration, { EnableSipMediaApplicationMessageLogs: false });
    assert.deepEqual(await get(), { EnableSipMediaApplicationMessageLogs: false });
    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(
      events.map((event) => [event.type, event.resources, event.detail]),
      [true, false].map((enabled) => [
        'SIP Media Application Settings Changed',
        [{ kind: 'sma', id }],
        { SipMediaApplicationId: id, SipMediaApplicationArn: sma!.SipMediaApplicationArn, Setting: 'LoggingConfiguration', SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: enabled } },
      ]),
    );
    const { SipMediaApplication: after } = await alice.send(new GetSipMediaApplicationCommand({ SipMediaApplicationId: id }));
    assert.deepEqual(after!.UpdatedTimestamp, sma!.UpdatedTimestamp, 'the logging is not the application: its UpdatedTimestamp stays');
    await refused(bob.send(new GetSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id })), 'NotFoundException', 404);
    await refused(bob.send(new PutSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id })), 'NotFoundException', 404);
    await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: id }));
    await refused(alice.send(new GetSipMediaApplicationLoggingConfigurationCommand({ SipMediaApplicationId: id })), 'NotFoundException', 404, /No SIP media application/);

    // The legacy chime model has the same two operations.
    const sign = { accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey };
    const { SipMediaApplication: bobs } = await bob.send(
      new CreateSipMediaApplicationCommand({ Name: 'bob', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: `arn:aws:lambda:us-east-1:${BOB.accountId}:function:f` }] }),
    );
    const target = `/chime/sip-media-applications/${bobs!.SipMediaApplicationId}/logging-configuration`;
    const put = await sendRaw(server.url, {
      method: 'PUT',
      target,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true } }),
      sign,
    });
    assert.equal(put.status, 200, put.body);
    assert.equal(put.headers['x-dialtone-api'], 'chime');
    assert.deepEqual((await sendRaw(server.url, { method: 'GET', target, sign })).json(), { SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true } });
    await bob.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: bobs!.SipMediaApplicationId }));
  });

  it('pages applications with MaxResults and NextToken', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await application(alice, `page ${i}`)).SipMediaApplicationId);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListSipMediaApplications({ client: alice, pageSize: 2 }, {})) {
      pages++;
      assert.ok(page.SipMediaApplications!.length <= 2);
      seen.push(...page.SipMediaApplications!.map((a) => a.SipMediaApplicationId!));
    }
    assert.ok(pages >= 3);
    for (const id of made) assert.ok(seen.includes(id!), id);
    assert.equal(new Set(seen).size, seen.length, 'no application twice');
    await refused(alice.send(new ListSipMediaApplicationsCommand({ MaxResults: 101 })), 'BadRequestException', 400, /MaxResults/);
    for (const id of made) await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: id }));
  });

  it('refuses a malformed Lambda ARN (model pattern), a Lambda of another region and a region without voice', async () => {
    await refused(
      alice.send(new CreateSipMediaApplicationCommand({ Name: 'bad', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: 'arn:aws:lambda:nowhere' }] })),
      'BadRequestException',
      400,
      /LambdaArn/,
    );
    await refused(
      alice.send(new CreateSipMediaApplicationCommand({ Name: 'bad', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: lambda('eu-west-1') }] })),
      'BadRequestException',
      400,
      /eu-west-1; it must be in the application's region us-east-1/,
    );
    await refused(
      alice.send(new CreateSipMediaApplicationCommand({ Name: 'bad', AwsRegion: 'sa-east-1', Endpoints: [{ LambdaArn: lambda('sa-east-1') }] })),
      'BadRequestException',
      400,
      /AwsRegion sa-east-1 is not a region of SIP media applications/,
    );
    await refused(
      alice.send(new CreateSipMediaApplicationCommand({ Name: 'bad', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: lambda() }, { LambdaArn: lambda() }] })),
      'BadRequestException',
      400,
      /Endpoints/,
    );
  });

  it('wires a number to an application: Assigned, not deletable, rule deletable once disabled, then Unassigned and deletable', async () => {
    const e164 = '+12065550140';
    await own(alice, e164);
    const sma = await application(alice, 'front desk');
    const created = await alice.send(
      new CreateSipRuleCommand({
        Name: 'front desk line',
        TriggerType: 'ToPhoneNumber',
        TriggerValue: e164,
        TargetApplications: [{ SipMediaApplicationId: sma.SipMediaApplicationId, Priority: 1, AwsRegion: 'us-east-1' }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    const rule = created.SipRule!;
    assert.match(rule.SipRuleId!, UUID);
    assert.equal(rule.Disabled, false, 'enabled by default');
    assert.equal(rule.TriggerType, 'ToPhoneNumber');
    assert.equal(rule.TriggerValue, e164);
    assert.deepEqual(rule.TargetApplications, [{ SipMediaApplicationId: sma.SipMediaApplicationId, Priority: 1, AwsRegion: 'us-east-1' }]);
    assert.deepEqual((await alice.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).SipRule, rule);

    const number = (await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!;
    assert.equal(number.Status, 'Assigned');
    await refused(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: e164 })), 'BadRequestException', 400, /has associations/);
    const batch = await alice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: [e164] }));
    assert.deepEqual(batch.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [[e164, 'PhoneNumberAssociationsExist']]);
    await refused(alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId })), 'ConflictException', 409, /is a target of SIP rule/);

    await refused(alice.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId })), 'ConflictException', 409, /is enabled; disable it/);
    const disabled = await alice.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'front desk line', Disabled: true }));
    assert.equal(disabled.$metadata.httpStatusCode, 202);
    assert.equal(disabled.SipRule!.Disabled, true);
    assert.deepEqual(disabled.SipRule!.TargetApplications, rule.TargetApplications, 'targets not given stay');
    assert.equal((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!.Status, 'Assigned', 'a disabled rule keeps its number');

    const deleted = await alice.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await refused(alice.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId })), 'NotFoundException', 404, /No SIP rule with id/);
    assert.equal((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!.Status, 'Unassigned');
    await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: sma.SipMediaApplicationId }));
    const gone = await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: e164 }));
    assert.equal(gone.$metadata.httpStatusCode, 204);
    assert.equal((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!.Status, 'DeleteInProgress');
  });

  it('refuses trigger values that are not the account\'s free SipMediaApplicationDialIn numbers or connector hosts', async () => {
    const [dialIn, connectorNumber] = ['+12065550141', '+12065550142'];
    await own(alice, dialIn);
    await own(alice, connectorNumber, 'VoiceConnector');
    const sma = await application(alice, 'rules');
    const targets = [{ SipMediaApplicationId: sma.SipMediaApplicationId, Priority: 1 }];
    const rule = (await alice.send(new CreateSipRuleCommand({ Name: 'one', TriggerType: 'ToPhoneNumber', TriggerValue: dialIn, TargetApplications: targets }))).SipRule!;
    assert.equal(rule.TargetApplications![0]!.AwsRegion, 'us-east-1', 'the application\'s region when none is given');

    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'two', TriggerType: 'ToPhoneNumber', TriggerValue: dialIn, TargetApplications: targets })),
      'ConflictException',
      409,
      /already associated/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'vc', TriggerType: 'ToPhoneNumber', TriggerValue: connectorNumber, TargetApplications: targets })),
      'BadRequestException',
      400,
      /product type VoiceConnector; only SipMediaApplicationDialIn/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'unowned', TriggerType: 'ToPhoneNumber', TriggerValue: '+12065550199', TargetApplications: targets })),
      'BadRequestException',
      400,
      /not a phone number this account owns/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'malformed', TriggerType: 'ToPhoneNumber', TriggerValue: 'front desk', TargetApplications: targets })),
      'BadRequestException',
      400,
      /TriggerValue must be a phone number in E.164 format/,
    );
    await refused(
      // The SDK's types require TargetApplications; the chime-sdk-voice model dialtone serves (botocore's) leaves it optional
      alice.send(new CreateSipRuleCommand({ Name: 'no targets', TriggerType: 'ToPhoneNumber', TriggerValue: dialIn } as CreateSipRuleCommandInput)),
      'BadRequestException',
      400,
      /TargetApplications must name at least one/,
    );
    await refused(
      alice.send(
        new CreateSipRuleCommand({
          Name: 'region',
          TriggerType: 'ToPhoneNumber',
          TriggerValue: dialIn,
          TargetApplications: [{ SipMediaApplicationId: sma.SipMediaApplicationId, Priority: 1, AwsRegion: 'us-west-2' }],
        }),
      ),
      'BadRequestException',
      400,
      /is in us-east-1, not us-west-2/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'ghost', TriggerType: 'ToPhoneNumber', TriggerValue: dialIn, TargetApplications: [{ SipMediaApplicationId: 'no-such-app', Priority: 1 }] })),
      'BadRequestException',
      400,
      /no SIP media application with id no-such-app/,
    );

    const vc = (await alice.send(new CreateVoiceConnectorCommand({ Name: 'trunk', RequireEncryption: true }))).VoiceConnector!;
    const hostRule = (
      await alice.send(new CreateSipRuleCommand({ Name: 'host', TriggerType: 'RequestUriHostname', TriggerValue: vc.OutboundHostName, TargetApplications: targets }))
    ).SipRule!;
    assert.equal(hostRule.TriggerValue, vc.OutboundHostName);
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'host2', TriggerType: 'RequestUriHostname', TriggerValue: vc.OutboundHostName, TargetApplications: targets })),
      'ConflictException',
      409,
      /already exists/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'host3', TriggerType: 'RequestUriHostname', TriggerValue: 'abcdefghij0123456789ab.voiceconnector.chime.aws', TargetApplications: targets })),
      'BadRequestException',
      400,
      /not the outbound host name of a voice connector of this account/,
    );
    await refused(
      alice.send(new CreateSipRuleCommand({ Name: 'host4', TriggerType: 'RequestUriHostname', TriggerValue: 'example.com', TargetApplications: targets })),
      'BadRequestException',
      400,
    );

    const other = await application(alice, 'other');
    const listedAll = (await alice.send(new ListSipRulesCommand({}))).SipRules!.map((r) => r.SipRuleId);
    assert.ok(listedAll.includes(rule.SipRuleId) && listedAll.includes(hostRule.SipRuleId));
    const filtered = await alice.send(new ListSipRulesCommand({ SipMediaApplicationId: sma.SipMediaApplicationId, MaxResults: 1 }));
    assert.equal(filtered.SipRules!.length, 1);
    assert.ok(filtered.NextToken);
    const rest = await alice.send(new ListSipRulesCommand({ SipMediaApplicationId: sma.SipMediaApplicationId, MaxResults: 1, NextToken: filtered.NextToken }));
    assert.deepEqual([...filtered.SipRules!, ...rest.SipRules!].map((r) => r.SipRuleId).sort(), [rule.SipRuleId, hostRule.SipRuleId].sort());
    assert.deepEqual((await alice.send(new ListSipRulesCommand({ SipMediaApplicationId: other.SipMediaApplicationId }))).SipRules, []);

    const retargeted = await alice.send(
      new UpdateSipRuleCommand({ SipRuleId: hostRule.SipRuleId, Name: 'host moved', TargetApplications: [{ SipMediaApplicationId: other.SipMediaApplicationId, Priority: 2 }] }),
    );
    assert.deepEqual(retargeted.SipRule!.TargetApplications, [{ SipMediaApplicationId: other.SipMediaApplicationId, Priority: 2, AwsRegion: 'us-east-1' }]);
    assert.equal(retargeted.SipRule!.Name, 'host moved');
    assert.equal(retargeted.SipRule!.Disabled, false);
    assert.deepEqual((await alice.send(new ListSipRulesCommand({ SipMediaApplicationId: other.SipMediaApplicationId }))).SipRules!.map((r) => r.SipRuleId), [hostRule.SipRuleId]);

    // The connector whose host name a rule is triggered by cannot go while the rule is there.
    await refused(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId })), 'ConflictException', 409, new RegExp(`trigger of SIP rule ${hostRule.SipRuleId}; delete the rule`));
    await alice.send(new UpdateSipRuleCommand({ SipRuleId: hostRule.SipRuleId, Name: 'host moved', Disabled: true }));
    await alice.send(new DeleteSipRuleCommand({ SipRuleId: hostRule.SipRuleId }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc.VoiceConnectorId }));
  });

  it('answers NotFoundException for another account\'s applications and rules, BadRequest for its application as a target', async () => {
    const e164 = '+12065550143';
    await own(alice, e164);
    const sma = await application(alice, 'private');
    const rule = (
      await alice.send(
        new CreateSipRuleCommand({ Name: 'private', TriggerType: 'ToPhoneNumber', TriggerValue: e164, TargetApplications: [{ SipMediaApplicationId: sma.SipMediaApplicationId, Priority: 1 }] }),
      )
    ).SipRule!;
    const id = { SipMediaApplicationId: sma.SipMediaApplicationId };
    await refused(bob.send(new GetSipMediaApplicationCommand(id)), 'NotFoundException', 404);
    await refused(bob.send(new UpdateSipMediaApplicationCommand({ ...id, Name: 'mine' })), 'NotFoundException', 404);
    await refused(bob.send(new DeleteSipMediaApplicationCommand(id)), 'NotFoundException', 404);
    await refused(bob.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId })), 'NotFoundException', 404);
    await refused(bob.send(new UpdateSipRuleCommand({ SipRuleId: rule.SipRuleId, Name: 'mine', Disabled: true })), 'NotFoundException', 404);
    await refused(bob.send(new DeleteSipRuleCommand({ SipRuleId: rule.SipRuleId })), 'NotFoundException', 404);
    assert.deepEqual((await bob.send(new ListSipRulesCommand({}))).SipRules, []);
    assert.deepEqual((await bob.send(new ListSipMediaApplicationsCommand({}))).SipMediaApplications, []);
    await refused(
      bob.send(new CreateSipRuleCommand({ Name: 'theirs', TriggerType: 'ToPhoneNumber', TriggerValue: e164, TargetApplications: [{ ...id, Priority: 1 }] })),
      'BadRequestException',
      400,
    );
    assert.equal((await alice.send(new GetSipRuleCommand({ SipRuleId: rule.SipRuleId }))).SipRule!.Disabled, false, 'untouched');
  });

  it('enforces the per-account quotas of applications and rules', async () => {
    const first = await application(carol, 'only');
    await refused(application(carol, 'second'), 'ResourceLimitExceededException', 400, /the limit is 1 SIP media applications per account \(maxSipMediaApplicationsPerAccount\)/);
    const [one, two] = ['+12065550144', '+12065550145'];
    await own(carol, one);
    await own(carol, two);
    const targets = [{ SipMediaApplicationId: first.SipMediaApplicationId, Priority: 1 }];
    await carol.send(new CreateSipRuleCommand({ Name: 'one', TriggerType: 'ToPhoneNumber', TriggerValue: one, TargetApplications: targets }));
    await refused(
      carol.send(new CreateSipRuleCommand({ Name: 'two', TriggerType: 'ToPhoneNumber', TriggerValue: two, TargetApplications: targets })),
      'ResourceLimitExceededException',
      400,
      /maxSipRulesPerAccount/,
    );
    assert.equal((await carol.send(new GetPhoneNumberCommand({ PhoneNumberId: two }))).PhoneNumber!.Status, 'Unassigned', 'nothing written');
  });

  it('serves the legacy chime model\'s shapes of the same operations', async () => {
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const created = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/sip-media-applications',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'legacy', AwsRegion: 'us-west-2', Endpoints: [{ LambdaArn: lambda('us-west-2') }] }),
      sign,
    });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.headers['x-dialtone-api'], 'chime');
    const sma = created.json().SipMediaApplication as Record<string, unknown>;
    assert.equal(sma.AwsRegion, 'us-west-2');
    assert.equal(Object.hasOwn(sma, 'SipMediaApplicationArn'), false, 'legacy SipMediaApplication has no ARN');
    const euRegion = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/sip-media-applications',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'legacy', AwsRegion: 'eu-west-2', Endpoints: [{ LambdaArn: lambda('eu-west-2') }] }),
      sign,
    });
    assert.equal(euRegion.status, 400, 'the legacy voice regions are us-east-1 and us-west-2');
    const noTargets = await sendRaw(server.url, {
      method: 'POST',
      target: '/chime/sip-rules',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'legacy', TriggerType: 'ToPhoneNumber', TriggerValue: '+12065550146' }),
      sign,
    });
    assert.equal(noTargets.status, 400, 'legacy requires TargetApplications');
    assert.match(String(noTargets.json().Message), /TargetApplications/);
    const listed = await sendRaw(server.url, { method: 'GET', target: `/chime/sip-rules?sip-media-application=${String(sma.SipMediaApplicationId)}&max-results=99`, sign });
    assert.equal(listed.status, 200, listed.body);
    assert.deepEqual(listed.json().SipRules, []);
    const deleted = await sendRaw(server.url, { method: 'DELETE', target: `/chime/sip-media-applications/${String(sma.SipMediaApplicationId)}`, sign });
    assert.equal(deleted.status, 204, deleted.body);
  });
});

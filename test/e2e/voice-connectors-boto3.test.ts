/**
 * Voice connectors and groups through boto3 against a listening dialtone: `boto3.client('chime-sdk-voice')` with both
 * ages of botocore users run (Debian's 1.29, whose voice model predates `Tags` and `IntegrationType`, and the current one
 * of `python3` on PATH), and the legacy `boto3.client('chime')` where its model still has these operations (1.29).
 * Each case runs one Python script of several calls that prints JSON; botocore's own parsing turns dialtone's answers
 * into datetimes and `ClientError` codes. Tags through whichever of the two models the botocore has them in. Skipped, with the reason, when boto3 is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOTO3_PRELUDE, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';

/** The shared prelude (`client`, `call`) and `has_member(client, operation, member)`; the case fills `out`. */
const PRELUDE = `${BOTO3_PRELUDE}def has_member(c, operation, member):
    return member in c.meta.service_model.operation_model(operation).input_shape.members
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number } };
type Connector = { VoiceConnectorId: string; AwsRegion: string; Name: string; OutboundHostName: string; RequireEncryption: boolean; CreatedTimestamp: string; UpdatedTimestamp: string; VoiceConnectorArn: string; IntegrationType?: string };

const CAROL = { accountId: '333333333333', accessKeyId: 'AKIDCAROL', secretAccessKey: 'carol-secret' };
const account = accountConfig;

for (const PYTHON of PYTHONS) describe(`boto3 voice connectors against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, Result & Record<string, unknown>>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE, bob: BOB, carol: CAROL }, home }, `${PRELUDE}\n${body}`);
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-home-'));
    server = await startTestServer({ config: { accounts: [account(ALICE, { maxVoiceConnectorsPerAccount: 10 }), account(BOB), account(CAROL)] } });
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('creates, gets, lists, updates and deletes a connector; lists the regions; timestamps parsed by botocore', async () => {
    const out = await run(`
v = client('chime-sdk-voice')
extra = {'Tags': [{'Key': 'team', 'Value': 'voice'}], 'IntegrationType': 'CONNECT_CALL_TRANSFER_CONNECTOR'} if has_member(v, 'CreateVoiceConnector', 'Tags') else {}
out['modern'] = bool(extra)
out['created'] = call(v, 'create_voice_connector', Name='boto trunk', RequireEncryption=True, AwsRegion='us-west-2', **extra)
vc_id = out['created']['ok']['VoiceConnector']['VoiceConnectorId']
out['got'] = call(v, 'get_voice_connector', VoiceConnectorId=vc_id)
out['listed'] = call(v, 'list_voice_connectors')
out['updated'] = call(v, 'update_voice_connector', VoiceConnectorId=vc_id, Name='renamed', RequireEncryption=False)
out['regions'] = call(v, 'list_available_voice_connector_regions')
out['deleted'] = call(v, 'delete_voice_connector', VoiceConnectorId=vc_id)
out['gone'] = call(v, 'get_voice_connector', VoiceConnectorId=vc_id)
`);
    const vc = out.created!.ok?.VoiceConnector as Connector;
    assert.ok(vc, JSON.stringify(out.created));
    assert.match(vc.VoiceConnectorId, /^[a-z0-9]{22}$/);
    assert.equal(vc.AwsRegion, 'us-west-2');
    assert.equal(vc.OutboundHostName, `${vc.VoiceConnectorId}.voiceconnector.chime.aws`);
    assert.equal(vc.VoiceConnectorArn, `arn:aws:chime:us-west-2:${ALICE.accountId}:vc/${vc.VoiceConnectorId}`);
    assert.match(vc.CreatedTimestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/, 'a datetime, not a raw string');
    if (out.modern) assert.equal(vc.IntegrationType, 'CONNECT_CALL_TRANSFER_CONNECTOR');
    assert.deepEqual(out.got!.ok?.VoiceConnector, vc);
    assert.deepEqual(out.listed!.ok?.VoiceConnectors, [vc]);
    const updated = out.updated!.ok?.VoiceConnector as Connector;
    assert.equal(updated.Name, 'renamed');
    assert.equal(updated.RequireEncryption, false);
    assert.equal((out.regions!.ok?.VoiceConnectorRegions as string[]).length, 10);
    assert.deepEqual(out.deleted!.ok, {});
    assert.deepEqual(out.gone!.error, { code: 'NotFoundException', message: `No voice connector with id ${vc.VoiceConnectorId} exists in this account`, status: 404 });
  });

  it('pages with MaxResults and NextToken; refuses an enum value and a bound the model sets', async () => {
    const out = await run(`
v = client('chime-sdk-voice')
ids = [call(v, 'create_voice_connector', Name='p%d' % i, RequireEncryption=False)['ok']['VoiceConnector']['VoiceConnectorId'] for i in range(5)]
out['ids'] = ids
seen, token, pages = [], None, 0
while True:
    page = call(v, 'list_voice_connectors', MaxResults=2, **({'NextToken': token} if token else {}))['ok']
    pages += 1
    seen += [c['VoiceConnectorId'] for c in page['VoiceConnectors']]
    token = page.get('NextToken')
    if not token:
        break
out['seen'], out['pages'] = seen, pages
out['region'] = call(v, 'create_voice_connector', Name='mars', RequireEncryption=True, AwsRegion='mars-north-1')
out['max'] = call(v, 'list_voice_connectors', MaxResults=101)
for i in ids:
    call(v, 'delete_voice_connector', VoiceConnectorId=i)
`);
    assert.deepEqual(out.seen, out.ids);
    assert.equal(out.pages, 3);
    assert.equal(out.region!.error?.code, 'BadRequestException', JSON.stringify(out.region));
    assert.match(out.region!.error?.message ?? '', /AwsRegion/);
    assert.equal(out.max!.error?.code, 'BadRequestException');
    assert.match(out.max!.error?.message ?? '', /MaxResults/);
  });

  it('groups: create, update (items replaced), conflicts on deleting what is in use, NotFound across accounts, quota', async () => {
    const out = await run(`
v, bob, carol = client('chime-sdk-voice'), client('chime-sdk-voice', 'bob'), client('chime-sdk-voice', 'carol')
a = call(v, 'create_voice_connector', Name='a', RequireEncryption=True)['ok']['VoiceConnector']['VoiceConnectorId']
b = call(v, 'create_voice_connector', Name='b', RequireEncryption=True)['ok']['VoiceConnector']['VoiceConnectorId']
out['ab'] = [a, b]
out['group'] = call(v, 'create_voice_connector_group', Name='pair', VoiceConnectorItems=[{'VoiceConnectorId': a, 'Priority': 1}, {'VoiceConnectorId': b, 'Priority': 2}])
g = out['group']['ok']['VoiceConnectorGroup']['VoiceConnectorGroupId']
out['in_use'] = call(v, 'delete_voice_connector', VoiceConnectorId=a)
out['has_items'] = call(v, 'delete_voice_connector_group', VoiceConnectorGroupId=g)
out['bob_get'] = call(bob, 'get_voice_connector_group', VoiceConnectorGroupId=g)
out['bob_vc'] = call(bob, 'get_voice_connector', VoiceConnectorId=a)
out['bob_steal'] = call(bob, 'create_voice_connector_group', Name='steal', VoiceConnectorItems=[{'VoiceConnectorId': a, 'Priority': 1}])
out['updated'] = call(v, 'update_voice_connector_group', VoiceConnectorGroupId=g, Name='emptied', VoiceConnectorItems=[])
out['listed'] = call(v, 'list_voice_connector_groups')
out['deleted_group'] = call(v, 'delete_voice_connector_group', VoiceConnectorGroupId=g)
out['deleted_a'] = call(v, 'delete_voice_connector', VoiceConnectorId=a)
call(v, 'delete_voice_connector', VoiceConnectorId=b)
out['quota'] = [call(carol, 'create_voice_connector', Name='q%d' % i, RequireEncryption=True) for i in range(4)]
`);
    const [a, b] = out.ab as unknown as string[];
    const group = out.group!.ok?.VoiceConnectorGroup as { VoiceConnectorGroupId: string; VoiceConnectorItems: unknown[]; VoiceConnectorGroupArn: string };
    assert.ok(group, JSON.stringify(out.group));
    assert.deepEqual(group.VoiceConnectorItems, [{ VoiceConnectorId: a, Priority: 1 }, { VoiceConnectorId: b, Priority: 2 }]);
    assert.equal(group.VoiceConnectorGroupArn, `arn:aws:chime:us-east-1:${ALICE.accountId}:vcg/${group.VoiceConnectorGroupId}`);
    assert.equal(out.in_use!.error?.code, 'ConflictException');
    assert.equal(out.in_use!.error?.status, 409);
    assert.equal(out.has_items!.error?.code, 'ConflictException');
    assert.equal(out.bob_get!.error?.code, 'NotFoundException');
    assert.equal(out.bob_vc!.error?.code, 'NotFoundException');
    assert.equal(out.bob_steal!.error?.code, 'BadRequestException');
    assert.deepEqual((out.updated!.ok?.VoiceConnectorGroup as { VoiceConnectorItems: unknown[] }).VoiceConnectorItems, []);
    assert.equal((out.listed!.ok?.VoiceConnectorGroups as unknown[]).length, 1);
    assert.deepEqual(out.deleted_group!.ok, {});
    assert.deepEqual(out.deleted_a!.ok, {});
    const quota = out.quota as unknown as Result[];
    assert.deepEqual(quota.map((r) => (r.ok ? 'ok' : r.error?.code)), ['ok', 'ok', 'ok', 'ResourceLimitExceededException']);
    assert.match(quota[3]!.error!.message, /the limit is 3 voice connectors per account/);
  });

  it('the legacy chime client, where its model has voice connectors, reads and writes the same connectors', async () => {
    const out = await run(`
legacy = client('chime')
out['has'] = 'CreateVoiceConnector' in legacy.meta.service_model.operation_names
if out['has']:
    out['created'] = call(legacy, 'create_voice_connector', Name='legacy trunk', RequireEncryption=True)
    vc_id = out['created']['ok']['VoiceConnector']['VoiceConnectorId']
    out['voice_view'] = call(client('chime-sdk-voice'), 'get_voice_connector', VoiceConnectorId=vc_id)
    out['group'] = call(legacy, 'create_voice_connector_group', Name='legacy group', VoiceConnectorItems=[{'VoiceConnectorId': vc_id, 'Priority': 1}])
    out['in_use'] = call(legacy, 'delete_voice_connector', VoiceConnectorId=vc_id)
    call(legacy, 'update_voice_connector_group', VoiceConnectorGroupId=out['group']['ok']['VoiceConnectorGroup']['VoiceConnectorGroupId'], Name='x', VoiceConnectorItems=[])
    call(legacy, 'delete_voice_connector_group', VoiceConnectorGroupId=out['group']['ok']['VoiceConnectorGroup']['VoiceConnectorGroupId'])
    out['deleted'] = call(legacy, 'delete_voice_connector', VoiceConnectorId=vc_id)
`);
    if (!out.has) return; // botocore of 2023 and later: the chime model no longer has the voice connector operations
    const vc = out.created!.ok?.VoiceConnector as Connector;
    assert.ok(vc, JSON.stringify(out.created));
    assert.equal(vc.AwsRegion, 'us-east-1');
    assert.deepEqual(out.voice_view!.ok?.VoiceConnector, vc);
    assert.equal(out.in_use!.error?.code, 'ConflictException');
    assert.deepEqual(out.deleted!.ok, {});
  });

  it('tags a connector: chime-sdk-voice where its model has the tag operations, else the legacy chime client', async () => {
    const out = await run(`
v = client('chime-sdk-voice')
voice_tags = 'TagResource' in v.meta.service_model.operation_names
out['by'] = 'chime-sdk-voice' if voice_tags else 'chime'
t = v if voice_tags else client('chime')
arn = call(v, 'create_voice_connector', Name='tagged', RequireEncryption=True, AwsRegion='us-west-2')['ok']['VoiceConnector']['VoiceConnectorArn']
out['arn'] = arn
out['tagged'] = call(t, 'tag_resource', ResourceARN=arn, Tags=[{'Key': 'team', 'Value': 'voice'}, {'Key': 'cost', 'Value': '100'}])
out['replaced'] = call(t, 'tag_resource', ResourceARN=arn, Tags=[{'Key': 'cost', 'Value': '200'}])
out['listed'] = call(t, 'list_tags_for_resource', ResourceARN=arn)
out['untagged'] = call(t, 'untag_resource', ResourceARN=arn, TagKeys=['team', 'absent'])
out['after'] = call(t, 'list_tags_for_resource', ResourceARN=arn)
out['reserved'] = call(t, 'tag_resource', ResourceARN=arn, Tags=[{'Key': 'aws:x', 'Value': 'y'}])
out['bob'] = call(client('chime' if not voice_tags else 'chime-sdk-voice', 'bob'), 'list_tags_for_resource', ResourceARN=arn)
out['group'] = call(t, 'list_tags_for_resource', ResourceARN=arn.replace(':vc/', ':vcg/'))
call(v, 'delete_voice_connector', VoiceConnectorId=arn.split('/')[-1])
`);
    assert.equal(out.by, PYTHON === 'python3' ? 'chime-sdk-voice' : 'chime', 'botocore 1.29 has the tag operations in chime only; the current one in chime-sdk-voice only');
    assert.deepEqual(out.tagged, { ok: {} });
    assert.deepEqual(out.replaced, { ok: {} });
    assert.deepEqual(out.listed!.ok, { Tags: [{ Key: 'team', Value: 'voice' }, { Key: 'cost', Value: '200' }] });
    assert.deepEqual(out.untagged, { ok: {} });
    assert.deepEqual(out.after!.ok, { Tags: [{ Key: 'cost', Value: '200' }] });
    assert.equal(out.reserved!.error?.code, 'BadRequestException');
    assert.match(out.reserved!.error?.message ?? '', /aws:/);
    assert.equal(out.bob!.error?.code, 'NotFoundException');
    assert.equal(out.bob!.error?.status, 404);
    assert.equal(out.group!.error?.code, 'BadRequestException');
  });

  it('puts and reads origination, termination, credentials, logging and streaming with chime-sdk-voice (and legacy chime where it has them)', async () => {
    const out = await run(`
v = client('chime-sdk-voice')
legacy = client('chime')
vc_id = call(v, 'create_voice_connector', Name='trunked', RequireEncryption=False)['ok']['VoiceConnector']['VoiceConnectorId']
out['none'] = call(v, 'get_voice_connector_origination', VoiceConnectorId=vc_id)
out['origination'] = call(v, 'put_voice_connector_origination', VoiceConnectorId=vc_id, Origination={'Routes': [{'Host': 'pbx.example.com', 'Port': 5080, 'Protocol': 'TCP', 'Priority': 1, 'Weight': 10}], 'Disabled': False})
out['termination'] = call(v, 'put_voice_connector_termination', VoiceConnectorId=vc_id, Termination={'CallingRegions': ['US'], 'CidrAllowedList': ['198.51.100.0/24']})
out['got_termination'] = call(v, 'get_voice_connector_termination', VoiceConnectorId=vc_id)
out['credentials'] = call(v, 'put_voice_connector_termination_credentials', VoiceConnectorId=vc_id, Credentials=[{'Username': 'pbx', 'Password': 'boto-Secret'}])
out['usernames'] = call(v, 'list_voice_connector_termination_credentials', VoiceConnectorId=vc_id)
out['bad'] = call(v, 'put_voice_connector_termination', VoiceConnectorId=vc_id, Termination={'CallingRegions': ['US'], 'CidrAllowedList': ['not a network']})
if 'GetVoiceConnectorOrigination' in legacy.meta.service_model.operation_names:
    out['legacy'] = call(legacy, 'get_voice_connector_origination', VoiceConnectorId=vc_id)
out['logging'] = call(v, 'put_voice_connector_logging_configuration', VoiceConnectorId=vc_id, LoggingConfiguration={'EnableSIPLogs': True})
out['streaming'] = call(v, 'put_voice_connector_streaming_configuration', VoiceConnectorId=vc_id, StreamingConfiguration={'DataRetentionInHours': 2, 'Disabled': False, 'StreamingNotificationTargets': [{'NotificationTarget': 'SNS'}]})
out['got_streaming'] = call(v, 'get_voice_connector_streaming_configuration', VoiceConnectorId=vc_id)
out['deleted'] = call(v, 'delete_voice_connector_origination', VoiceConnectorId=vc_id)
out['after'] = call(v, 'get_voice_connector_origination', VoiceConnectorId=vc_id)
call(v, 'delete_voice_connector', VoiceConnectorId=vc_id)
`);
    const origination = { Routes: [{ Host: 'pbx.example.com', Port: 5080, Protocol: 'TCP', Priority: 1, Weight: 10 }], Disabled: false };
    assert.deepEqual(out.none, { ok: {} });
    assert.deepEqual(out.origination!.ok, { Origination: origination });
    assert.deepEqual(out.termination!.ok, { Termination: { CpsLimit: 1, CallingRegions: ['US'], CidrAllowedList: ['198.51.100.0/24'], Disabled: false } });
    assert.deepEqual(out.got_termination!.ok, out.termination!.ok);
    assert.deepEqual(out.credentials, { ok: {} });
    assert.deepEqual(out.usernames!.ok, { Usernames: ['pbx'] });
    assert.equal(out.bad!.error?.code, 'BadRequestException');
    assert.match(out.bad!.error?.message ?? '', /CidrAllowedList entry 1/);
    if (PYTHON === '/usr/bin/python3') assert.deepEqual(out.legacy!.ok, { Origination: origination }, 'botocore 1.29 has them in chime too');
    // botocore 1.29's model predates EnableMediaMetricLogs, and its parser drops what its model lacks.
    const logging = PYTHON === 'python3' ? { EnableSIPLogs: true, EnableMediaMetricLogs: false } : { EnableSIPLogs: true };
    assert.deepEqual(out.logging!.ok, { LoggingConfiguration: logging });
    const streaming = { StreamingConfiguration: { DataRetentionInHours: 2, Disabled: false, StreamingNotificationTargets: [{ NotificationTarget: 'SNS' }] } };
    assert.deepEqual(out.streaming!.ok, streaming);
    assert.deepEqual(out.got_streaming!.ok, streaming);
    assert.deepEqual(out.deleted, { ok: {} });
    assert.deepEqual(out.after, { ok: {} });
  });

  it('sets and unsets the voice connectors\' call detail record bucket (global settings)', async () => {
    const out = await run(`
v, bob = client('chime-sdk-voice'), client('chime-sdk-voice', 'bob')
out['none'] = call(bob, 'get_global_settings')
out['set'] = call(bob, 'update_global_settings', VoiceConnector={'CdrBucket': 'bob-cdrs'})
out['got'] = call(bob, 'get_global_settings')
out['bad'] = call(bob, 'update_global_settings', VoiceConnector={'CdrBucket': 'Not_A_Bucket'})
out['unset'] = call(bob, 'update_global_settings', VoiceConnector={})
out['after'] = call(bob, 'get_global_settings')
`);
    assert.deepEqual(out.none, { ok: {} });
    assert.deepEqual(out.set, { ok: {} });
    assert.deepEqual(out.got, { ok: { VoiceConnector: { CdrBucket: 'bob-cdrs' } } });
    assert.equal(out.bad!.error?.code, 'BadRequestException');
    assert.match(out.bad!.error?.message ?? '', /not an S3 bucket name/);
    assert.deepEqual(out.unset, { ok: {} });
    assert.deepEqual(out.after, { ok: {} });
  });

  it('puts, gets and deletes a connector\'s emergency calling and proxy, and an application\'s logging, with chime-sdk-voice', async () => {
    const out = await run(`
v = client('chime-sdk-voice', 'bob')
vc_id = v.create_voice_connector(Name='emergency', RequireEncryption=False)['VoiceConnector']['VoiceConnectorId']
dnis = {'DNIS': [{'EmergencyPhoneNumber': '+12065550911', 'TestPhoneNumber': '12065550912', 'CallingCountry': 'US'}]}
out['early'] = call(v, 'put_voice_connector_emergency_calling_configuration', VoiceConnectorId=vc_id, EmergencyCallingConfiguration=dnis)
v.put_voice_connector_origination(VoiceConnectorId=vc_id, Origination={'Routes': [{'Host': 'pbx.example.com', 'Port': 5060, 'Protocol': 'UDP', 'Priority': 1, 'Weight': 1}], 'Disabled': False})
v.put_voice_connector_termination(VoiceConnectorId=vc_id, Termination={'CallingRegions': ['US'], 'CidrAllowedList': ['203.0.113.0/24'], 'CpsLimit': 1, 'Disabled': False})
out['put'] = call(v, 'put_voice_connector_emergency_calling_configuration', VoiceConnectorId=vc_id, EmergencyCallingConfiguration=dnis)
out['got'] = call(v, 'get_voice_connector_emergency_calling_configuration', VoiceConnectorId=vc_id)
out['deleted'] = call(v, 'delete_voice_connector_emergency_calling_configuration', VoiceConnectorId=vc_id)
out['after'] = call(v, 'get_voice_connector_emergency_calling_configuration', VoiceConnectorId=vc_id)
out['proxy'] = call(v, 'put_voice_connector_proxy', VoiceConnectorId=vc_id, DefaultSessionExpiryMinutes=30, PhoneNumberPoolCountries=['US'], FallBackPhoneNumber='+12065550100')
out['got_proxy'] = call(v, 'get_voice_connector_proxy', VoiceConnectorId=vc_id)
out['bad_proxy'] = call(v, 'put_voice_connector_proxy', VoiceConnectorId=vc_id, DefaultSessionExpiryMinutes=0, PhoneNumberPoolCountries=['US'])
out['no_proxy'] = call(v, 'delete_voice_connector_proxy', VoiceConnectorId=vc_id)
out['health'] = call(v, 'get_voice_connector_termination_health', VoiceConnectorId=vc_id)
v.delete_voice_connector_origination(VoiceConnectorId=vc_id)
v.delete_voice_connector_termination(VoiceConnectorId=vc_id)
v.delete_voice_connector(VoiceConnectorId=vc_id)
sma_id = v.create_sip_media_application(Name='logged', AwsRegion='us-east-1', Endpoints=[{'LambdaArn': 'arn:aws:lambda:us-east-1:222222222222:function:f'}])['SipMediaApplication']['SipMediaApplicationId']
out['no_logging'] = call(v, 'get_sip_media_application_logging_configuration', SipMediaApplicationId=sma_id)
out['logging'] = call(v, 'put_sip_media_application_logging_configuration', SipMediaApplicationId=sma_id, SipMediaApplicationLoggingConfiguration={'EnableSipMediaApplicationMessageLogs': True})
out['got_logging'] = call(v, 'get_sip_media_application_logging_configuration', SipMediaApplicationId=sma_id)
v.delete_sip_media_application(SipMediaApplicationId=sma_id)
`);
    assert.equal(out.early!.error?.code, 'BadRequestException');
    assert.match(out.early!.error?.message ?? '', /needs the voice connector's origination and termination/);
    const stored = { DNIS: [{ EmergencyPhoneNumber: '+12065550911', TestPhoneNumber: '+12065550912', CallingCountry: 'US' }] };
    assert.deepEqual(out.put, { ok: { EmergencyCallingConfiguration: stored } });
    assert.deepEqual(out.got, { ok: { EmergencyCallingConfiguration: stored } });
    assert.deepEqual(out.deleted, { ok: {} });
    assert.deepEqual(out.after, { ok: {} });
    const proxy = { DefaultSessionExpiryMinutes: 30, Disabled: false, FallBackPhoneNumber: '+12065550100', PhoneNumberCountries: ['US'] };
    assert.deepEqual(out.proxy, { ok: { Proxy: proxy } });
    assert.deepEqual(out.got_proxy, { ok: { Proxy: proxy } });
    assert.equal(out.bad_proxy!.error?.code, 'BadRequestException');
    assert.deepEqual(out.no_proxy, { ok: {} });
    assert.deepEqual(out.health, { ok: {} }, 'no ping ever reached dialtone');
    assert.deepEqual(out.no_logging, { ok: {} });
    assert.deepEqual(out.logging, { ok: { SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true } } });
    assert.deepEqual(out.got_logging, out.logging);
  });

  it('creates, retries, gets, lists, updates, tags and deletes a voice profile domain (botocore whose model has them)', async () => {
    const out = await run(`
carol = client('chime-sdk-voice', 'carol')
out['modelled'] = hasattr(carol, 'create_voice_profile_domain')
out['botocore'] = botocore.__version__
if out['modelled']:
    key = 'arn:aws:kms:us-east-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    out['created'] = call(carol, 'create_voice_profile_domain', Name='callers', Description='enrolled', ServerSideEncryptionConfiguration={'KmsKeyArn': key}, ClientRequestToken='boto-1', Tags=[{'Key': 'team', 'Value': 'voice'}])
    d = out['created']['ok']['VoiceProfileDomain']
    out['retried'] = call(carol, 'create_voice_profile_domain', Name='callers', Description='enrolled', ServerSideEncryptionConfiguration={'KmsKeyArn': key}, ClientRequestToken='boto-1')
    out['conflict'] = call(carol, 'create_voice_profile_domain', Name='other', ServerSideEncryptionConfiguration={'KmsKeyArn': key}, ClientRequestToken='boto-1')
    out['wrong_region'] = call(carol, 'create_voice_profile_domain', Name='x', ServerSideEncryptionConfiguration={'KmsKeyArn': key.replace('us-east-1', 'eu-west-2')})
    out['got'] = call(carol, 'get_voice_profile_domain', VoiceProfileDomainId=d['VoiceProfileDomainId'])
    out['listed'] = call(carol, 'list_voice_profile_domains', MaxResults=1)
    out['updated'] = call(carol, 'update_voice_profile_domain', VoiceProfileDomainId=d['VoiceProfileDomainId'], Name='speakers')
    out['tagged'] = call(carol, 'tag_resource', ResourceARN=d['VoiceProfileDomainArn'], Tags=[{'Key': 'env', 'Value': 'prod'}])
    out['tags'] = call(carol, 'list_tags_for_resource', ResourceARN=d['VoiceProfileDomainArn'])
    out['deleted'] = call(carol, 'delete_voice_profile_domain', VoiceProfileDomainId=d['VoiceProfileDomainId'])
    out['gone'] = call(carol, 'get_voice_profile_domain', VoiceProfileDomainId=d['VoiceProfileDomainId'])
    out['types'] = [type(d['CreatedTimestamp']).__name__]
`);
    if ((out.modelled as unknown) === false) {
      // botocore 1.29's chime-sdk-voice model (Debian's) predates voice profile domains: its users cannot call them.
      assert.match(String(out.botocore), /^1\.29\./);
      return;
    }
    const domain = (out.created!.ok?.VoiceProfileDomain ?? {}) as Record<string, unknown>;
    assert.match(String(domain.VoiceProfileDomainArn), /^arn:aws:chime:us-east-1:333333333333:voice-profile-domain\/[0-9a-f-]{36}$/);
    assert.deepEqual([domain.Name, domain.Description], ['callers', 'enrolled']);
    assert.deepEqual(out.retried!.ok, out.created!.ok, 'a retry answers the same domain');
    assert.equal(out.conflict!.error?.code, 'ConflictException');
    assert.equal(out.conflict!.error?.status, 409);
    assert.equal(out.wrong_region!.error?.code, 'BadRequestException');
    assert.match(out.wrong_region!.error?.message ?? '', /needs a KMS key of us-east-1/);
    assert.deepEqual(out.got!.ok, out.created!.ok);
    const listed = out.listed!.ok?.VoiceProfileDomains as Record<string, unknown>[];
    assert.deepEqual(listed.map((d) => [d.VoiceProfileDomainId, d.Name, 'ServerSideEncryptionConfiguration' in d]), [[domain.VoiceProfileDomainId, 'callers', false]]);
    assert.equal((out.updated!.ok?.VoiceProfileDomain as Record<string, unknown>).Name, 'speakers');
    assert.deepEqual(out.tagged, { ok: {} });
    assert.deepEqual(out.tags!.ok?.Tags, [{ Key: 'team', Value: 'voice' }, { Key: 'env', Value: 'prod' }]);
    assert.deepEqual(out.deleted, { ok: {} });
    assert.equal(out.gone!.error?.code, 'NotFoundException');
    assert.deepEqual(out.types, ['datetime'], 'botocore parsed the ISO 8601 timestamp');
  });
});

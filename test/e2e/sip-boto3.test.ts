/**
 * SIP media applications and SIP rules through boto3 against a listening dialtone: `boto3.client('chime-sdk-voice')`
 * with both ages of botocore users run (Debian's 1.29 and the current one of `python3` on PATH), and the legacy
 * `boto3.client('chime')` where its model still has these operations (1.29). Each case runs one Python script of
 * several calls that prints JSON; botocore's own parsing turns dialtone's answers into datetimes and `ClientError`
 * codes. Skipped, with the reason, when boto3 is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOTO3_PRELUDE, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The shared prelude (`client`, `call`) and `own(client, e164, product)` (orders a number and waits for the order); the
 * case fills `out`.
 */
const PRELUDE = `${BOTO3_PRELUDE}def own(c, e164, product='SipMediaApplicationDialIn'):
    order = c.create_phone_number_order(ProductType=product, E164PhoneNumbers=[e164])['PhoneNumberOrder']
    for _ in range(300):
        status = c.get_phone_number_order(PhoneNumberOrderId=order['PhoneNumberOrderId'])['PhoneNumberOrder']['Status']
        if status != 'Processing':
            return status
        time.sleep(0.05)
    raise Exception('order still Processing')
LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:ivr'
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number } };
type Application = { SipMediaApplicationId: string; AwsRegion: string; Name: string; Endpoints: { LambdaArn: string }[]; CreatedTimestamp: string; SipMediaApplicationArn?: string };
type Rule = { SipRuleId: string; Name: string; Disabled: boolean; TriggerType: string; TriggerValue: string; TargetApplications: unknown[] };

const CAROL = { accountId: '333333333333', accessKeyId: 'AKIDCAROL', secretAccessKey: 'carol-secret' };
const account = accountConfig;
const FAST = { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } };

for (const PYTHON of PYTHONS) describe(`boto3 SIP media applications and rules against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, Result & Record<string, unknown>>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE, bob: BOB, carol: CAROL }, home }, `${PRELUDE}\n${body}`);
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-home-'));
    server = await startTestServer({
      config: { ...FAST, accounts: [account(ALICE), account(BOB), account(CAROL, { maxSipMediaApplicationsPerAccount: 1, maxSipRulesPerAccount: 1 })] },
    });
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('creates, gets, lists (paged), updates and deletes an application; refuses a bad Lambda ARN; NotFound across accounts', async () => {
    const out = await run(`
v, bob = client('chime-sdk-voice'), client('chime-sdk-voice', 'bob')
out['modern'] = 'SipMediaApplicationArn' in v.meta.service_model.shape_for('SipMediaApplication').members
out['created'] = call(v, 'create_sip_media_application', Name='boto ivr', AwsRegion='us-east-1', Endpoints=[{'LambdaArn': LAMBDA}])
sma = out['created']['ok']['SipMediaApplication']['SipMediaApplicationId']
out['got'] = call(v, 'get_sip_media_application', SipMediaApplicationId=sma)
extra = [call(v, 'create_sip_media_application', Name='p%d' % i, AwsRegion='us-east-1', Endpoints=[{'LambdaArn': LAMBDA}])['ok']['SipMediaApplication']['SipMediaApplicationId'] for i in range(2)]
seen, token, pages = [], None, 0
while True:
    page = call(v, 'list_sip_media_applications', MaxResults=2, **({'NextToken': token} if token else {}))['ok']
    pages += 1
    seen += [a['SipMediaApplicationId'] for a in page['SipMediaApplications']]
    token = page.get('NextToken')
    if not token:
        break
out['seen'], out['pages'], out['ids'] = seen, pages, [sma] + extra
out['updated'] = call(v, 'update_sip_media_application', SipMediaApplicationId=sma, Name='renamed')
out['bad_arn'] = call(v, 'create_sip_media_application', Name='bad', AwsRegion='us-east-1', Endpoints=[{'LambdaArn': 'arn:aws:lambda:us-east-1:1:function:x'}])
out['bob_get'] = call(bob, 'get_sip_media_application', SipMediaApplicationId=sma)
out['bob_delete'] = call(bob, 'delete_sip_media_application', SipMediaApplicationId=sma)
for i in [sma] + extra:
    out.setdefault('deleted', []).append(call(v, 'delete_sip_media_application', SipMediaApplicationId=i))
out['gone'] = call(v, 'get_sip_media_application', SipMediaApplicationId=sma)
`);
    const sma = out.created!.ok?.SipMediaApplication as Application;
    assert.ok(sma, JSON.stringify(out.created));
    assert.match(sma.SipMediaApplicationId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(sma.Endpoints, [{ LambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:ivr' }]);
    assert.match(sma.CreatedTimestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/, 'a datetime, not a raw string');
    // botocore 1.29's voice model predates SipMediaApplicationArn, and botocore drops members its model lacks
    if (out.modern) assert.equal(sma.SipMediaApplicationArn, `arn:aws:chime:us-east-1:${ALICE.accountId}:sma/${sma.SipMediaApplicationId}`);
    assert.deepEqual(out.got!.ok?.SipMediaApplication, sma);
    assert.deepEqual(out.seen, out.ids);
    assert.equal(out.pages, 2);
    assert.equal((out.updated!.ok?.SipMediaApplication as Application).Name, 'renamed');
    assert.equal(out.bad_arn!.error?.code, 'BadRequestException', JSON.stringify(out.bad_arn));
    assert.match(out.bad_arn!.error?.message ?? '', /LambdaArn/);
    assert.equal(out.bob_get!.error?.code, 'NotFoundException');
    assert.equal(out.bob_delete!.error?.code, 'NotFoundException');
    assert.deepEqual(out.deleted, [{ ok: {} }, { ok: {} }, { ok: {} }]);
    assert.equal(out.gone!.error?.status, 404);
  });

  it('wires a number: Assigned, not deletable, rule refused deletion while enabled, then Unassigned and deletable', async () => {
    const e164 = PYTHON === 'python3' ? '+12065550160' : '+12065550161';
    const out = await run(`
v, bob = client('chime-sdk-voice'), client('chime-sdk-voice', 'bob')
e164 = '${e164}'
out['order'] = own(v, e164)
sma = call(v, 'create_sip_media_application', Name='desk', AwsRegion='us-east-1', Endpoints=[{'LambdaArn': LAMBDA}])['ok']['SipMediaApplication']['SipMediaApplicationId']
out['sma'] = sma
out['rule'] = call(v, 'create_sip_rule', Name='desk line', TriggerType='ToPhoneNumber', TriggerValue=e164,
                   TargetApplications=[{'SipMediaApplicationId': sma, 'Priority': 1, 'AwsRegion': 'us-east-1'}])
rule = out['rule']['ok']['SipRule']['SipRuleId']
out['status_assigned'] = call(v, 'get_phone_number', PhoneNumberId=e164)['ok']['PhoneNumber']['Status']
out['delete_number'] = call(v, 'delete_phone_number', PhoneNumberId=e164)
out['batch_delete'] = call(v, 'batch_delete_phone_number', PhoneNumberIds=[e164])
out['delete_sma'] = call(v, 'delete_sip_media_application', SipMediaApplicationId=sma)
out['delete_enabled'] = call(v, 'delete_sip_rule', SipRuleId=rule)
out['bob_rule'] = call(bob, 'get_sip_rule', SipRuleId=rule)
out['listed'] = call(v, 'list_sip_rules', SipMediaApplicationId=sma)
out['disabled'] = call(v, 'update_sip_rule', SipRuleId=rule, Name='desk line', Disabled=True)
out['delete_rule'] = call(v, 'delete_sip_rule', SipRuleId=rule)
out['status_free'] = call(v, 'get_phone_number', PhoneNumberId=e164)['ok']['PhoneNumber']['Status']
out['delete_sma_after'] = call(v, 'delete_sip_media_application', SipMediaApplicationId=sma)
out['delete_number_after'] = call(v, 'delete_phone_number', PhoneNumberId=e164)
`);
    assert.equal(out.order, 'Successful');
    const rule = out.rule!.ok?.SipRule as Rule;
    assert.ok(rule, JSON.stringify(out.rule));
    assert.equal(rule.Disabled, false);
    assert.equal(rule.TriggerValue, e164);
    assert.deepEqual(rule.TargetApplications, [{ SipMediaApplicationId: out.sma, Priority: 1, AwsRegion: 'us-east-1' }]);
    assert.equal(out.status_assigned, 'Assigned');
    assert.equal(out.delete_number!.error?.code, 'BadRequestException');
    assert.deepEqual((out.batch_delete!.ok?.PhoneNumberErrors as { ErrorCode: string }[]).map((e) => e.ErrorCode), ['PhoneNumberAssociationsExist']);
    assert.equal(out.delete_sma!.error?.code, 'ConflictException');
    assert.equal(out.delete_enabled!.error?.code, 'ConflictException');
    assert.equal(out.delete_enabled!.error?.status, 409);
    assert.equal(out.bob_rule!.error?.code, 'NotFoundException');
    assert.deepEqual((out.listed!.ok?.SipRules as Rule[]).map((r) => r.SipRuleId), [rule.SipRuleId]);
    assert.equal((out.disabled!.ok?.SipRule as Rule).Disabled, true);
    assert.deepEqual(out.delete_rule!.ok, {});
    assert.equal(out.status_free, 'Unassigned');
    assert.deepEqual(out.delete_sma_after!.ok, {});
    assert.deepEqual(out.delete_number_after!.ok, {});
  });

  it('refuses a VoiceConnector number as a trigger, and the quotas of applications and rules', async () => {
    const [vcNumber, a, b] = PYTHON === 'python3' ? ['+12065550162', '+12065550163', '+12065550164'] : ['+12065550165', '+12065550166', '+12065550167'];
    const out = await run(`
carol = client('chime-sdk-voice', 'carol')
own(carol, '${vcNumber}', 'VoiceConnector'); own(carol, '${a}'); own(carol, '${b}')
apps = [call(carol, 'create_sip_media_application', Name='q%d' % i, AwsRegion='us-east-1', Endpoints=[{'LambdaArn': LAMBDA}]) for i in range(2)]
out['apps'] = apps
existing = call(carol, 'list_sip_media_applications')['ok']['SipMediaApplications'][0]['SipMediaApplicationId']
targets = [{'SipMediaApplicationId': existing, 'Priority': 1}]
out['vc_number'] = call(carol, 'create_sip_rule', Name='vc', TriggerType='ToPhoneNumber', TriggerValue='${vcNumber}', TargetApplications=targets)
out['rules'] = [call(carol, 'create_sip_rule', Name='r%d' % i, TriggerType='ToPhoneNumber', TriggerValue=n, TargetApplications=targets) for i, n in enumerate(['${a}', '${b}'])]
for r in call(carol, 'list_sip_rules')['ok']['SipRules']:
    call(carol, 'update_sip_rule', SipRuleId=r['SipRuleId'], Name=r['Name'], Disabled=True)
    call(carol, 'delete_sip_rule', SipRuleId=r['SipRuleId'])
call(carol, 'delete_sip_media_application', SipMediaApplicationId=existing)
`);
    const apps = out.apps as unknown as Result[];
    assert.deepEqual(apps.map((r) => (r.ok ? 'ok' : r.error?.code)), ['ok', 'ResourceLimitExceededException']);
    assert.match(apps[1]!.error!.message, /maxSipMediaApplicationsPerAccount/);
    assert.equal(out.vc_number!.error?.code, 'BadRequestException');
    assert.match(out.vc_number!.error?.message ?? '', /SipMediaApplicationDialIn/);
    const rules = out.rules as unknown as Result[];
    assert.deepEqual(rules.map((r) => (r.ok ? 'ok' : r.error?.code)), ['ok', 'ResourceLimitExceededException']);
    assert.match(rules[1]!.error!.message, /maxSipRulesPerAccount/);
  });

  it('the legacy chime client, where its model has SIP operations, reads and writes the same applications and rules', async () => {
    const out = await run(`
legacy = client('chime')
out['has'] = 'CreateSipRule' in legacy.meta.service_model.operation_names
if out['has']:
    out['created'] = call(legacy, 'create_sip_media_application', Name='legacy', AwsRegion='us-east-1', Endpoints=[{'LambdaArn': LAMBDA}])
    sma = out['created']['ok']['SipMediaApplication']['SipMediaApplicationId']
    out['voice_view'] = call(client('chime-sdk-voice'), 'get_sip_media_application', SipMediaApplicationId=sma)
    out['no_region'] = call(legacy, 'create_sip_rule', Name='legacy', TriggerType='ToPhoneNumber', TriggerValue='+12065550199', TargetApplications=[{'SipMediaApplicationId': sma, 'Priority': 1}])
    out['deleted'] = call(legacy, 'delete_sip_media_application', SipMediaApplicationId=sma)
`);
    if (!out.has) return; // botocore of 2023 and later: the chime model no longer has the SIP operations
    const sma = out.created!.ok?.SipMediaApplication as Application;
    assert.ok(sma, JSON.stringify(out.created));
    assert.equal(Object.hasOwn(sma, 'SipMediaApplicationArn'), false, 'legacy shape');
    assert.equal((out.voice_view!.ok?.SipMediaApplication as Application).Name, 'legacy');
    assert.equal(out.no_region!.error?.code, 'BadRequestException', 'a number the account does not own');
    assert.deepEqual(out.deleted!.ok, {});
  });
});

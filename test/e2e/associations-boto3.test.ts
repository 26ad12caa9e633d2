/**
 * Numbers on voice connectors and groups through boto3 against a listening dialtone: `boto3.client('chime-sdk-voice')`
 * with both ages of botocore (Debian's 1.29 and the current one of `python3` on PATH), and the legacy
 * `boto3.client('chime')` where its model still has the association operations (1.29). One Python script per case
 * prints JSON; botocore's own parsing reads dialtone's answers. Skipped, with the reason, when boto3 is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { BOTO3_PRELUDE, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

/** The shared prelude (`client`, `call`), the numbers `n` (argv 3), `errors(result)` and `listed(client, name, value)`. */
const PRELUDE = `${BOTO3_PRELUDE}n = json.loads(sys.argv[3])
def errors(result):
    return [[e['PhoneNumberId'], e['ErrorCode']] for e in result['ok'].get('PhoneNumberErrors', [])]
def listed(c, name, value):
    return [p['E164PhoneNumber'] for p in call(c, 'list_phone_numbers', FilterName=name, FilterValue=value)['ok']['PhoneNumbers']]
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number } };
type Association = { Value: string; Name: string; AssociatedTimestamp: string };
type Number = { E164PhoneNumber: string; Status: string; Associations: Association[] };

const account = (a: typeof ALICE) => ({
  accountId: a.accountId,
  credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }],
  limits: { maxVoiceConnectorsPerAccount: 10, maxVoiceConnectorGroupsPerAccount: 10 },
});

for (const PYTHON of PYTHONS) describe(`boto3 phone-number associations against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;
  const numbers = numberRange('+12065550500', 6);

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, unknown>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE, bob: BOB }, home, args: [JSON.stringify(numbers)] }, `${PRELUDE}\n${body}`);
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-assoc-home-'));
    server = await startTestServer({
      config: { accounts: [account(ALICE), account(BOB)], carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } },
    });
    const alice = chimeClient(server, ALICE);
    try {
      await orderNumbers(alice, 'VoiceConnector', numbers);
    } finally {
      alice.destroy();
    }
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('order → associate → Assigned → list by connector → delete refused → disassociate → delete accepted; ForceAssociate; groups; other accounts', async () => {
    const [n1, n2, n3] = numbers as [string, string, string];
    const out = await run(`
v = client('chime-sdk-voice')
vc = call(v, 'create_voice_connector', Name='py', RequireEncryption=True)['ok']['VoiceConnector']['VoiceConnectorId']
vc2 = call(v, 'create_voice_connector', Name='py2', RequireEncryption=False)['ok']['VoiceConnector']['VoiceConnectorId']
g = call(v, 'create_voice_connector_group', Name='pyg')['ok']['VoiceConnectorGroup']['VoiceConnectorGroupId']
out['ids'] = [vc, vc2, g]
out['associated'] = errors(call(v, 'associate_phone_numbers_with_voice_connector', VoiceConnectorId=vc, E164PhoneNumbers=[n[0], n[1][1:]]))
out['got'] = call(v, 'get_phone_number', PhoneNumberId=n[0])['ok']['PhoneNumber']
out['listed'] = listed(v, 'VoiceConnectorId', vc)
out['delete_number'] = call(v, 'delete_phone_number', PhoneNumberId=n[0])
out['batch_delete'] = errors(call(v, 'batch_delete_phone_number', PhoneNumberIds=[n[0]]))
out['delete_connector'] = call(v, 'delete_voice_connector', VoiceConnectorId=vc)
out['no_force'] = errors(call(v, 'associate_phone_numbers_with_voice_connector', VoiceConnectorId=vc2, E164PhoneNumbers=[n[1]], ForceAssociate=False))
out['force'] = errors(call(v, 'associate_phone_numbers_with_voice_connector', VoiceConnectorId=vc2, E164PhoneNumbers=[n[1]], ForceAssociate=True))
out['moved'] = [listed(v, 'VoiceConnectorId', vc), listed(v, 'VoiceConnectorId', vc2)]
out['group'] = errors(call(v, 'associate_phone_numbers_with_voice_connector_group', VoiceConnectorGroupId=g, E164PhoneNumbers=[n[2]]))
out['group_listed'] = listed(v, 'VoiceConnectorGroupId', g)
out['delete_group'] = call(v, 'delete_voice_connector_group', VoiceConnectorGroupId=g)
bob = client('chime-sdk-voice', 'bob')
out['bob_connector'] = call(bob, 'associate_phone_numbers_with_voice_connector', VoiceConnectorId=vc, E164PhoneNumbers=[n[3]])
out['bob_group'] = call(bob, 'disassociate_phone_numbers_from_voice_connector_group', VoiceConnectorGroupId=g, E164PhoneNumbers=[n[2]])
out['disassociated'] = errors(call(v, 'disassociate_phone_numbers_from_voice_connector', VoiceConnectorId=vc, E164PhoneNumbers=[n[0], n[2]]))
out['group_disassociated'] = errors(call(v, 'disassociate_phone_numbers_from_voice_connector_group', VoiceConnectorGroupId=g, E164PhoneNumbers=[n[2]]))
call(v, 'disassociate_phone_numbers_from_voice_connector', VoiceConnectorId=vc2, E164PhoneNumbers=[n[1]])
out['after'] = call(v, 'get_phone_number', PhoneNumberId=n[0])['ok']['PhoneNumber']
out['deleted'] = call(v, 'delete_phone_number', PhoneNumberId=n[0])
out['cleanup'] = [call(v, 'delete_voice_connector', VoiceConnectorId=vc), call(v, 'delete_voice_connector', VoiceConnectorId=vc2), call(v, 'delete_voice_connector_group', VoiceConnectorGroupId=g)]
`);
    const [vc] = out.ids as [string];
    assert.deepEqual(out.associated, []);
    const got = out.got as Number;
    assert.equal(got.Status, 'Assigned');
    assert.deepEqual(got.Associations.map((a) => [a.Name, a.Value]), [['VoiceConnectorId', vc]]);
    assert.match(got.Associations[0]!.AssociatedTimestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'botocore parsed a datetime');
    assert.deepEqual(out.listed, [n1, n2]);
    assert.equal((out.delete_number as Result).error?.code, 'BadRequestException');
    assert.deepEqual(out.batch_delete, [[n1, 'PhoneNumberAssociationsExist']]);
    assert.equal((out.delete_connector as Result).error?.code, 'ConflictException');
    assert.equal((out.delete_connector as Result).error?.status, 409);
    assert.deepEqual(out.no_force, [[n2, 'PhoneNumberAssociationsExist']]);
    assert.deepEqual(out.force, []);
    assert.deepEqual(out.moved, [[n1], [n2]]);
    assert.deepEqual(out.group, []);
    assert.deepEqual(out.group_listed, [n3]);
    assert.equal((out.delete_group as Result).error?.code, 'ConflictException');
    assert.equal((out.bob_connector as Result).error?.code, 'NotFoundException');
    assert.equal((out.bob_group as Result).error?.code, 'NotFoundException');
    assert.deepEqual(out.disassociated, [[n3, 'BadRequest']]);
    assert.deepEqual(out.group_disassociated, []);
    const after = out.after as Number;
    assert.deepEqual([after.Status, after.Associations], ['Unassigned', []]);
    assert.deepEqual((out.deleted as Result).ok, {});
    assert.deepEqual((out.cleanup as Result[]).map((r) => r.ok), [{}, {}, {}]);
  });

  it('the legacy chime client, where its model has the association operations, associates the same numbers', async () => {
    const out = await run(`
legacy = client('chime')
out['has'] = 'AssociatePhoneNumbersWithVoiceConnector' in legacy.meta.service_model.operation_names
if out['has']:
    vc = call(legacy, 'create_voice_connector', Name='legacy', RequireEncryption=True)['ok']['VoiceConnector']['VoiceConnectorId']
    out['vc'] = vc
    out['associated'] = errors(call(legacy, 'associate_phone_numbers_with_voice_connector', VoiceConnectorId=vc, E164PhoneNumbers=[n[4]], ForceAssociate=False))
    out['got'] = call(legacy, 'get_phone_number', PhoneNumberId=n[4])['ok']['PhoneNumber']
    out['listed'] = listed(legacy, 'VoiceConnectorId', vc)
    out['by_user'] = listed(legacy, 'UserId', 'someone')
    out['unknown'] = call(legacy, 'associate_phone_numbers_with_voice_connector_group', VoiceConnectorGroupId='123e4567-e89b-12d3-a456-426614174000', E164PhoneNumbers=[n[4]])
    out['disassociated'] = errors(call(legacy, 'disassociate_phone_numbers_from_voice_connector', VoiceConnectorId=vc, E164PhoneNumbers=[n[4], n[5]]))
    out['deleted'] = call(legacy, 'delete_voice_connector', VoiceConnectorId=vc)
`);
    if (!out.has) return; // botocore of 2023 and later: the chime model no longer has these operations
    const [, , , , n5, n6] = numbers as [string, string, string, string, string, string];
    assert.deepEqual(out.associated, []);
    const got = out.got as Number;
    assert.deepEqual([got.Status, got.Associations.map((a) => [a.Name, a.Value])], ['Assigned', [['VoiceConnectorId', out.vc]]]);
    assert.deepEqual(out.listed, [n5]);
    assert.deepEqual(out.by_user, [], 'dialtone has no Chime users');
    assert.equal((out.unknown as Result).error?.code, 'NotFoundException');
    assert.deepEqual(out.disassociated, [[n6, 'BadRequest']]);
    assert.deepEqual((out.deleted as Result).ok, {});
  });
});

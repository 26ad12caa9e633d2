/**
 * Numbers on voice connectors and voice connector groups through the real JS SDK v3 voice client
 * (@aws-sdk/client-chime-sdk-voice): order → associate → `Assigned` with its association → listed by the association
 * filter → delete refused → disassociate → delete accepted; ForceAssociate; groups; another account's ids; the
 * refusals of deleting a connector or group with numbers; and the legacy chime model's routes of the same operations
 * under `/chime`, with raw signed requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  AssociatePhoneNumbersWithVoiceConnectorGroupCommand,
  BatchDeletePhoneNumberCommand,
  BatchUpdatePhoneNumberCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  DeletePhoneNumberCommand,
  DeleteVoiceConnectorCommand,
  DeleteVoiceConnectorGroupCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorGroupCommand,
  GetPhoneNumberCommand,
  ListPhoneNumbersCommand,
  UpdatePhoneNumberCommand,
  type ChimeSDKVoiceClient,
  type PhoneNumber,
} from '@aws-sdk/client-chime-sdk-voice';
import { numberRange } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { assertVoiceError, orderVoiceNumbers, voiceClient } from '../support/voice.ts';

const account = (a: typeof ALICE) => ({
  accountId: a.accountId,
  credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }],
  limits: { maxVoiceConnectorsPerAccount: 10, maxVoiceConnectorGroupsPerAccount: 10 },
});

const codes = (answer: { PhoneNumberErrors?: { PhoneNumberId?: string; ErrorCode?: string }[] }): string[][] =>
  (answer.PhoneNumberErrors ?? []).map((e) => [e.PhoneNumberId!, e.ErrorCode!]);

describe('phone-number associations through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  const [n1, n2, n3, n4, n5] = numberRange('+12065550400', 5) as [string, string, string, string, string];
  const sma = '+12065550480';

  const connector = async (client: ChimeSDKVoiceClient, name: string): Promise<string> =>
    (await client.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
  const group = async (client: ChimeSDKVoiceClient, name: string): Promise<string> =>
    (await client.send(new CreateVoiceConnectorGroupCommand({ Name: name }))).VoiceConnectorGroup!.VoiceConnectorGroupId!;
  const get = async (e164: string): Promise<PhoneNumber> => (await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!;
  const listed = async (FilterName: 'VoiceConnectorId' | 'VoiceConnectorGroupId' | 'SipRuleId', FilterValue: string): Promise<string[]> =>
    ((await alice.send(new ListPhoneNumbersCommand({ FilterName, FilterValue }))).PhoneNumbers ?? []).map((n) => n.E164PhoneNumber!);

  before(async () => {
    server = await startTestServer({ config: { accounts: [account(ALICE), account(BOB)] } });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    await orderVoiceNumbers(alice, 'VoiceConnector', [n1, n2, n3, n4, n5]);
    await orderVoiceNumbers(alice, 'SipMediaApplicationDialIn', [sma]);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('order → associate → Assigned → listed by connector → delete refused → disassociate → delete accepted', async () => {
    const vc = await connector(alice, 'main');
    const before = Date.now();
    // With and without the '+': the model's pattern allows both; the number is the same.
    const associated = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [n1, n2.slice(1)] }));
    assert.equal(associated.$metadata.httpStatusCode, 200);
    assert.deepEqual(codes(associated), []);
    const one = await get(n1);
    assert.equal(one.Status, 'Assigned');
    assert.equal(one.Associations?.length, 1);
    const [association] = one.Associations!;
    assert.equal(association!.Value, vc);
    assert.equal(association!.Name, 'VoiceConnectorId');
    assert.ok(association!.AssociatedTimestamp instanceof Date && association!.AssociatedTimestamp.getTime() >= before - 1000);
    assert.deepEqual(await listed('VoiceConnectorId', vc), [n1, n2]);
    const page = await alice.send(new ListPhoneNumbersCommand({ FilterName: 'VoiceConnectorId', FilterValue: vc, MaxResults: 1 }));
    assert.deepEqual(page.PhoneNumbers?.map((n) => [n.E164PhoneNumber, n.Associations?.[0]?.Value]), [[n1, vc]]);
    const rest = await alice.send(new ListPhoneNumbersCommand({ FilterName: 'VoiceConnectorId', FilterValue: vc, MaxResults: 1, NextToken: page.NextToken }));
    assert.deepEqual(rest.PhoneNumbers?.map((n) => n.E164PhoneNumber), [n2]);
    const all = (await alice.send(new ListPhoneNumbersCommand({ ProductType: 'VoiceConnector' }))).PhoneNumbers!;
    assert.deepEqual(all.find((n) => n.E164PhoneNumber === n1)?.Associations?.map((a) => a.Value), [vc], 'unfiltered lists show associations too');

    await assertVoiceError(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: n1 })), 'BadRequestException', 400, /has associations; disassociate/);
    assert.deepEqual(codes(await alice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: [n1] }))), [[n1, 'PhoneNumberAssociationsExist']]);
    await assertVoiceError(
      alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n1, ProductType: 'SipMediaApplicationDialIn' })),
      'BadRequestException',
      400,
      /disassociate it before changing its product type/,
    );
    const batch = await alice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: n2, ProductType: 'SipMediaApplicationDialIn' }] }));
    assert.deepEqual(codes(batch), [[n2, 'PhoneNumberAssociationsExist']]);
    const renamed = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n1, Name: 'reception' }));
    assert.deepEqual(renamed.PhoneNumber?.Associations?.map((a) => a.Value), [vc], 'updates answer the associations');
    await assertVoiceError(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc })), 'ConflictException', 409, /has phone numbers associated with it; disassociate them/);

    // Associating again with the same connector changes nothing, its timestamp included.
    assert.deepEqual(codes(await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [n1], ForceAssociate: true }))), []);
    assert.deepEqual((await get(n1)).Associations, one.Associations);

    const gone = await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [n1, n2, n3, '+12065559999'] }));
    assert.deepEqual(codes(gone), [[n3, 'BadRequest'], ['+12065559999', 'NotFound']]);
    assert.match(gone.PhoneNumberErrors![0]!.ErrorMessage!, new RegExp(`is not associated with voice connector ${vc}`));
    const freed = await get(n1);
    assert.deepEqual([freed.Status, freed.Associations], ['Unassigned', []]);
    assert.deepEqual(await listed('VoiceConnectorId', vc), []);
    assert.equal((await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: n1 }))).$metadata.httpStatusCode, 204);
    assert.equal((await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }))).$metadata.httpStatusCode, 204);
  });

  it('ForceAssociate: absent or false reports PhoneNumberAssociationsExist; true moves the number', async () => {
    const a = await connector(alice, 'a');
    const b = await connector(alice, 'b');
    assert.deepEqual(codes(await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [n3] }))), []);
    const absent = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [n3] }));
    assert.deepEqual(codes(absent), [[n3, 'PhoneNumberAssociationsExist']]);
    assert.match(absent.PhoneNumberErrors![0]!.ErrorMessage!, new RegExp(`already associated with voice connector ${a}; set ForceAssociate`));
    const refused = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [n3], ForceAssociate: false }));
    assert.deepEqual(codes(refused), [[n3, 'PhoneNumberAssociationsExist']]);
    assert.deepEqual((await get(n3)).Associations?.map((x) => x.Value), [a]);

    const moved = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [n3, sma, '+12065559998'], ForceAssociate: true }));
    assert.deepEqual(codes(moved), [[sma, 'BadRequest'], ['+12065559998', 'NotFound']]);
    assert.match(moved.PhoneNumberErrors![0]!.ErrorMessage!, /product type SipMediaApplicationDialIn; only VoiceConnector phone numbers/);
    const now = await get(n3);
    assert.deepEqual([now.Status, now.Associations?.map((x) => [x.Name, x.Value])], ['Assigned', [['VoiceConnectorId', b]]]);
    assert.deepEqual(await listed('VoiceConnectorId', a), []);
    assert.deepEqual(await listed('VoiceConnectorId', b), [n3]);
    assert.equal((await get(sma)).Status, 'Unassigned');

    await assertVoiceError(alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [] })), 'BadRequestException', 400, /E164PhoneNumbers must contain at least one/);
    const tooMany = numberRange('+12065560000', 1001);
    await assertVoiceError(alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: tooMany })), 'BadRequestException', 400, /the limit is 1000 per request/);

    assert.deepEqual(codes(await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [n3] }))), []);
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: a }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: b }));
  });

  it('associates with a group, lists by group, refuses to delete the group while it has numbers', async () => {
    const g = await group(alice, 'fallback');
    const vc = await connector(alice, 'direct');
    assert.deepEqual(codes(await alice.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g, E164PhoneNumbers: [n4] }))), []);
    const shown = await get(n4);
    assert.deepEqual([shown.Status, shown.Associations?.map((x) => [x.Name, x.Value])], ['Assigned', [['VoiceConnectorGroupId', g]]]);
    assert.deepEqual(await listed('VoiceConnectorGroupId', g), [n4]);
    assert.deepEqual(await listed('VoiceConnectorGroupId', g.toUpperCase()), [n4], 'ids are matched case-insensitively');
    assert.deepEqual(await listed('SipRuleId', g), []);
    const toConnector = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [n4] }));
    assert.deepEqual(codes(toConnector), [[n4, 'PhoneNumberAssociationsExist']]);
    await assertVoiceError(alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g })), 'ConflictException', 409, /disassociate them/);
    const fromConnector = await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [n4] }));
    assert.deepEqual(codes(fromConnector), [[n4, 'BadRequest']], 'a number on the group is not on the connector');
    assert.deepEqual(codes(await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g, E164PhoneNumbers: [n4] }))), []);
    assert.equal((await get(n4)).Status, 'Unassigned');
    await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }));
  });

  it('another account\'s connector or group is NotFoundException; another account\'s number is NotFound', async () => {
    const mine = await connector(alice, 'mine');
    const myGroup = await group(alice, 'mine');
    const theirs = await connector(bob, 'theirs');
    await assertVoiceError(bob.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: mine, E164PhoneNumbers: [n5] })), 'NotFoundException', 404, /No voice connector with id/);
    await assertVoiceError(bob.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: mine, E164PhoneNumbers: [n5] })), 'NotFoundException', 404);
    await assertVoiceError(bob.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: myGroup, E164PhoneNumbers: [n5] })), 'NotFoundException', 404, /No voice connector group/);
    await assertVoiceError(bob.send(new DisassociatePhoneNumbersFromVoiceConnectorGroupCommand({ VoiceConnectorGroupId: myGroup, E164PhoneNumbers: [n5] })), 'NotFoundException', 404);
    assert.deepEqual(codes(await bob.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: theirs, E164PhoneNumbers: [n5] }))), [[n5, 'NotFound']]);
    assert.equal((await get(n5)).Status, 'Unassigned', 'untouched');
    await bob.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: theirs }));
    await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: myGroup }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: mine }));
  });

  it('serves the legacy chime routes of the same operations under /chime', async () => {
    const vc = await connector(alice, 'legacy');
    const g = await group(alice, 'legacy');
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const post = (target: string, body: unknown) =>
      sendRaw(server.url, { method: 'POST', target, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), sign });
    const associated = await post(`/chime/voice-connectors/${vc}?operation=associate-phone-numbers`, { E164PhoneNumbers: [n5], ForceAssociate: false });
    assert.equal(associated.status, 200, associated.body);
    assert.equal(associated.headers['x-dialtone-api'], 'chime');
    assert.deepEqual(associated.json(), { PhoneNumberErrors: [] });
    const got = await sendRaw(server.url, { method: 'GET', target: `/chime/phone-numbers/${encodeURIComponent(n5)}`, sign });
    const number = got.json().PhoneNumber as { Status: string; Associations: { Name: string; Value: string; AssociatedTimestamp: string }[] };
    assert.equal(number.Status, 'Assigned');
    assert.deepEqual(number.Associations.map((x) => [x.Name, x.Value]), [['VoiceConnectorId', vc]]);
    assert.match(number.Associations[0]!.AssociatedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const filtered = await sendRaw(server.url, { method: 'GET', target: `/chime/phone-numbers?filter-name=VoiceConnectorId&filter-value=${vc}`, sign });
    assert.deepEqual((filtered.json().PhoneNumbers as { E164PhoneNumber: string }[]).map((n) => n.E164PhoneNumber), [n5]);
    const byUser = await sendRaw(server.url, { method: 'GET', target: '/chime/phone-numbers?filter-name=UserId&filter-value=someone', sign });
    assert.deepEqual(byUser.json().PhoneNumbers, [], 'dialtone has no Chime users: the legacy user filter matches nothing');
    const exists = await post(`/chime/voice-connector-groups/${g}?operation=associate-phone-numbers`, { E164PhoneNumbers: [n5] });
    assert.deepEqual((exists.json().PhoneNumberErrors as { ErrorCode: string }[]).map((e) => e.ErrorCode), ['PhoneNumberAssociationsExist']);
    const unknown = await post('/chime/voice-connectors/abcdefghij0123456789ab?operation=associate-phone-numbers', { E164PhoneNumbers: [n5] });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().Code, 'NotFound');
    const conflict = await sendRaw(server.url, { method: 'DELETE', target: `/chime/voice-connectors/${vc}`, sign });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json().Code, 'Conflict');
    const gone = await post(`/chime/voice-connectors/${vc}?operation=disassociate-phone-numbers`, { E164PhoneNumbers: [n5] });
    assert.deepEqual(gone.json(), { PhoneNumberErrors: [] });
    const groupGone = await post(`/chime/voice-connector-groups/${g}?operation=disassociate-phone-numbers`, { E164PhoneNumbers: [n5] });
    assert.deepEqual((groupGone.json().PhoneNumberErrors as { ErrorCode: string }[]).map((e) => e.ErrorCode), ['BadRequest']);
    assert.equal((await get(n5)).Status, 'Unassigned');
    await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }));
  });
});

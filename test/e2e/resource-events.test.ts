/**
 * The events of voice connectors, groups, SIP media applications, SIP rules and number associations, driven through
 * the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice; the legacy @aws-sdk/client-chime has none of these
 * operations) against a started server, and read from its SQLite outbox: each change records its events in order, with
 * the resource as the API answers it (an update also with what changed); a refused change, an idempotent
 * re-association and a number not changed record nothing; another account's events are its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ChimeSDKVoiceClient} from '@aws-sdk/client-chime-sdk-voice';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  AssociatePhoneNumbersWithVoiceConnectorGroupCommand,
  CreatePhoneNumberOrderCommand,
  CreateSipMediaApplicationCommand,
  CreateSipRuleCommand,
  CreateVoiceConnectorCommand,
  CreateVoiceConnectorGroupCommand,
  DeleteSipMediaApplicationCommand,
  DeleteSipRuleCommand,
  DeleteVoiceConnectorCommand,
  DeleteVoiceConnectorGroupCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorGroupCommand,
  GetPhoneNumberCommand,
  GetSipMediaApplicationCommand,
  GetSipRuleCommand,
  GetVoiceConnectorCommand,
  GetVoiceConnectorGroupCommand,
  UpdateSipMediaApplicationCommand,
  UpdateSipRuleCommand,
  UpdateVoiceConnectorCommand,
  UpdateVoiceConnectorGroupCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { sqliteEvents, type EventRecord } from '../support/stored-events.ts';
import { assertVoiceError, voiceClient, waitForVoiceOrder } from '../support/voice.ts';

const account = (a: typeof ALICE) => accountConfig(a);
const FAST = { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } };
const lambda = (name: string): string => `arn:aws:lambda:us-east-1:${ALICE.accountId}:function:${name}`;

const [N1, N2, N3] = ['+12065553101', '+12065553102', '+12065553103'];
const DIAL_IN = '+12065553201';
const BOBS = '+12065553301';

/** The API's answer as an event's detail holds it: timestamps as ISO 8601 text, nothing undefined. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** The events' types and resources, for a short comparison. */
const summary = (events: EventRecord[]): string[] => events.map((e) => `${e.type} ${e.resources.map((r) => `${r.kind}/${r.id}`).join(' ')}`);

describe('events of voice connectors, groups, SIP and associations', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;

  /** Alice's last sequence number now. */
  const mark = (who = ALICE): number => sqliteEvents(server.dataDir, who.accountId).at(-1)?.seq ?? 0;
  /** Alice's events since `seq`. */
  const since = (seq: number, who = ALICE): EventRecord[] => sqliteEvents(server.dataDir, who.accountId, seq);

  async function own(client: ChimeSDKVoiceClient, productType: 'VoiceConnector' | 'SipMediaApplicationDialIn', numbers: string[]): Promise<void> {
    const { PhoneNumberOrder } = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: numbers }));
    const order = await waitForVoiceOrder(client, PhoneNumberOrder!.PhoneNumberOrderId!);
    assert.equal(order.Status, 'Successful', JSON.stringify(order));
  }

  before(async () => {
    server = await startTestServer({ config: { ...FAST, accounts: [account(ALICE), account(BOB)] } });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    await own(alice, 'VoiceConnector', [N1!, N2!, N3!]);
    await own(alice, 'SipMediaApplicationDialIn', [DIAL_IN]);
    await own(bob, 'VoiceConnector', [BOBS]);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('records a voice connector created, updated (with what changed) and deleted, and nothing for refused changes', async () => {
    let seq = mark();
    const { VoiceConnector: created } = await alice.send(new CreateVoiceConnectorCommand({ Name: 'trunk', RequireEncryption: true, AwsRegion: 'us-west-2' }));
    const id = created!.VoiceConnectorId!;
    let events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Created vc/${id}`]);
    assert.deepEqual(events[0]!.detail, wire(created));
    assert.equal(events[0]!.detail.OutboundHostName, `${id}.voiceconnector.chime.aws`);
    assert.equal(events[0]!.at.toISOString(), created!.CreatedTimestamp!.toISOString());

    seq = mark();
    const { VoiceConnector: updated } = await alice.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: id, Name: 'trunk-2', RequireEncryption: false }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Updated vc/${id}`]);
    const { VoiceConnector: got } = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }));
    assert.deepEqual(wire(updated), wire(got));
    assert.deepEqual(events[0]!.detail, {
      ...(wire(got) as object),
      Changes: { Name: { Previous: 'trunk', Current: 'trunk-2' }, RequireEncryption: { Previous: true, Current: false } },
    });

    // The same values again: the connector's UpdatedTimestamp moves, nothing else changed.
    seq = mark();
    await alice.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: id, Name: 'trunk-2', RequireEncryption: false }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Updated vc/${id}`]);
    assert.deepEqual(events[0]!.detail.Changes, {});

    seq = mark();
    await assertVoiceError(alice.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: 'abcdefghijklmnopqrstuv', Name: 'x', RequireEncryption: true })), 'NotFoundException', 404);
    await assertVoiceError(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: 'abcdefghijklmnopqrstuv' })), 'NotFoundException', 404);
    await assertVoiceError(bob.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    assert.deepEqual(since(seq), [], 'refused changes record nothing');
    assert.deepEqual(since(0, BOB).filter((e) => !e.type.startsWith('Phone Number')), [], "Bob's refused delete records nothing for Bob");

    const { VoiceConnector: last } = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }));
    seq = mark();
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Deleted vc/${id}`]);
    assert.deepEqual(events[0]!.detail, wire(last), 'the connector as it last was');
  });

  it('records a voice connector group created, updated and deleted; a delete refused while it has items records nothing', async () => {
    const vc = (await alice.send(new CreateVoiceConnectorCommand({ Name: 'member', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
    let seq = mark();
    const { VoiceConnectorGroup: created } = await alice.send(
      new CreateVoiceConnectorGroupCommand({ Name: 'group', VoiceConnectorItems: [{ VoiceConnectorId: vc, Priority: 1 }] }),
    );
    const id = created!.VoiceConnectorGroupId!;
    let events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Group Created vcg/${id}`]);
    assert.deepEqual(events[0]!.detail, wire(created));

    seq = mark();
    await assertVoiceError(alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id })), 'ConflictException', 409);
    await assertVoiceError(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc })), 'ConflictException', 409);
    await assertVoiceError(
      alice.send(new UpdateVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id, Name: 'x', VoiceConnectorItems: [{ VoiceConnectorId: 'abcdefghijklmnopqrstuv', Priority: 1 }] })),
      'NotFoundException',
      404,
    );
    assert.deepEqual(since(seq), [], 'refused changes record nothing');

    await alice.send(new UpdateVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id, Name: 'emptied', VoiceConnectorItems: [] }));
    const { VoiceConnectorGroup: got } = await alice.send(new GetVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Group Updated vcg/${id}`]);
    assert.deepEqual(events[0]!.detail, {
      ...(wire(got) as object),
      Changes: {
        Name: { Previous: 'group', Current: 'emptied' },
        VoiceConnectorItems: { Previous: [{ VoiceConnectorId: vc, Priority: 1 }], Current: [] },
      },
    });

    seq = mark();
    await alice.send(new DeleteVoiceConnectorGroupCommand({ VoiceConnectorGroupId: id }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Voice Connector Group Deleted vcg/${id}`, `Voice Connector Deleted vc/${vc}`]);
    assert.deepEqual(events[0]!.detail, wire(got));
  });

  it('records SIP media applications and SIP rules created, updated and deleted, and the number a ToPhoneNumber rule assigns', async () => {
    let seq = mark();
    const { SipMediaApplication: sma } = await alice.send(
      new CreateSipMediaApplicationCommand({ Name: 'ivr', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: lambda('ivr') }] }),
    );
    const smaId = sma!.SipMediaApplicationId!;
    let events = since(seq);
    assert.deepEqual(summary(events), [`SIP Media Application Created sma/${smaId}`]);
    assert.deepEqual(events[0]!.detail, wire(sma));

    seq = mark();
    await alice.send(new UpdateSipMediaApplicationCommand({ SipMediaApplicationId: smaId, Endpoints: [{ LambdaArn: lambda('ivr-2') }] }));
    const { SipMediaApplication: smaNow } = await alice.send(new GetSipMediaApplicationCommand({ SipMediaApplicationId: smaId }));
    events = since(seq);
    assert.deepEqual(summary(events), [`SIP Media Application Updated sma/${smaId}`]);
    assert.deepEqual(events[0]!.detail, {
      ...(wire(smaNow) as object),
      Changes: { Endpoints: { Previous: [{ LambdaArn: lambda('ivr') }], Current: [{ LambdaArn: lambda('ivr-2') }] } },
    });

    // A rule on a number Alice does not own, or on Bob's: refused, nothing recorded.
    seq = mark();
    const target = [{ SipMediaApplicationId: smaId, Priority: 1, AwsRegion: 'us-east-1' }];
    await assertVoiceError(
      alice.send(new CreateSipRuleCommand({ Name: 'nobody', TriggerType: 'ToPhoneNumber', TriggerValue: '+12065553999', TargetApplications: target })),
      'BadRequestException',
      400,
    );
    await assertVoiceError(alice.send(new CreateSipRuleCommand({ Name: 'bobs', TriggerType: 'ToPhoneNumber', TriggerValue: BOBS, TargetApplications: target })), 'BadRequestException', 400);
    assert.deepEqual(since(seq), []);

    const { SipRule: rule } = await alice.send(new CreateSipRuleCommand({ Name: 'dial-in', TriggerType: 'ToPhoneNumber', TriggerValue: DIAL_IN, TargetApplications: target }));
    const ruleId = rule!.SipRuleId!;
    events = since(seq);
    assert.deepEqual(summary(events), [`SIP Rule Created sip-rule/${ruleId}`, `Phone Number Assigned phone-number/${DIAL_IN} sip-rule/${ruleId}`]);
    assert.deepEqual(events[0]!.detail, wire(rule));
    const { PhoneNumber: assigned } = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: DIAL_IN }));
    assert.equal(assigned!.Status, 'Assigned');
    assert.deepEqual(events[1]!.detail, { PhoneNumberId: DIAL_IN, E164PhoneNumber: DIAL_IN, Status: 'Assigned', Association: wire(assigned!.Associations![0]) });

    seq = mark();
    await assertVoiceError(alice.send(new DeleteSipRuleCommand({ SipRuleId: ruleId })), 'ConflictException', 409);
    await assertVoiceError(alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: smaId })), 'ConflictException', 409);
    assert.deepEqual(since(seq), [], 'refused deletes record nothing');

    await alice.send(new UpdateSipRuleCommand({ SipRuleId: ruleId, Name: 'dial-in', Disabled: true }));
    const { SipRule: disabled } = await alice.send(new GetSipRuleCommand({ SipRuleId: ruleId }));
    events = since(seq);
    assert.deepEqual(summary(events), [`SIP Rule Updated sip-rule/${ruleId}`]);
    assert.deepEqual(events[0]!.detail, { ...(wire(disabled) as object), Changes: { Disabled: { Previous: false, Current: true } } });

    seq = mark();
    await alice.send(new DeleteSipRuleCommand({ SipRuleId: ruleId }));
    await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: smaId }));
    events = since(seq);
    assert.deepEqual(summary(events), [
      `Phone Number Unassigned phone-number/${DIAL_IN} sip-rule/${ruleId}`,
      `SIP Rule Deleted sip-rule/${ruleId}`,
      `SIP Media Application Deleted sma/${smaId}`,
    ]);
    assert.deepEqual(events[0]!.detail, { PhoneNumberId: DIAL_IN, E164PhoneNumber: DIAL_IN, Status: 'Unassigned', Association: { Name: 'SipRuleId', Value: ruleId } });
    assert.deepEqual(events[1]!.detail, wire(disabled));
    assert.deepEqual(events[2]!.detail, wire(smaNow));
    assert.equal((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: DIAL_IN }))).PhoneNumber!.Status, 'Unassigned');
  });

  it('records one event per number whose association changed, in request order, and nothing for numbers left as they were', async () => {
    const a = (await alice.send(new CreateVoiceConnectorCommand({ Name: 'a', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
    const b = (await alice.send(new CreateVoiceConnectorCommand({ Name: 'b', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
    const g = (await alice.send(new CreateVoiceConnectorGroupCommand({ Name: 'g', VoiceConnectorItems: [] }))).VoiceConnectorGroup!.VoiceConnectorGroupId!;
    const association = async (e164: string): Promise<unknown> =>
      wire((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!.Associations![0]);

    let seq = mark();
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [N2!, N1!] }));
    let events = since(seq);
    assert.deepEqual(summary(events), [`Phone Number Assigned phone-number/${N2} vc/${a}`, `Phone Number Assigned phone-number/${N1} vc/${a}`]);
    assert.deepEqual(events[0]!.detail, { PhoneNumberId: N2, E164PhoneNumber: N2, Status: 'Assigned', Association: await association(N2!) });
    assert.deepEqual((events[1]!.detail.Association as { Name: string }).Name, 'VoiceConnectorId');

    // Again, with and without ForceAssociate; without it onto another connector (refused per number); a number the
    // account does not own; Bob's number; a connector that does not exist; deleting a connector that has numbers.
    seq = mark();
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [N1!, N2!] }));
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [N1!], ForceAssociate: true }));
    const exists = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [N1!] }));
    assert.deepEqual(exists.PhoneNumberErrors?.map((e) => e.ErrorCode), ['PhoneNumberAssociationsExist']);
    const foreign = await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: ['+12065553999', BOBS] }));
    assert.deepEqual(foreign.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound', 'NotFound']);
    await assertVoiceError(alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: 'abcdefghijklmnopqrstuv', E164PhoneNumbers: [N3!] })), 'NotFoundException', 404);
    await assertVoiceError(alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: a })), 'ConflictException', 409);
    const notThere = await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [N1!] }));
    assert.equal(notThere.PhoneNumberErrors?.length, 1);
    assert.deepEqual(since(seq), [], 'nothing changed, nothing recorded');

    // Moved: one Assigned that names the association it replaced.
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [N1!, N3!], ForceAssociate: true }));
    events = since(seq);
    assert.deepEqual(summary(events), [
      `Phone Number Assigned phone-number/${N1} vc/${b} vc/${a}`,
      `Phone Number Assigned phone-number/${N3} vc/${b}`,
    ]);
    assert.deepEqual(events[0]!.detail, {
      PhoneNumberId: N1,
      E164PhoneNumber: N1,
      Status: 'Assigned',
      Association: await association(N1!),
      PreviousAssociation: { Name: 'VoiceConnectorId', Value: a },
    });
    assert.equal(events[1]!.detail.PreviousAssociation, undefined);

    seq = mark();
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g, E164PhoneNumbers: [N3!], ForceAssociate: true }));
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g, E164PhoneNumbers: [N3!] }));
    events = since(seq);
    assert.deepEqual(summary(events), [`Phone Number Assigned phone-number/${N3} vcg/${g} vc/${b}`]);
    assert.deepEqual((events[0]!.detail.Association as { Name: string; Value: string }), await association(N3!));

    seq = mark();
    const partly = await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: a, E164PhoneNumbers: [N3!, N2!] }));
    assert.equal(partly.PhoneNumberErrors?.length, 1, 'N3 is not on a');
    await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorGroupCommand({ VoiceConnectorGroupId: g, E164PhoneNumbers: [N3!] }));
    await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: b, E164PhoneNumbers: [N1!] }));
    events = since(seq);
    assert.deepEqual(summary(events), [
      `Phone Number Unassigned phone-number/${N2} vc/${a}`,
      `Phone Number Unassigned phone-number/${N3} vcg/${g}`,
      `Phone Number Unassigned phone-number/${N1} vc/${b}`,
    ]);
    assert.deepEqual(events[1]!.detail, { PhoneNumberId: N3, E164PhoneNumber: N3, Status: 'Unassigned', Association: { Name: 'VoiceConnectorGroupId', Value: g } });
    for (const e164 of [N1!, N2!, N3!]) assert.equal((await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }))).PhoneNumber!.Status, 'Unassigned');

    // Each event has its own id; sequences rise by one.
    const all = since(0);
    assert.equal(new Set(all.map((e) => e.id)).size, all.length);
    all.forEach((e, i) => assert.equal(e.seq, i + 1));
  });

  it("keeps each account's events to itself", async () => {
    const aliceBefore = since(0);
    const seq = mark(BOB);
    const { VoiceConnector } = await bob.send(new CreateVoiceConnectorCommand({ Name: 'bobs', RequireEncryption: true }));
    const bobs = VoiceConnector!.VoiceConnectorId!;
    const aliceConnector = aliceBefore.find((e) => e.type === 'Voice Connector Created')!.resources[0]!.id;
    // Bob names Alice's numbers and connector: nothing is found, nothing recorded for either.
    const answer = await bob.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: bobs, E164PhoneNumbers: [N1!] }));
    assert.deepEqual(answer.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound']);
    await assertVoiceError(bob.send(new UpdateVoiceConnectorCommand({ VoiceConnectorId: aliceConnector, Name: 'x', RequireEncryption: true })), 'NotFoundException', 404);
    await bob.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: bobs, E164PhoneNumbers: [BOBS] }));

    assert.deepEqual(summary(since(seq, BOB)), [`Voice Connector Created vc/${bobs}`, `Phone Number Assigned phone-number/${BOBS} vc/${bobs}`]);
    assert.deepEqual(since(0), aliceBefore, "Bob's changes are not Alice's events");
    const aliceIds = new Set(aliceBefore.flatMap((e) => e.resources.map((r) => r.id)));
    for (const event of since(0, BOB)) for (const r of event.resources) assert.ok(!aliceIds.has(r.id), `${event.type} ${r.id}`);
  });
});

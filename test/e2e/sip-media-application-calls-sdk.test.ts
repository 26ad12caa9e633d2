/**
 * SIP media application calls through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice): a call
 * created (201) from one of the account's SipMediaApplicationDialIn numbers and updated (202); the events that stand
 * for the Lambda invocations (read from the server's SQLite outbox); the refusals (the caller's number, the SIP
 * headers, the application, another account's); a transaction forgotten after 24 hours (the test clock moved); the
 * calls deleted with their application; the legacy chime model's routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateSipMediaApplicationCallCommand,
  CreateSipMediaApplicationCommand,
  DeleteSipMediaApplicationCommand,
  UpdateSipMediaApplicationCallCommand,
  type ChimeSDKVoiceClient,
  type CreateSipMediaApplicationCallCommandInput,
} from '@aws-sdk/client-chime-sdk-voice';
import { advanceClock } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { sqliteCount, sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, orderVoiceNumbers, voiceClient } from '../support/voice.ts';

const DIAL_IN = '+12064661262';
const CONNECTOR_NUMBER = '+12064662836';
const CALLED = '+12065550100';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SIP media application calls through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let sma: string;

  const application = async (client: ChimeSDKVoiceClient, name: string): Promise<string> =>
    (
      await client.send(
        new CreateSipMediaApplicationCommand({ Name: name, AwsRegion: 'us-west-2', Endpoints: [{ LambdaArn: `arn:aws:lambda:us-west-2:${ALICE.accountId}:function:${name}` }] }),
      )
    ).SipMediaApplication!.SipMediaApplicationId!;
  const call = (extra: Partial<CreateSipMediaApplicationCallCommandInput> = {}, client = alice) =>
    client.send(new CreateSipMediaApplicationCallCommand({ SipMediaApplicationId: sma, FromPhoneNumber: DIAL_IN, ToPhoneNumber: CALLED, ...extra }));
  const update = (TransactionId: string, Arguments: Record<string, string> = { action: 'hangup' }, SipMediaApplicationId = sma) =>
    alice.send(new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId, TransactionId, Arguments }));
  const callsOf = (transactionId: string): number =>
    sqliteCount(server.dataDir, 'select count(*) as n from sip_media_application_calls where transaction_id = ?', transactionId);
  const mark = (): number => sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;

  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false }, testing: { clockControl: true }, accounts: [accountConfig(ALICE), accountConfig(BOB)] } });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    for (const [ProductType, number] of [['SipMediaApplicationDialIn', DIAL_IN], ['VoiceConnector', CONNECTOR_NUMBER]] as const) {
      await orderVoiceNumbers(alice, ProductType, [number]);
    }
    sma = await application(alice, 'outbound');
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('creates a call (201) and updates it (202), each recorded as the event its Lambda invocation would be', async () => {
    const seq = mark();
    const created = await call({ ToPhoneNumber: CALLED.slice(1), SipHeaders: { 'X-Account-Id': '42', 'User-to-User': 'abc;encoding=hex' }, ArgumentsMap: { FirstName: 'John' } });
    assert.equal(created.$metadata.httpStatusCode, 201);
    const id = created.SipMediaApplicationCall!.TransactionId!;
    assert.match(id, UUID);
    const updated = await update(id, { action: 'hangup' });
    assert.equal(updated.$metadata.httpStatusCode, 202);
    assert.equal(updated.SipMediaApplicationCall!.TransactionId, id);
    // A second update is as good as the first: the call is still known.
    assert.equal((await update(id, {})).SipMediaApplicationCall!.TransactionId, id);

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    const resources = [{ kind: 'sma', id: sma }, { kind: 'sma-call', id }];
    assert.deepEqual(events.map((e) => [e.type, e.resources]), [
      ['SIP Media Application Call Created', resources],
      ['SIP Media Application Call Updated', resources],
      ['SIP Media Application Call Updated', resources],
    ]);
    const arn = `arn:aws:chime:us-west-2:${ALICE.accountId}:sma/${sma}`;
    assert.deepEqual(events[0]!.detail, {
      SipMediaApplicationId: sma,
      SipMediaApplicationArn: arn,
      TransactionId: id,
      FromPhoneNumber: DIAL_IN,
      // Kept with its '+'.
      ToPhoneNumber: CALLED,
      SipHeaders: { 'X-Account-Id': '42', 'User-to-User': 'abc;encoding=hex' },
      ArgumentsMap: { FirstName: 'John' },
    });
    assert.deepEqual(events[1]!.detail, { SipMediaApplicationId: sma, SipMediaApplicationArn: arn, TransactionId: id, Arguments: { action: 'hangup' } });
  });

  it('refuses a caller number that is not a dial-in number of the account, a called number that is none, and other headers', async () => {
    const seq = mark();
    const refusals: [Partial<CreateSipMediaApplicationCallCommandInput>, RegExp][] = [
      [{ FromPhoneNumber: '+12065550199' }, /FromPhoneNumber must be a number of this account \(Unassigned or Assigned\)/],
      [{ FromPhoneNumber: CONNECTOR_NUMBER }, /FromPhoneNumber is a VoiceConnector number; a SIP media application calls from a SipMediaApplicationDialIn number/],
      [{ ToPhoneNumber: '+1999' }, /ToPhoneNumber is not a valid phone number/],
      [{ SipHeaders: { 'X-Ok': '1', Via: 'SIP/2.0/UDP pbx.example.com' } }, /SipHeaders may hold custom headers \(X-…\), User-to-User and Diversion only; its header 2 of 2 is none of them/],
      [{ SipHeaders: { 'X-': 'empty name after the prefix' } }, /SipHeaders/],
    ];
    for (const [extra, message] of refusals) {
      const error = await assertVoiceError(call(extra), 'BadRequestException', 400, message);
      for (const secret of ['2065550199', '2064662836', 'pbx.example.com', 'Via']) assert.ok(!error.message.includes(secret), error.message);
    }
    // The model lists no NotFoundException for a create: an unknown application, or Bob's view of Alice's, is a bad request.
    await assertVoiceError(call({ SipMediaApplicationId: '6f1c3a4e-0000-4000-8000-000000000000' }), 'BadRequestException', 400, /No SIP media application with id 6f1c3a4e/);
    await assertVoiceError(call({}, bob), 'BadRequestException', 400, /No SIP media application/);
    assert.deepEqual(sqliteEvents(server.dataDir, ALICE.accountId, seq), [], 'a refused call records nothing');
  });

  it('answers NotFoundException for an update of a call it does not know, of another application, or of more than 24 hours ago', async () => {
    const id = (await call()).SipMediaApplicationCall!.TransactionId!;
    await assertVoiceError(update('6f1c3a4e-0000-4000-8000-000000000000'), 'NotFoundException', 404, /No call with transaction id 6f1c3a4e-0000-4000-8000-000000000000/);
    const other = await application(alice, 'other');
    await assertVoiceError(update(id, {}, other), 'NotFoundException', 404);
    await assertVoiceError(update(id, {}, 'nosuchapplication'), 'NotFoundException', 404, /No SIP media application with id nosuchapplication/);
    await advanceClock(server, { advanceHours: 23 });
    assert.equal((await update(id)).SipMediaApplicationCall!.TransactionId, id);
    await advanceClock(server, { advanceHours: 2 });
    await assertVoiceError(update(id), 'NotFoundException', 404, /in the last 24 hours/);
    // The next create prunes the forgotten calls of the account.
    await call();
    assert.equal(callsOf(id), 0);
  });

  it('deletes an application\'s calls with it, and answers the legacy chime model\'s routes', async () => {
    const other = await application(alice, 'short-lived');
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const created = await sendRaw(server.url, {
      method: 'POST',
      target: `/chime/sip-media-applications/${other}/calls`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ FromPhoneNumber: DIAL_IN, ToPhoneNumber: CALLED, SipHeaders: { Diversion: '<sip:+12065550100@example.com>;reason=unconditional' } }),
      sign,
    });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.headers['x-dialtone-api'], 'chime');
    const id = (created.json().SipMediaApplicationCall as { TransactionId: string }).TransactionId;
    const updated = await sendRaw(server.url, {
      method: 'POST',
      target: `/chime/sip-media-applications/${other}/calls/${id}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Arguments: { step: '2' } }),
      sign,
    });
    assert.equal(updated.status, 202, updated.body);
    assert.equal(callsOf(id), 1);
    await alice.send(new DeleteSipMediaApplicationCommand({ SipMediaApplicationId: other }));
    assert.equal(callsOf(id), 0, 'the call went with its application');
  });
});

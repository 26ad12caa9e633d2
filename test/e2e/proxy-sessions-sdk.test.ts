/**
 * Proxy sessions through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice): what a connector needs
 * first (a proxy configuration, enabled, and numbers of its pool's countries), create (201), get, list (by status,
 * paged), update (201) and delete (204); the choice of proxy numbers (a participant holds a number once among open
 * sessions, stickiness, area codes); a session closing when its minutes run out (the test clock moved); the refusals;
 * another account's connector; the events read from the server's SQLite outbox; the legacy chime model's routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  CreateProxySessionCommand,
  CreateVoiceConnectorCommand,
  DeleteProxySessionCommand,
  DeleteVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  GetProxySessionCommand,
  ListProxySessionsCommand,
  PutVoiceConnectorProxyCommand,
  UpdateProxySessionCommand,
  type ChimeSDKVoiceClient,
  type CreateProxySessionCommandInput,
  type ProxySession,
} from '@aws-sdk/client-chime-sdk-voice';
import { advanceClock } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { sqliteCount, sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, orderVoiceNumbers, voiceClient } from '../support/voice.ts';

const SEATTLE = ['+12064661262', '+12064662836'] as const;
const BELLEVUE = '+14254660101';
const [RIDER, DRIVER, COURIER, CHEF] = ['+12065550100', '+12065550101', '+12065550102', '+14255550100'] as const;

describe('proxy sessions through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let vc: string;

  const connector = async (client: ChimeSDKVoiceClient, name: string): Promise<string> =>
    (await client.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
  const putProxy = (id: string, extra: { Disabled?: boolean; DefaultSessionExpiryMinutes?: number } = {}) =>
    alice.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: id, DefaultSessionExpiryMinutes: 60, PhoneNumberPoolCountries: ['US'], ...extra }));
  const create = async (pair: readonly [string, string], extra: Partial<CreateProxySessionCommandInput> = {}, id = vc): Promise<ProxySession> =>
    (await alice.send(new CreateProxySessionCommand({ VoiceConnectorId: id, ParticipantPhoneNumbers: [...pair], Capabilities: ['Voice'], ...extra }))).ProxySession!;
  const proxies = (session: ProxySession): string[] => session.Participants!.map((p) => p.ProxyPhoneNumber!);
  const remove = (id: string, connectorId = vc) => alice.send(new DeleteProxySessionCommand({ VoiceConnectorId: connectorId, ProxySessionId: id }));
  const listed = async (Status?: 'Open' | 'Closed' | 'InProgress', connectorId = vc): Promise<string[]> => {
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await alice.send(new ListProxySessionsCommand({ VoiceConnectorId: connectorId, Status, MaxResults: 2, NextToken }));
      ids.push(...(page.ProxySessions ?? []).map((s) => s.ProxySessionId!));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    return ids;
  };

  /** Deletes every session of the connector: each case starts from none. */
  const clear = async (): Promise<void> => {
    for (const id of await listed()) await remove(id);
  };

  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false }, testing: { clockControl: true }, accounts: [accountConfig(ALICE), accountConfig(BOB)] } });
    alice = voiceClient(server, ALICE);
    bob = voiceClient(server, BOB);
    await orderVoiceNumbers(alice, 'VoiceConnector', [...SEATTLE, BELLEVUE]);
    vc = await connector(alice, 'rides');
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('needs the connector\'s proxy configuration, enabled, and numbers of its pool\'s countries', async () => {
    const pair = [RIDER, DRIVER] as const;
    await assertVoiceError(create(pair), 'BadRequestException', 400, new RegExp(`Voice connector ${vc} has no proxy configuration: put one with PutVoiceConnectorProxy first`));
    await putProxy(vc, { Disabled: true });
    await assertVoiceError(create(pair), 'BadRequestException', 400, /is disabled: no new proxy session can start/);
    await putProxy(vc);
    await assertVoiceError(create(pair), 'BadRequestException', 400, /has no proxy phone numbers: associate numbers/);
    await alice.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: vc, DefaultSessionExpiryMinutes: 60, PhoneNumberPoolCountries: ['CA'] }));
    await alice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [...SEATTLE, BELLEVUE] }));
    // Numbers of the US, a pool of Canada: still none.
    await assertVoiceError(create(pair), 'BadRequestException', 400, /has no proxy phone numbers/);
    await putProxy(vc);
    await assertVoiceError(create(pair, {}, 'nosuchconnector0000000'), 'NotFoundException', 404, /No voice connector with id nosuchconnector0000000/);
    await assertVoiceError(bob.send(new CreateProxySessionCommand({ VoiceConnectorId: vc, ParticipantPhoneNumbers: [...pair], Capabilities: ['SMS'] })), 'NotFoundException', 404);
  });

  it('creates (201), gets, lists, updates (201) and deletes (204) a session, recording its events', async () => {
    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;
    const answer = await alice.send(
      new CreateProxySessionCommand({ VoiceConnectorId: vc, ParticipantPhoneNumbers: [RIDER, DRIVER.slice(1)], Capabilities: ['Voice', 'SMS'], Name: 'ride 42' }),
    );
    assert.equal(answer.$metadata.httpStatusCode, 201);
    const session = answer.ProxySession!;
    const id = session.ProxySessionId!;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...session, CreatedTimestamp: undefined, UpdatedTimestamp: undefined },
      {
        VoiceConnectorId: vc,
        ProxySessionId: id,
        Name: 'ride 42',
        Status: 'Open',
        ExpiryMinutes: 60,
        Capabilities: ['Voice', 'SMS'],
        CreatedTimestamp: undefined,
        UpdatedTimestamp: undefined,
        // The lowest number of the pool masks both; the second participant's number got its '+'.
        Participants: [
          { PhoneNumber: RIDER, ProxyPhoneNumber: SEATTLE[0] },
          { PhoneNumber: DRIVER, ProxyPhoneNumber: SEATTLE[0] },
        ],
      },
    );
    assert.ok(session.CreatedTimestamp instanceof Date);
    assert.deepEqual((await alice.send(new GetProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: id }))).ProxySession, session);
    assert.deepEqual(await listed('Open'), [id]);
    assert.deepEqual(await listed('InProgress'), []);

    const updated = await alice.send(new UpdateProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: id, Capabilities: ['SMS'], ExpiryMinutes: 30 }));
    assert.equal(updated.$metadata.httpStatusCode, 201);
    assert.deepEqual([updated.ProxySession!.Capabilities, updated.ProxySession!.ExpiryMinutes], [['SMS'], 30]);
    assert.ok(updated.ProxySession!.UpdatedTimestamp! >= session.UpdatedTimestamp!);
    assert.deepEqual(updated.ProxySession!.Participants, session.Participants);

    const deleted = await remove(id);
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await assertVoiceError(alice.send(new GetProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: id })), 'NotFoundException', 404, new RegExp(`No proxy session with id ${id}`));
    await assertVoiceError(remove(id), 'NotFoundException', 404);

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(
      events.map((e) => [e.type, e.resources]),
      ['Proxy Session Created', 'Proxy Session Updated', 'Proxy Session Deleted'].map((type) => [type, [{ kind: 'proxy-session', id }]]),
    );
    assert.deepEqual(events[0]!.detail.Participants, session.Participants);
    assert.deepEqual(events[1]!.detail.Changes, { ExpiryMinutes: { Previous: 60, Current: 30 }, Capabilities: { Previous: ['Voice', 'SMS'], Current: ['SMS'] } });
  });

  it('gives a participant each number once among open sessions, and refuses when none is left', async () => {
    await clear();
    const first = await create([RIDER, DRIVER]);
    const second = await create([RIDER, COURIER]);
    const third = await create([RIDER, CHEF]);
    assert.deepEqual([proxies(first)[0], proxies(second)[0], proxies(third)[0]], [SEATTLE[0], SEATTLE[1], BELLEVUE]);
    const refused = await assertVoiceError(create([RIDER, '+12065550103']), 'BadRequestException', 400, /is free for the first participant/);
    assert.ok(!refused.message.includes('2065550100'), 'the message never repeats a participant\'s number');
    // The other participants are free of these numbers: a session of theirs still opens.
    assert.equal((await create([DRIVER, COURIER])).Status, 'Open');
    await remove(second.ProxySessionId!);
    assert.deepEqual(proxies(await create([RIDER, '+12065550103'])), [SEATTLE[1], SEATTLE[1]]);
  });

  it('keeps a pair on its number (PreferSticky), moves it (AvoidSticky), and matches area codes', async () => {
    await clear();
    // The pair's first session gets the number of area code 425 asked for, and closes a minute later.
    const earlier = await create([RIDER, DRIVER], { ExpiryMinutes: 1, GeoMatchLevel: 'AreaCode', GeoMatchParams: { Country: 'US', AreaCode: '425' } });
    assert.deepEqual(proxies(earlier), [BELLEVUE, BELLEVUE]);
    await advanceClock(server, { advanceMinutes: 2 });
    const sticky = await create([RIDER, DRIVER]);
    assert.deepEqual(proxies(sticky), [BELLEVUE, BELLEVUE], 'PreferSticky is the default');
    await remove(sticky.ProxySessionId!);
    // The closed session is still the pair's history: AvoidSticky takes another number.
    assert.deepEqual(proxies(await create([RIDER, DRIVER], { NumberSelectionBehavior: 'AvoidSticky' })), [SEATTLE[0], SEATTLE[0]]);
    // Area code of the first participant (425): Bellevue's number, when free for both.
    assert.deepEqual(proxies(await create([CHEF, COURIER], { GeoMatchLevel: 'AreaCode' })), [BELLEVUE, BELLEVUE]);
  });

  it('closes a session when its minutes run out: Closed with its EndedTimestamp, its numbers free, no update', async () => {
    await clear();
    const short = await create([RIDER, DRIVER], { ExpiryMinutes: 5 });
    const long = await create([RIDER, COURIER], { ExpiryMinutes: 120 });
    assert.deepEqual(proxies(long), [SEATTLE[1], SEATTLE[1]]);
    await advanceClock(server, { advanceMinutes: 6 });
    const { ProxySession: closed } = await alice.send(new GetProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: short.ProxySessionId! }));
    assert.equal(closed!.Status, 'Closed');
    assert.equal(closed!.EndedTimestamp!.getTime(), short.CreatedTimestamp!.getTime() + 5 * 60_000);
    assert.deepEqual(await listed('Closed'), [short.ProxySessionId]);
    assert.deepEqual(await listed('Open'), [long.ProxySessionId]);
    assert.deepEqual((await listed()).sort(), [short.ProxySessionId, long.ProxySessionId].sort());
    // The rider's first number is free again.
    assert.deepEqual(proxies(await create([RIDER, CHEF])), [SEATTLE[0], SEATTLE[0]]);
    await assertVoiceError(
      alice.send(new UpdateProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: short.ProxySessionId!, Capabilities: ['Voice'], ExpiryMinutes: 600 })),
      'BadRequestException',
      400,
      /is closed; a closed session cannot be updated/,
    );
    // Shortening an open session's minutes below its age closes it at once.
    const shortened = await alice.send(new UpdateProxySessionCommand({ VoiceConnectorId: vc, ProxySessionId: long.ProxySessionId!, Capabilities: ['Voice'], ExpiryMinutes: 1 }));
    assert.equal(shortened.ProxySession!.Status, 'Closed');
  });

  it('refuses what breaks the model or dialtone\'s rules with BadRequestException', async () => {
    await clear();
    const refusals: [Partial<CreateProxySessionCommandInput>, RegExp][] = [
      [{ ParticipantPhoneNumbers: [RIDER, RIDER] }, /two different numbers/],
      [{ ParticipantPhoneNumbers: [RIDER] }, /ParticipantPhoneNumbers/],
      [{ ParticipantPhoneNumbers: [RIDER, '+1999'] }, /The second of ParticipantPhoneNumbers is not a valid phone number/],
      [{ Capabilities: ['Voice', 'Voice'] }, /Capabilities/],
      [{ Capabilities: [] }, /Capabilities/],
      [{ ExpiryMinutes: 525_601 }, /ExpiryMinutes must be a whole number of minutes from 1 to 525600/],
      [{ ExpiryMinutes: 0 }, /ExpiryMinutes/],
      [{ Name: 'ride-42' }, /Name/],
      [{ GeoMatchLevel: 'AreaCode', GeoMatchParams: { Country: 'USA', AreaCode: '206' } }, /Country/],
    ];
    for (const [extra, message] of refusals) await assertVoiceError(create([RIDER, DRIVER], extra), 'BadRequestException', 400, message);
    await assertVoiceError(alice.send(new ListProxySessionsCommand({ VoiceConnectorId: 'nosuchconnector0000000' })), 'NotFoundException', 404);
    await assertVoiceError(
      alice.send(new ListProxySessionsCommand({ VoiceConnectorId: vc, NextToken: 'bm90LWEtdG9rZW4' })),
      'BadRequestException',
      400,
    );
    assert.deepEqual(await listed(), [], 'nothing was stored');
  });

  it('answers the legacy chime model\'s routes, and deletes a connector\'s sessions with it', async () => {
    await clear();
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const created = await sendRaw(server.url, {
      method: 'POST',
      target: `/chime/voice-connectors/${vc}/proxy-sessions`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ParticipantPhoneNumbers: [RIDER, DRIVER], Capabilities: ['Voice'], ExpiryMinutes: 10 }),
      sign,
    });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.headers['x-dialtone-api'], 'chime');
    const id = (created.json().ProxySession as { ProxySessionId: string }).ProxySessionId;
    const got = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${vc}/proxy-sessions/${id}`, sign });
    assert.equal(got.status, 200, got.body);
    assert.equal((got.json().ProxySession as { Status: string }).Status, 'Open');

    await alice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: vc, E164PhoneNumbers: [...SEATTLE, BELLEVUE] }));
    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }));
    const gone = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${vc}/proxy-sessions/${id}`, sign });
    assert.equal(gone.status, 404, gone.body);
    assert.equal(sqliteCount(server.dataDir, 'select count(*) as n from proxy_sessions'), 0, 'the connector\'s sessions went with it');
  });
});

/**
 * A voice connector's SIP trunk settings through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice):
 * origination (put with its defaults filled, get, delete), termination (the same), termination credentials (put, a
 * password replaced, list of usernames, delete), the logging and streaming configurations; the refusals; another account's connector answering
 * NotFoundException; the settings gone with their connector; the `Voice Connector Settings Changed` events read from
 * the server's SQLite outbox, and no password anywhere in the database; the legacy chime model's requests of the same
 * operations, sent raw under `/chime`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateVoiceConnectorCommand,
  DeleteVoiceConnectorCommand,
  DeleteVoiceConnectorEmergencyCallingConfigurationCommand,
  DeleteVoiceConnectorOriginationCommand,
  DeleteVoiceConnectorProxyCommand,
  DeleteVoiceConnectorStreamingConfigurationCommand,
  DeleteVoiceConnectorTerminationCommand,
  DeleteVoiceConnectorTerminationCredentialsCommand,
  GetVoiceConnectorCommand,
  GetVoiceConnectorEmergencyCallingConfigurationCommand,
  GetVoiceConnectorLoggingConfigurationCommand,
  GetVoiceConnectorOriginationCommand,
  GetVoiceConnectorProxyCommand,
  GetVoiceConnectorStreamingConfigurationCommand,
  GetVoiceConnectorTerminationCommand,
  GetVoiceConnectorTerminationHealthCommand,
  ListVoiceConnectorTerminationCredentialsCommand,
  PutVoiceConnectorEmergencyCallingConfigurationCommand,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorProxyCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  PutVoiceConnectorTerminationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, type TestServer } from '../support/server.ts';
import { sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, startAliceAndBob, type AliceAndBob } from '../support/voice.ts';


describe('voice connector origination, termination and termination credentials through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;

  const connector = async (requireEncryption: boolean, name = 'trunk'): Promise<string> =>
    (await alice.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: requireEncryption }))).VoiceConnector!.VoiceConnectorId!;

  let world: AliceAndBob;

  before(async () => {
    world = await startAliceAndBob({ maxVoiceConnectorsPerAccount: 20 });
    ({ server, alice, bob } = world);
  });
  after(() => world.close());

  it('puts an origination with each route\'s defaults filled, gets it, replaces it and deletes it', async () => {
    const id = await connector(false);
    const none = await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }));
    assert.equal(none.Origination, undefined, 'none put yet: 200 without Origination');

    const put = await alice.send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: id,
        Origination: { Routes: [{ Host: 'sip.example.com' }, { Host: '203.0.113.10', Port: 5080, Protocol: 'TCP', Priority: 2, Weight: 30 }] },
      }),
    );
    const expected = {
      Routes: [
        { Host: 'sip.example.com', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 1 },
        { Host: '203.0.113.10', Port: 5080, Protocol: 'TCP', Priority: 2, Weight: 30 },
      ],
      Disabled: false,
    };
    assert.deepEqual(put.Origination, expected);
    assert.deepEqual((await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }))).Origination, expected);

    await alice.send(new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Disabled: true } }));
    assert.deepEqual((await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }))).Origination, { Routes: [], Disabled: true });

    const deleted = await alice.send(new DeleteVoiceConnectorOriginationCommand({ VoiceConnectorId: id }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal((await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }))).Origination, undefined);
    await alice.send(new DeleteVoiceConnectorOriginationCommand({ VoiceConnectorId: id }));
  });

  it('refuses an origination without routes or Disabled, more than ten routes, a route without a host, UDP on an encrypted connector', async () => {
    const plain = await connector(false, 'plain');
    const encrypted = await connector(true, 'encrypted');
    const put = (id: string, Routes: object[] | undefined, Disabled?: boolean) =>
      alice.send(new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { ...(Routes && { Routes }), ...(Disabled !== undefined && { Disabled }) } }));
    await assertVoiceError(put(plain, undefined), 'BadRequestException', 400, /needs Routes or Disabled/);
    await assertVoiceError(put(plain, []), 'BadRequestException', 400, /needs Routes or Disabled/);
    await assertVoiceError(put(plain, Array.from({ length: 11 }, (_, i) => ({ Host: `h${i}.example.com` }))), 'BadRequestException', 400, /at most 10/);
    await assertVoiceError(put(plain, [{ Port: 5060 }]), 'BadRequestException', 400, /route 1 needs a Host/);
    await assertVoiceError(put(plain, [{ Host: 'bad host!' }]), 'BadRequestException', 400, /route 1 needs a Host/);
    await assertVoiceError(put(plain, [{ Host: 'a.example.com', Priority: 0 }]), 'BadRequestException', 400, /Priority/);
    await assertVoiceError(put(encrypted, [{ Host: 'a.example.com', Protocol: 'UDP' }]), 'BadRequestException', 400, /requires encryption.*UDP is refused/);
    const tls = await put(encrypted, [{ Host: '2001:db8::1' }]);
    assert.equal(tls.Origination?.Routes?.[0]?.Protocol, 'TCP', 'TCP by default where encryption is required');
    assert.equal((await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: plain }))).Origination, undefined, 'refused puts stored nothing');
  });

  it('answers a termination health without TerminationHealth (no SIP OPTIONS ping ever reaches dialtone); NotFound for another account', async () => {
    const id = await connector(false, 'health');
    const health = await alice.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: id }));
    assert.equal(health.$metadata.httpStatusCode, 200);
    assert.equal(health.TerminationHealth, undefined);
    await alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: { CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'] } }));
    assert.equal((await alice.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: id }))).TerminationHealth, undefined);
    await assertVoiceError(bob.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const legacy = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${id}/termination/health`, sign });
    assert.equal(legacy.status, 200, legacy.body);
    assert.deepEqual(legacy.json(), {});
  });

  it('puts a termination with its defaults filled, gets it, refuses what AWS requires, deletes it', async () => {
    const id = await connector(true, 'outbound');
    assert.equal((await alice.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }))).Termination, undefined);
    const put = await alice.send(
      new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: { CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24', '2001:db8::/32'] } }),
    );
    assert.deepEqual(put.Termination, { CpsLimit: 1, CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24', '2001:db8::/32'], Disabled: false });
    const full = { CpsLimit: 5, DefaultPhoneNumber: '+12065550100', CallingRegions: ['US'], CidrAllowedList: ['198.51.100.7/32'], Disabled: true };
    await alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: full }));
    assert.deepEqual((await alice.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }))).Termination, full);

    const put2 = (Termination: object) => alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination }));
    await assertVoiceError(put2({ CidrAllowedList: ['203.0.113.0/24'] }), 'BadRequestException', 400, /needs CallingRegions/);
    await assertVoiceError(put2({ CallingRegions: ['US'] }), 'BadRequestException', 400, /needs CidrAllowedList/);
    await assertVoiceError(put2({ CallingRegions: ['usa'], CidrAllowedList: ['203.0.113.0/24'] }), 'BadRequestException', 400, /entry 1 is not a country code/);
    await assertVoiceError(put2({ CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24', '203.0.113.0/33'] }), 'BadRequestException', 400, /entry 2 is not a network/);
    await assertVoiceError(put2({ CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0'] }), 'BadRequestException', 400, /entry 1 is not a network/);
    await assertVoiceError(put2({ CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], CpsLimit: 0 }), 'BadRequestException', 400, /CpsLimit/);
    await assertVoiceError(put2({ CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], DefaultPhoneNumber: 'not a number' }), 'BadRequestException', 400, /DefaultPhoneNumber/);
    assert.deepEqual((await alice.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }))).Termination, full, 'refused puts changed nothing');

    await alice.send(new DeleteVoiceConnectorTerminationCommand({ VoiceConnectorId: id }));
    assert.equal((await alice.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }))).Termination, undefined);
  });

  it('puts and gets the logging configuration (what is not given is off) and the streaming configuration, deleting the latter', async () => {
    const id = await connector(false, 'observed');
    assert.equal((await alice.send(new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id }))).LoggingConfiguration, undefined);
    const logging = await alice.send(new PutVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id, LoggingConfiguration: { EnableSIPLogs: true } }));
    assert.deepEqual(logging.LoggingConfiguration, { EnableSIPLogs: true, EnableMediaMetricLogs: false });
    assert.deepEqual((await alice.send(new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id }))).LoggingConfiguration, logging.LoggingConfiguration);

    assert.equal((await alice.send(new GetVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id }))).StreamingConfiguration, undefined);
    const streaming = {
      DataRetentionInHours: 24,
      Disabled: false,
      StreamingNotificationTargets: [{ NotificationTarget: 'EventBridge' as const }, { NotificationTarget: 'SQS' as const }],
      MediaInsightsConfiguration: { Disabled: false, ConfigurationArn: `arn:aws:chime:us-east-1:${ALICE.accountId}:media-insights-pipeline-configuration/insights` },
    };
    const put = await alice.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id, StreamingConfiguration: streaming }));
    assert.deepEqual(put.StreamingConfiguration, streaming);
    assert.deepEqual((await alice.send(new GetVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id }))).StreamingConfiguration, streaming);
    await assertVoiceError(
      alice.send(
        new PutVoiceConnectorStreamingConfigurationCommand({
          VoiceConnectorId: id,
          StreamingConfiguration: { DataRetentionInHours: 1, Disabled: false, StreamingNotificationTargets: [{ NotificationTarget: 'SNS' }, { NotificationTarget: 'SNS' }] },
        }),
      ),
      'BadRequestException',
      400,
      /lists SNS more than once/,
    );
    await assertVoiceError(
      alice.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id, StreamingConfiguration: { DataRetentionInHours: -1, Disabled: false } })),
      'BadRequestException',
      400,
      /DataRetentionInHours/,
    );
    const minimal = await alice.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id, StreamingConfiguration: { DataRetentionInHours: 0, Disabled: true } }));
    assert.deepEqual(minimal.StreamingConfiguration, { DataRetentionInHours: 0, Disabled: true });
    await alice.send(new DeleteVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id }));
    assert.equal((await alice.send(new GetVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id }))).StreamingConfiguration, undefined);
    await assertVoiceError(bob.send(new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
  });

  it('puts emergency calling once origination and termination are enabled, numbers with their +; gets and deletes it', async () => {
    const id = await connector(false, 'emergency');
    const get = async () => (await alice.send(new GetVoiceConnectorEmergencyCallingConfigurationCommand({ VoiceConnectorId: id }))).EmergencyCallingConfiguration;
    const put = (DNIS: { EmergencyPhoneNumber: string; TestPhoneNumber?: string; CallingCountry: string }[]) =>
      alice.send(new PutVoiceConnectorEmergencyCallingConfigurationCommand({ VoiceConnectorId: id, EmergencyCallingConfiguration: { DNIS } }));
    const us = { EmergencyPhoneNumber: '12065550911', TestPhoneNumber: '+12065550912', CallingCountry: 'US' };
    assert.equal(await get(), undefined);
    await assertVoiceError(put([us]), 'BadRequestException', 400, /needs the voice connector's origination and termination, put and enabled; it has no enabled origination or termination/);
    await alice.send(new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Routes: [{ Host: 'pbx.example.com' }] } }));
    await assertVoiceError(put([us]), 'BadRequestException', 400, /it has no enabled termination$/);
    await alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: { CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24'], Disabled: true } }));
    await assertVoiceError(put([us]), 'BadRequestException', 400, /no enabled termination/);
    await alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: { CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24'] } }));

    const stored = { DNIS: [{ EmergencyPhoneNumber: '+12065550911', TestPhoneNumber: '+12065550912', CallingCountry: 'US' }, { EmergencyPhoneNumber: '+16135550911', CallingCountry: 'CA' }] };
    const answer = await put([us, { EmergencyPhoneNumber: '+16135550911', CallingCountry: 'CA' }]);
    assert.deepEqual(answer.EmergencyCallingConfiguration, stored);
    assert.deepEqual(await get(), stored);
    await assertVoiceError(put([us, { ...us, EmergencyPhoneNumber: '+12065550999' }]), 'BadRequestException', 400, /DNIS entry 2 repeats CallingCountry US/);
    await assertVoiceError(put([{ ...us, CallingCountry: 'usa' }]), 'BadRequestException', 400, /CallingCountry/);
    await assertVoiceError(put([{ ...us, EmergencyPhoneNumber: '911' }]), 'BadRequestException', 400, /EmergencyPhoneNumber/);
    assert.deepEqual(await get(), stored, 'a refused put changes nothing');
    await assertVoiceError(bob.send(new GetVoiceConnectorEmergencyCallingConfigurationCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);

    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)!.seq;
    const deleted = await alice.send(new DeleteVoiceConnectorEmergencyCallingConfigurationCommand({ VoiceConnectorId: id }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(await get(), undefined);
    await alice.send(new DeleteVoiceConnectorEmergencyCallingConfigurationCommand({ VoiceConnectorId: id }));
    assert.deepEqual(
      sqliteEvents(server.dataDir, ALICE.accountId, seq).map((event) => [event.type, event.detail.Setting, 'EmergencyCallingConfiguration' in event.detail]),
      [['Voice Connector Settings Changed', 'EmergencyCallingConfiguration', false]],
      'one event for the delete that removed it, none for the one that found nothing',
    );
  });

  it('puts the proxy configuration (Disabled false unless given, the fallback number with its +), gets and deletes it', async () => {
    const id = await connector(false, 'proxied');
    const get = async () => (await alice.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: id }))).Proxy;
    assert.equal(await get(), undefined);
    const put = await alice.send(
      new PutVoiceConnectorProxyCommand({ VoiceConnectorId: id, DefaultSessionExpiryMinutes: 60, PhoneNumberPoolCountries: ['US', 'CA'], FallBackPhoneNumber: '12065550100' }),
    );
    const stored = { DefaultSessionExpiryMinutes: 60, Disabled: false, FallBackPhoneNumber: '+12065550100', PhoneNumberCountries: ['US', 'CA'] };
    assert.deepEqual(put.Proxy, stored);
    assert.deepEqual(await get(), stored);
    const refused = (minutes: number, countries: string[], fallBack: string | undefined, message: RegExp) =>
      assertVoiceError(
        alice.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: id, DefaultSessionExpiryMinutes: minutes, PhoneNumberPoolCountries: countries, FallBackPhoneNumber: fallBack })),
        'BadRequestException',
        400,
        message,
      );
    await refused(0, ['US'], undefined, /DefaultSessionExpiryMinutes must be a whole number of minutes from 1 to 525600/);
    await refused(60, ['US', 'US'], undefined, /lists US more than once/);
    await refused(60, [''], undefined, /entry 1 is not a country code/);
    await refused(60, [], undefined, /PhoneNumberPoolCountries/);
    await refused(60, ['US'], '+19995550000', /FallBackPhoneNumber is not a valid phone number/);
    assert.deepEqual(await get(), stored, 'a refused put changes nothing');
    const disabled = await alice.send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: id, DefaultSessionExpiryMinutes: 5, PhoneNumberPoolCountries: ['US'], Disabled: true }));
    assert.deepEqual(disabled.Proxy, { DefaultSessionExpiryMinutes: 5, Disabled: true, PhoneNumberCountries: ['US'] }, 'a put replaces the whole configuration');
    await assertVoiceError(bob.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    const deleted = await alice.send(new DeleteVoiceConnectorProxyCommand({ VoiceConnectorId: id }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(await get(), undefined);
  });

  it('keeps termination credentials: usernames listed, a password replaced, deleted by username, no password stored', async () => {
    const id = await connector(true, 'credentials');
    const list = async () => (await alice.send(new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id }))).Usernames;
    assert.deepEqual(await list(), []);
    const put = await alice.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: id,
        Credentials: [
          { Username: 'pbx-1', Password: 'first-Secret-1' },
          { Username: 'pbx-2', Password: 'second-Secret-2' },
        ],
      }),
    );
    assert.equal(put.$metadata.httpStatusCode, 204);
    await alice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [{ Username: 'pbx-1', Password: 'replaced-Secret-3' }, { Username: 'pbx-3', Password: 'third-Secret-4' }] }));
    assert.deepEqual(await list(), ['pbx-1', 'pbx-2', 'pbx-3']);

    await assertVoiceError(
      alice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [{ Username: 'x', Password: 'a' }, { Username: 'x', Password: 'b' }] })),
      'BadRequestException',
      400,
      /Credential 2 repeats the Username/,
    );
    await assertVoiceError(
      alice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [{ Username: 'nopassword' }] })),
      'BadRequestException',
      400,
      /Credential 1 needs a Username and a Password/,
    );
    const deleted = await alice.send(new DeleteVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Usernames: ['pbx-2', 'never-there'] }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.deepEqual(await list(), ['pbx-1', 'pbx-3']);

    // The database's file and its write-ahead log, as bytes: whatever a copy of them would give away.
    const file = ['dialtone.sqlite', 'dialtone.sqlite-wal']
      .map((name) => (existsSync(join(server.dataDir, name)) ? readFileSync(join(server.dataDir, name)).toString('latin1') : ''))
      .join('');
    for (const password of ['first-Secret-1', 'second-Secret-2', 'replaced-Secret-3', 'third-Secret-4']) {
      assert.equal(file.includes(password), false, `the database file holds no password (${password})`);
    }
    assert.ok(file.includes('scrypt$4096$8$1$'), 'it holds their scrypt hashes');
  });

  it("answers NotFoundException for another account's connector and for one deleted, whose settings went with it", async () => {
    const id = await connector(false, 'gone');
    await alice.send(new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Routes: [{ Host: 'sip.example.com' }] } }));
    await alice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [{ Username: 'u', Password: 'p' }] }));
    for (const command of [
      new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }),
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Disabled: true } }),
      new DeleteVoiceConnectorTerminationCommand({ VoiceConnectorId: id }),
      new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id }),
      new DeleteVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Usernames: ['u'] }),
    ]) {
      await assertVoiceError(bob.send(command as never), 'NotFoundException', 404, new RegExp(`No voice connector with id ${id}`));
    }
    assert.deepEqual((await alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id }))).Origination?.Routes?.[0]?.Host, 'sip.example.com', "Bob's calls changed nothing");

    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: id }));
    await assertVoiceError(alice.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
    await assertVoiceError(alice.send(new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id })), 'NotFoundException', 404);
  });

  it('records Voice Connector Settings Changed for each change, with the setting as it now is and no password', async () => {
    const id = await connector(false, 'evented');
    const { VoiceConnector: vc } = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }));
    const seq = sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;
    await alice.send(new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Routes: [{ Host: 'sip.example.com' }] } }));
    await alice.send(new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: id, Termination: { CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'] } }));
    await alice.send(new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [{ Username: 'pbx', Password: 'event-Secret' }] }));
    await alice.send(new DeleteVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Usernames: ['absent'] }));
    await alice.send(new DeleteVoiceConnectorOriginationCommand({ VoiceConnectorId: id }));
    await alice.send(new DeleteVoiceConnectorOriginationCommand({ VoiceConnectorId: id }));
    await alice.send(new PutVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id, LoggingConfiguration: { EnableMediaMetricLogs: true } }));
    await alice.send(new DeleteVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id }));
    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    const base = { VoiceConnectorId: id, VoiceConnectorArn: vc!.VoiceConnectorArn };
    assert.deepEqual(
      events.map((event) => [event.type, event.resources, event.detail]),
      [
        ['Voice Connector Settings Changed', [{ kind: 'vc', id }], { ...base, Setting: 'Origination', Origination: { Routes: [{ Host: 'sip.example.com', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 1 }], Disabled: false } }],
        ['Voice Connector Settings Changed', [{ kind: 'vc', id }], { ...base, Setting: 'Termination', Termination: { CpsLimit: 1, CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], Disabled: false } }],
        ['Voice Connector Settings Changed', [{ kind: 'vc', id }], { ...base, Setting: 'TerminationCredentials', Usernames: ['pbx'] }],
        ['Voice Connector Settings Changed', [{ kind: 'vc', id }], { ...base, Setting: 'Origination' }],
        ['Voice Connector Settings Changed', [{ kind: 'vc', id }], { ...base, Setting: 'LoggingConfiguration', LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: true } }],
      ],
      'no event for deleting what was not there',
    );
    assert.ok(!JSON.stringify(events).includes('event-Secret'));
    const { VoiceConnector: after } = await alice.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }));
    assert.deepEqual(after!.UpdatedTimestamp, vc!.UpdatedTimestamp, 'settings are not the connector: its UpdatedTimestamp stays');
  });

  it('answers the legacy chime model\'s requests of the same operations', async () => {
    const id = await connector(false, 'legacy');
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const json = { 'content-type': 'application/json' };
    const put = await sendRaw(server.url, {
      method: 'PUT',
      target: `/chime/voice-connectors/${id}/termination`,
      headers: json,
      body: JSON.stringify({ Termination: { CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], CpsLimit: 2 } }),
      sign,
    });
    assert.equal(put.status, 200, put.body);
    assert.equal(put.headers['x-dialtone-api'], 'chime');
    assert.deepEqual(put.json(), { Termination: { CpsLimit: 2, CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], Disabled: false } });
    const credentials = await sendRaw(server.url, {
      method: 'POST',
      target: `/chime/voice-connectors/${id}/termination/credentials?operation=put`,
      headers: json,
      body: JSON.stringify({ Credentials: [{ Username: 'legacy', Password: 'legacy-Secret' }] }),
      sign,
    });
    assert.equal(credentials.status, 204, credentials.body);
    const listed = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${id}/termination/credentials`, sign });
    assert.deepEqual(listed.json(), { Usernames: ['legacy'] });
    const origination = await sendRaw(server.url, { method: 'GET', target: `/chime/voice-connectors/${id}/origination`, sign });
    assert.equal(origination.status, 200, origination.body);
    assert.deepEqual(origination.json(), {});
  });
});

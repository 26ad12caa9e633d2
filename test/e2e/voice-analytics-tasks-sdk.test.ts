/**
 * Voice analytics tasks through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice): what a connector
 * needs first (voice analytics on: a streaming configuration with media insights); speaker searches (201, IN_PROGRESS
 * for 10 seconds, then SUCCEEDED with a voiceprint and no match) and voice tone analyses (201, IN_PROGRESS until
 * stopped), got and stopped (204); one unstopped task of a kind per call (per leg for a search); retries with a
 * `ClientRequestToken`; the refusals (another account's connector, a voice profile domain of another region); the
 * events read from the server's SQLite outbox; tasks forgotten after 24 hours (the test clock moved) and deleted with
 * their connector; the legacy chime model, which has no such operations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateVoiceConnectorCommand,
  CreateVoiceProfileDomainCommand,
  DeleteVoiceConnectorCommand,
  GetSpeakerSearchTaskCommand,
  GetVoiceToneAnalysisTaskCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  StartSpeakerSearchTaskCommand,
  StartVoiceToneAnalysisTaskCommand,
  StopSpeakerSearchTaskCommand,
  StopVoiceToneAnalysisTaskCommand,
  type ChimeSDKVoiceClient,
  type StartSpeakerSearchTaskCommandInput,
  type StartVoiceToneAnalysisTaskCommandInput,
  type StreamingConfiguration,
} from '@aws-sdk/client-chime-sdk-voice';
import { advanceClock } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { sqliteCount, sqliteEvents } from '../support/stored-events.ts';
import { assertVoiceError, voiceClient } from '../support/voice.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INSIGHTS = { Disabled: false, ConfigurationArn: `arn:aws:chime:us-west-2:${ALICE.accountId}:media-insights-pipeline-configuration/insights` };

describe('voice analytics tasks through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let aliceWest: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let vc: string;
  let domain: string;

  const connector = async (client: ChimeSDKVoiceClient, name: string): Promise<string> =>
    (await client.send(new CreateVoiceConnectorCommand({ Name: name, AwsRegion: 'us-west-2', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
  const profileDomain = async (client: ChimeSDKVoiceClient, region: string, accountId = ALICE.accountId): Promise<string> =>
    (
      await client.send(
        new CreateVoiceProfileDomainCommand({ Name: 'callers', ServerSideEncryptionConfiguration: { KmsKeyArn: `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } }),
      )
    ).VoiceProfileDomain!.VoiceProfileDomainId!;
  const stream = (id: string, config: Partial<StreamingConfiguration>) =>
    alice.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id, StreamingConfiguration: { DataRetentionInHours: 24, Disabled: false, ...config } }));
  const search = (TransactionId: string, extra: Partial<StartSpeakerSearchTaskCommandInput> = {}, client = alice) =>
    client.send(new StartSpeakerSearchTaskCommand({ VoiceConnectorId: vc, TransactionId, VoiceProfileDomainId: domain, ...extra }));
  const tone = (TransactionId: string, extra: Partial<StartVoiceToneAnalysisTaskCommandInput> = {}) =>
    alice.send(new StartVoiceToneAnalysisTaskCommand({ VoiceConnectorId: vc, TransactionId, LanguageCode: 'en-US', ...extra }));
  const getSearch = async (id: string, client = alice) =>
    (await client.send(new GetSpeakerSearchTaskCommand({ VoiceConnectorId: vc, SpeakerSearchTaskId: id }))).SpeakerSearchTask!;
  const getTone = async (id: string, IsCaller = true) =>
    (await alice.send(new GetVoiceToneAnalysisTaskCommand({ VoiceConnectorId: vc, VoiceToneAnalysisTaskId: id, IsCaller }))).VoiceToneAnalysisTask!;
  const stopSearch = (id: string, VoiceConnectorId = vc) => alice.send(new StopSpeakerSearchTaskCommand({ VoiceConnectorId, SpeakerSearchTaskId: id }));
  const stopTone = (id: string) => alice.send(new StopVoiceToneAnalysisTaskCommand({ VoiceConnectorId: vc, VoiceToneAnalysisTaskId: id }));
  const tasks = (where = '1 = 1', ...params: unknown[]): number => sqliteCount(server.dataDir, `select count(*) as n from voice_analytics_tasks where ${where}`, ...params);
  const mark = (): number => sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;

  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false }, testing: { clockControl: true }, accounts: [accountConfig(ALICE), accountConfig(BOB)] } });
    alice = voiceClient(server, ALICE);
    aliceWest = voiceClient(server, ALICE, { region: 'us-west-2' });
    bob = voiceClient(server, BOB);
    vc = await connector(alice, 'contact-centre');
    domain = await profileDomain(alice, 'us-east-1');
  });
  after(async () => {
    for (const client of [alice, aliceWest, bob]) client.destroy();
    await server.close();
  });

  it('refuses a task until the connector has voice analytics on, and another account\'s connector or another region\'s domain', async () => {
    const seq = mark();
    const off = new RegExp(`Voice connector ${vc} has no voice analytics: put a streaming configuration that is not Disabled, with a MediaInsightsConfiguration`);
    const attempts = async (): Promise<void> => {
      await assertVoiceError(search('call-0'), 'BadRequestException', 400, off);
      await assertVoiceError(tone('call-0'), 'BadRequestException', 400, off);
    };
    await attempts();
    await stream(vc, {});
    await attempts();
    await stream(vc, { Disabled: true, MediaInsightsConfiguration: INSIGHTS });
    await attempts();
    await stream(vc, { MediaInsightsConfiguration: { ...INSIGHTS, Disabled: true } });
    await attempts();
    // On at last: the domain must be the account's, in the region of the request (not the connector's).
    await stream(vc, { MediaInsightsConfiguration: INSIGHTS });
    const west = await profileDomain(aliceWest, 'us-west-2');
    await assertVoiceError(search('call-0', { VoiceProfileDomainId: west }), 'NotFoundException', 404, new RegExp(`No voice profile domain with id ${west} exists in us-east-1`));
    await assertVoiceError(search('call-0', { VoiceProfileDomainId: await profileDomain(bob, 'us-east-1', BOB.accountId) }), 'NotFoundException', 404);
    await assertVoiceError(search('call-0', { VoiceConnectorId: 'nosuchconnector0000000' }), 'NotFoundException', 404, /No voice connector with id nosuchconnector0000000/);
    await assertVoiceError(search('call-0', {}, bob), 'NotFoundException', 404, new RegExp(`No voice connector with id ${vc}`));
    assert.equal(tasks(), 0, 'a refused start stores nothing');
    assert.deepEqual(sqliteEvents(server.dataDir, ALICE.accountId, seq).filter((e) => e.type.startsWith('Voice Analytics')), []);
    // A task is found on its own connector, of its own kind, in its own account only.
    const id = (await search('call-0')).SpeakerSearchTask!.SpeakerSearchTaskId!;
    await assertVoiceError(getSearch(id, bob), 'NotFoundException', 404);
    await assertVoiceError(getTone(id), 'NotFoundException', 404, new RegExp(`No voice tone analysis task with id ${id}`));
    await assertVoiceError(stopSearch(id, await connector(alice, 'other')), 'NotFoundException', 404);
  });

  it('starts a speaker search (201), IN_PROGRESS for 10 seconds then SUCCEEDED with its voiceprint; a stop keeps it SUCCEEDED', async () => {
    const seq = mark();
    const started = await search('call-1');
    assert.equal(started.$metadata.httpStatusCode, 201);
    const task = started.SpeakerSearchTask!;
    const id = task.SpeakerSearchTaskId!;
    assert.match(id, UUID);
    assert.deepEqual(
      { ...task, CreatedTimestamp: undefined },
      {
        SpeakerSearchTaskId: id,
        SpeakerSearchTaskStatus: 'IN_PROGRESS',
        CallDetails: { VoiceConnectorId: vc, TransactionId: 'call-1', IsCaller: true },
        CreatedTimestamp: undefined,
        UpdatedTimestamp: task.CreatedTimestamp,
        StartedTimestamp: task.CreatedTimestamp,
      },
    );
    assert.deepEqual(await getSearch(id), task);
    await advanceClock(server, { advanceMinutes: 1 });
    const done = await getSearch(id);
    assert.equal(done.SpeakerSearchTaskStatus, 'SUCCEEDED');
    assert.deepEqual(done.SpeakerSearchDetails, { Results: [], VoiceprintGenerationStatus: 'VoiceprintGenerationSuccess' });
    assert.equal(done.UpdatedTimestamp!.getTime(), task.CreatedTimestamp!.getTime() + 10_000);
    assert.equal((await stopSearch(id)).$metadata.httpStatusCode, 204);
    assert.equal((await stopSearch(id)).$metadata.httpStatusCode, 204, 'a second stop is silent');
    assert.deepEqual(await getSearch(id), done);

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(events.map((e) => [e.type, e.resources]), ['Started', 'Stopped'].map((what) => [`Voice Analytics Task ${what}`, [{ kind: 'vc', id: vc }, { kind: 'speaker-search-task', id }]]));
    const detail = { TaskType: 'SpeakerSearch', TaskId: id, VoiceConnectorId: vc, VoiceConnectorArn: `arn:aws:chime:us-west-2:${ALICE.accountId}:vc/${vc}`, TransactionId: 'call-1', CallLeg: 'Caller', VoiceProfileDomainId: domain };
    assert.deepEqual(events.map((e) => e.detail), [detail, detail]);
  });

  it('starts a voice tone analysis (201), IN_PROGRESS until stopped (204), then STOPPED, for the leg asked', async () => {
    const seq = mark();
    const started = await tone('call-2');
    assert.equal(started.$metadata.httpStatusCode, 201);
    const task = started.VoiceToneAnalysisTask!;
    const id = task.VoiceToneAnalysisTaskId!;
    assert.deepEqual([task.VoiceToneAnalysisTaskStatus, task.CallDetails], ['IN_PROGRESS', { VoiceConnectorId: vc, TransactionId: 'call-2', IsCaller: true }]);
    assert.deepEqual(await getTone(id), task);
    assert.deepEqual((await getTone(id, false)).CallDetails, { VoiceConnectorId: vc, TransactionId: 'call-2', IsCaller: false });
    await advanceClock(server, { advanceHours: 1 });
    assert.equal((await getTone(id)).VoiceToneAnalysisTaskStatus, 'IN_PROGRESS', 'an analysis runs until stopped');
    assert.equal((await stopTone(id)).$metadata.httpStatusCode, 204);
    await stopTone(id);
    const stopped = await getTone(id, false);
    assert.equal(stopped.VoiceToneAnalysisTaskStatus, 'STOPPED');
    assert.ok(stopped.UpdatedTimestamp!.getTime() >= task.CreatedTimestamp!.getTime() + 3_600_000, String(stopped.UpdatedTimestamp));
    assert.equal(stopped.CreatedTimestamp!.getTime(), task.CreatedTimestamp!.getTime());

    const events = sqliteEvents(server.dataDir, ALICE.accountId, seq);
    assert.deepEqual(events.map((e) => e.type), ['Voice Analytics Task Started', 'Voice Analytics Task Stopped'], 'the second stop records nothing');
    assert.deepEqual(events[0]!.detail, {
      TaskType: 'VoiceToneAnalysis',
      TaskId: id,
      VoiceConnectorId: vc,
      VoiceConnectorArn: `arn:aws:chime:us-west-2:${ALICE.accountId}:vc/${vc}`,
      TransactionId: 'call-2',
      LanguageCode: 'en-US',
    });
  });

  it('runs one task of a kind at a time per call, per call leg for a speaker search (ConflictException)', async () => {
    const caller = (await search('call-3')).SpeakerSearchTask!.SpeakerSearchTaskId!;
    await assertVoiceError(search('call-3', { CallLeg: 'Caller' }), 'ConflictException', 409, new RegExp(`Speaker search task ${caller} already runs for the Caller leg of call call-3`));
    const callee = (await search('call-3', { CallLeg: 'Callee' })).SpeakerSearchTask!;
    assert.equal(callee.CallDetails!.IsCaller, false);
    await search('call-4');
    const analysis = (await tone('call-3')).VoiceToneAnalysisTask!.VoiceToneAnalysisTaskId!;
    await assertVoiceError(tone('call-3'), 'ConflictException', 409, new RegExp(`Voice tone analysis task ${analysis} already runs for call call-3`));
    // Stopped before its 10 seconds, a search is STOPPED, and the leg is free again.
    await stopSearch(caller);
    const stopped = await getSearch(caller);
    assert.deepEqual([stopped.SpeakerSearchTaskStatus, stopped.SpeakerSearchDetails], ['STOPPED', undefined]);
    assert.notEqual((await search('call-3')).SpeakerSearchTask!.SpeakerSearchTaskId, caller);
    await stopTone(analysis);
    await tone('call-3');
    // A search that has succeeded no longer listens: its leg is free for another, though it was not stopped.
    await advanceClock(server, { advanceMinutes: 1 });
    assert.equal((await getSearch(callee.SpeakerSearchTaskId!)).SpeakerSearchTaskStatus, 'SUCCEEDED');
    const next = (await search('call-3', { CallLeg: 'Callee' })).SpeakerSearchTask!;
    assert.deepEqual([next.SpeakerSearchTaskStatus, next.CallDetails?.IsCaller], ['IN_PROGRESS', false]);
    await assertVoiceError(search('call-3', { CallLeg: 'Callee' }), 'ConflictException', 409);
  });

  it('answers a retry with the same ClientRequestToken with the same task, and other parameters with ConflictException', async () => {
    const seq = mark();
    const first = (await search('call-5', { ClientRequestToken: 'search-5' })).SpeakerSearchTask!;
    // The call's Caller leg is busy, with this very task: the retry answers it.
    const again = await search('call-5', { ClientRequestToken: 'search-5' });
    assert.equal(again.$metadata.httpStatusCode, 201);
    assert.deepEqual(again.SpeakerSearchTask, first);
    // The same retry signed for another region does not find the domain there either.
    await assertVoiceError(search('call-5', { ClientRequestToken: 'search-5' }, aliceWest), 'NotFoundException', 404, /exists in us-west-2/);
    for (const other of [{ CallLeg: 'Callee' as const }, { TransactionId: 'call-6' }]) {
      await assertVoiceError(search('call-5', { ClientRequestToken: 'search-5', ...other }), 'ConflictException', 409, /ClientRequestToken search-5 already started speaker search task .* with other parameters/);
    }
    assert.equal(tasks('client_request_token = ?', 'search-5'), 1);
    const analysis = (await tone('call-5', { ClientRequestToken: 'tone-5' })).VoiceToneAnalysisTask!;
    assert.equal((await tone('call-5', { ClientRequestToken: 'tone-5' })).VoiceToneAnalysisTask!.VoiceToneAnalysisTaskId, analysis.VoiceToneAnalysisTaskId);
    await assertVoiceError(tone('call-7', { ClientRequestToken: 'tone-5' }), 'ConflictException', 409, /ClientRequestToken tone-5/);
    assert.deepEqual(sqliteEvents(server.dataDir, ALICE.accountId, seq).map((e) => e.type), ['Voice Analytics Task Started', 'Voice Analytics Task Started'], 'a retry records nothing');
  });

  it('forgets a task after 24 hours, and deletes a connector\'s tasks with it', async () => {
    const id = (await search('call-8')).SpeakerSearchTask!.SpeakerSearchTaskId!;
    const analysis = (await tone('call-8')).VoiceToneAnalysisTask!.VoiceToneAnalysisTaskId!;
    await advanceClock(server, { advanceHours: 23 });
    assert.equal((await getSearch(id)).SpeakerSearchTaskStatus, 'SUCCEEDED');
    await advanceClock(server, { advanceHours: 2 });
    await assertVoiceError(getSearch(id), 'NotFoundException', 404, /in the last 24 hours/);
    await assertVoiceError(stopSearch(id), 'NotFoundException', 404, /in the last 24 hours/);
    await assertVoiceError(getTone(analysis), 'NotFoundException', 404, /in the last 24 hours/);
    // The forgotten tasks hold no call: both kinds start again for call-8, and the next start prunes them.
    await search('call-8');
    await tone('call-8');
    assert.equal(tasks('id in (?, ?)', id, analysis), 0);
    assert.ok(tasks() > 0);

    await alice.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: vc }));
    assert.equal(tasks('voice_connector_id = ?', vc), 0, 'the tasks went with their connector');
    await assertVoiceError(search('call-9'), 'NotFoundException', 404, new RegExp(`No voice connector with id ${vc}`));
  });

  it('is not part of the legacy chime model: /chime answers UnknownOperationException (404); IsCaller is required', async () => {
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const live = await connector(alice, 'raw');
    await stream(live, { MediaInsightsConfiguration: INSIGHTS });
    const start = (prefix: string, kind: string, body: object) =>
      sendRaw(server.url, { method: 'POST', target: `${prefix}/voice-connectors/${live}/${kind}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), sign });
    for (const [kind, body] of [
      ['speaker-search-tasks', { TransactionId: 'raw-1', VoiceProfileDomainId: domain }],
      ['voice-tone-analysis-tasks', { TransactionId: 'raw-1', LanguageCode: 'en-US' }],
    ] as const) {
      const legacy = await start('/chime', kind, body);
      assert.equal(legacy.status, 404, legacy.body);
      assert.match(legacy.headers['x-amzn-errortype'] as string, /^UnknownOperationException/);
      assert.match(legacy.body, new RegExp(`No operation of the Amazon Chime API matches POST /voice-connectors/${live}/${kind}`));
    }
    assert.equal(tasks('voice_connector_id = ?', live), 0);
    const voice = await start('/chime-sdk-voice', 'voice-tone-analysis-tasks', { TransactionId: 'raw-1', LanguageCode: 'en-US' });
    assert.equal(voice.status, 201, voice.body);
    const id = (voice.json().VoiceToneAnalysisTask as { VoiceToneAnalysisTaskId: string }).VoiceToneAnalysisTaskId;
    const target = `/chime-sdk-voice/voice-connectors/${live}/voice-tone-analysis-tasks/${id}`;
    const missing = await sendRaw(server.url, { method: 'GET', target, sign });
    assert.equal(missing.status, 400, missing.body);
    assert.match(missing.body, /IsCaller/);
    const got = await sendRaw(server.url, { method: 'GET', target: `${target}?isCaller=false`, sign });
    assert.equal(got.status, 200, got.body);
    assert.deepEqual((got.json().VoiceToneAnalysisTask as { CallDetails: unknown }).CallDetails, { VoiceConnectorId: live, TransactionId: 'raw-1', IsCaller: false });
  });
});

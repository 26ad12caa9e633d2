/**
 * Voice profiles through the real JS SDK v3 voice client (@aws-sdk/client-chime-sdk-voice): enrolled (201) from a
 * speaker search of the account that has SUCCEEDED, in its domain, for 3 calendar years; the refusals (a search not
 * succeeded, unknown, another account's, older than a day, enrolled already; another region); got, listed by domain
 * and paged, updated from another search of the domain, deleted; gone once expired or with their domain; found by
 * later searches of the same speaker (a leg is its own speaker unless `/_dialtone/speakers` names one); their events
 * in the SQLite outbox; the legacy chime model, which has no such operations; the background sweep that deletes the
 * rows of expired profiles and of tasks past their day from the SQLite file, without an event.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateVoiceConnectorCommand,
  CreateVoiceProfileCommand,
  CreateVoiceProfileDomainCommand,
  DeleteVoiceProfileCommand,
  DeleteVoiceProfileDomainCommand,
  GetSpeakerSearchTaskCommand,
  GetVoiceProfileCommand,
  ListVoiceProfilesCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  StartSpeakerSearchTaskCommand,
  StopSpeakerSearchTaskCommand,
  UpdateVoiceProfileCommand,
  type ChimeSDKVoiceClient,
  type ListVoiceProfilesCommandInput,
  type VoiceProfile,
} from '@aws-sdk/client-chime-sdk-voice';
import { advanceClock, eventually } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { sqliteCount, sqliteEvents } from '../support/stored-events.ts';
import { call } from '../support/test-controls.ts';
import { assertVoiceError, voiceClient } from '../support/voice.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DAY_MS = 86_400_000;

/** `at` plus 3 calendar years. */
const threeYearsAfter = (at: Date): Date => {
  const expiry = new Date(at.getTime());
  expiry.setUTCFullYear(expiry.getUTCFullYear() + 3);
  return expiry;
};

describe('voice profiles through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let alice: ChimeSDKVoiceClient;
  let aliceWest: ChimeSDKVoiceClient;
  let bob: ChimeSDKVoiceClient;
  let vc: string;
  let bobVc: string;
  let domain: string;
  let bobDomain: string;

  /** A connector of the account with voice analytics on. */
  const connector = async (client: ChimeSDKVoiceClient, accountId: string): Promise<string> => {
    const id = (await client.send(new CreateVoiceConnectorCommand({ Name: 'analytics', AwsRegion: 'us-west-2', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
    const MediaInsightsConfiguration = { Disabled: false, ConfigurationArn: `arn:aws:chime:us-west-2:${accountId}:media-insights-pipeline-configuration/insights` };
    await client.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: id, StreamingConfiguration: { DataRetentionInHours: 24, Disabled: false, MediaInsightsConfiguration } }));
    return id;
  };
  const profileDomain = async (client = alice, accountId = ALICE.accountId): Promise<string> =>
    (
      await client.send(
        new CreateVoiceProfileDomainCommand({ Name: 'speakers', ServerSideEncryptionConfiguration: { KmsKeyArn: `arn:aws:kms:us-east-1:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } }),
      )
    ).VoiceProfileDomain!.VoiceProfileDomainId!;
  type SearchOptions = { client?: ChimeSDKVoiceClient; connectorId?: string; domainId?: string; callee?: boolean };
  const search = async (TransactionId: string, { client = alice, connectorId = vc, domainId = domain, callee = false }: SearchOptions = {}): Promise<string> =>
    (await client.send(new StartSpeakerSearchTaskCommand({ VoiceConnectorId: connectorId, TransactionId, VoiceProfileDomainId: domainId, CallLeg: callee ? 'Callee' : 'Caller' })))
      .SpeakerSearchTask!.SpeakerSearchTaskId!;
  const found = async (id: string, client = alice, connectorId = vc) => {
    const task = (await client.send(new GetSpeakerSearchTaskCommand({ VoiceConnectorId: connectorId, SpeakerSearchTaskId: id }))).SpeakerSearchTask!;
    assert.equal(task.SpeakerSearchTaskStatus, 'SUCCEEDED');
    return task.SpeakerSearchDetails!.Results;
  };
  /** Searches succeed 10 seconds after their start. */
  const tick = () => advanceClock(server, { advanceMinutes: 1 });
  const succeeded = async (TransactionId: string, options: SearchOptions = {}): Promise<string> => {
    const id = await search(TransactionId, options);
    await tick();
    return id;
  };
  const enrol = (SpeakerSearchTaskId: string, client = alice) => client.send(new CreateVoiceProfileCommand({ SpeakerSearchTaskId }));
  const enrolled = async (SpeakerSearchTaskId: string, client = alice): Promise<VoiceProfile> => (await enrol(SpeakerSearchTaskId, client)).VoiceProfile!;
  const get = async (VoiceProfileId: string) => (await alice.send(new GetVoiceProfileCommand({ VoiceProfileId }))).VoiceProfile!;
  const list = (VoiceProfileDomainId: string, extra: Partial<ListVoiceProfilesCommandInput> = {}) => alice.send(new ListVoiceProfilesCommand({ VoiceProfileDomainId, ...extra }));
  const update = (VoiceProfileId: string, SpeakerSearchTaskId: string) => alice.send(new UpdateVoiceProfileCommand({ VoiceProfileId, SpeakerSearchTaskId }));
  const remove = (VoiceProfileId: string) => alice.send(new DeleteVoiceProfileCommand({ VoiceProfileId }));
  const clockNow = async (): Promise<Date> => new Date((await call(`${server.url}/_dialtone/clock`)).body.now as string);
  const mark = (): number => sqliteEvents(server.dataDir, ALICE.accountId).at(-1)?.seq ?? 0;
  const profileEvents = (seq: number) => sqliteEvents(server.dataDir, ALICE.accountId, seq).filter((e) => e.type.startsWith('Voice Profile '));
  const iso = (profile: VoiceProfile) => ({
    ...profile,
    CreatedTimestamp: profile.CreatedTimestamp!.toISOString(),
    UpdatedTimestamp: profile.UpdatedTimestamp!.toISOString(),
    ExpirationTimestamp: profile.ExpirationTimestamp!.toISOString(),
  });
  const speakers = (method: string, body?: object, query = '') =>
    call(`${server.url}/_dialtone/speakers${query}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });

  before(async () => {
    server = await startTestServer({
      config: {
        throttling: { enabled: false },
        testing: { clockControl: true, stateControl: true },
        // The retention sweep every 50 ms: the last case sees what it deletes within its wait.
        voiceAnalytics: { pruneIntervalMs: 50 },
        accounts: [accountConfig(ALICE, { maxVoiceProfileDomainsPerRegion: 10 }), accountConfig(BOB)],
      },
    });
    alice = voiceClient(server, ALICE);
    aliceWest = voiceClient(server, ALICE, { region: 'us-west-2' });
    bob = voiceClient(server, BOB);
    vc = await connector(alice, ALICE.accountId);
    bobVc = await connector(bob, BOB.accountId);
    domain = await profileDomain();
    bobDomain = await profileDomain(bob, BOB.accountId);
  });
  after(async () => {
    for (const client of [alice, aliceWest, bob]) client.destroy();
    await server.close();
  });

  it('enrols a profile (201) from a succeeded search, for 3 years; refuses other searches and another region', async () => {
    const seq = mark();
    const id = await search('enrol-1');
    await assertVoiceError(enrol(id), 'BadRequestException', 400, new RegExp(`Speaker search task ${id} is IN_PROGRESS`));
    const stopped = await search('enrol-2');
    await alice.send(new StopSpeakerSearchTaskCommand({ VoiceConnectorId: vc, SpeakerSearchTaskId: stopped }));
    const west = await search('enrol-3');
    const bobs = await search('enrol-1', { client: bob, connectorId: bobVc, domainId: bobDomain });
    await tick();
    await assertVoiceError(enrol(stopped), 'BadRequestException', 400, new RegExp(`Speaker search task ${stopped} is STOPPED`));
    await assertVoiceError(enrol(randomUUID()), 'NotFoundException', 404, /No speaker search task with id .* in the last 24 hours/);
    await assertVoiceError(enrol(bobs), 'NotFoundException', 404, new RegExp(`No speaker search task with id ${bobs}`));
    await assertVoiceError(enrol(west, aliceWest), 'NotFoundException', 404, new RegExp(`No voice profile domain with id ${domain} exists in us-west-2`));

    const before = await clockNow();
    const created = await enrol(id);
    const after = await clockNow();
    assert.equal(created.$metadata.httpStatusCode, 201);
    const profile = created.VoiceProfile!;
    const pid = profile.VoiceProfileId!;
    assert.match(pid, UUID);
    const at = profile.CreatedTimestamp!;
    assert.ok(at >= before && at <= after, `${at.toISOString()} not within ${before.toISOString()}..${after.toISOString()}`);
    assert.deepEqual(profile, {
      VoiceProfileId: pid,
      VoiceProfileArn: `arn:aws:chime:us-east-1:${ALICE.accountId}:voice-profile/${pid}`,
      VoiceProfileDomainId: domain,
      CreatedTimestamp: at,
      UpdatedTimestamp: at,
      ExpirationTimestamp: threeYearsAfter(at),
    });
    await assertVoiceError(enrol(id), 'ConflictException', 409, new RegExp(`Speaker search task ${id} enrolled voice profile ${pid} already`));
    assert.deepEqual(await get(pid), profile);
    await assertVoiceError(bob.send(new GetVoiceProfileCommand({ VoiceProfileId: pid })), 'NotFoundException', 404);
    await assertVoiceError(aliceWest.send(new GetVoiceProfileCommand({ VoiceProfileId: pid })), 'NotFoundException', 404, /exists in us-west-2/);
    // The refused attempts left nothing: one profile, one event.
    const events = profileEvents(seq);
    assert.deepEqual(events.map((e) => [e.type, e.resources, e.detail]), [['Voice Profile Created', [{ kind: 'voice-profile', id: pid }], iso(profile)]]);
  });

  it('gets, lists a domain\'s profiles by pages, updates from another search of the domain and deletes (204)', async () => {
    const listed = await profileDomain();
    const searches = [await search('list-1', { domainId: listed }), await search('list-2', { domainId: listed }), await search('list-3', { domainId: listed })];
    const elsewhere = await search('list-4');
    await tick();
    const profiles: VoiceProfile[] = [];
    for (const id of searches) profiles.push(await enrolled(id));
    const [p1, p2, p3] = profiles.map((p) => p.VoiceProfileId!) as [string, string, string];
    const all = await list(listed);
    assert.deepEqual([all.VoiceProfiles, all.NextToken], [profiles, undefined]);
    const first = await list(listed, { MaxResults: 2 });
    assert.deepEqual(first.VoiceProfiles, profiles.slice(0, 2));
    assert.ok(first.NextToken);
    const second = await list(listed, { MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual([second.VoiceProfiles, second.NextToken], [profiles.slice(2), undefined]);
    await assertVoiceError(list(domain, { NextToken: first.NextToken }), 'BadRequestException', 400);
    await assertVoiceError(list(randomUUID()), 'NotFoundException', 404, /No voice profile domain with id/);
    await assertVoiceError(list(undefined as unknown as string), 'BadRequestException', 400, /VoiceProfileDomainId/i);

    const seq = mark();
    // A search that found p1 before its update: p1 enrols the same speaker again (the same leg), and stays found.
    const before = await succeeded('list-1', { domainId: listed });
    assert.deepEqual(await found(before), [{ VoiceProfileId: p1, ConfidenceScore: 1 }]);
    const again = await succeeded('list-1', { domainId: listed });
    const updated = (await update(p1, again)).VoiceProfile!;
    assert.deepEqual(await found(before), [{ VoiceProfileId: p1, ConfidenceScore: 1 }], 'the same speaker, still found');
    const old = profiles[0]!;
    assert.equal(updated.CreatedTimestamp!.getTime(), old.CreatedTimestamp!.getTime());
    assert.ok(updated.UpdatedTimestamp!.getTime() >= old.UpdatedTimestamp!.getTime() + 60_000, String(updated.UpdatedTimestamp));
    assert.deepEqual(updated, { ...old, UpdatedTimestamp: updated.UpdatedTimestamp, ExpirationTimestamp: threeYearsAfter(updated.UpdatedTimestamp!) });
    assert.deepEqual(await get(p1), updated);
    await assertVoiceError(update(p1, elsewhere), 'BadRequestException', 400, new RegExp(`searched voice profile domain ${domain}, not the profile's ${listed}`));
    await assertVoiceError(update(p1, searches[1]!), 'ConflictException', 409, new RegExp(`enrolled voice profile ${p2} already`));

    const deleted = await remove(p3);
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await assertVoiceError(get(p3), 'NotFoundException', 404, new RegExp(`No voice profile with id ${p3}`));
    await assertVoiceError(remove(p3), 'NotFoundException', 404);
    await assertVoiceError(update(p3, elsewhere), 'NotFoundException', 404);
    assert.deepEqual((await list(listed)).VoiceProfiles, [updated, profiles[1]]);
    assert.deepEqual(await found(await succeeded('list-3', { domainId: listed })), [], 'a deleted profile is not found');
    assert.deepEqual(await found(await succeeded('list-1', { domainId: listed })), [{ VoiceProfileId: p1, ConfidenceScore: 1 }]);

    const events = profileEvents(seq);
    assert.deepEqual(events.map((e) => e.type), ['Voice Profile Updated', 'Voice Profile Deleted']);
    const changes = { ExpirationTimestamp: { Previous: old.ExpirationTimestamp!.toISOString(), Current: updated.ExpirationTimestamp!.toISOString() } };
    assert.deepEqual(events[0]!.detail, { ...iso(updated), Changes: changes });
    assert.deepEqual(events[1]!.detail, iso(profiles[2]!));
  });

  it('finds a profile from later searches of the same leg, not of another leg, call, domain or account', async () => {
    const origin = await succeeded('leg-1');
    const pid = (await enrolled(origin)).VoiceProfileId!;
    const other = await profileDomain();
    const bobOrigin = await succeeded('leg-1', { client: bob, connectorId: bobVc, domainId: bobDomain });
    const bobPid = (await enrolled(bobOrigin, bob)).VoiceProfileId!;
    const [same, callee, call2] = [await search('leg-1'), await search('leg-1', { callee: true }), await search('leg-2')];
    const bobs = await search('leg-1', { client: bob, connectorId: bobVc, domainId: bobDomain });
    await tick();
    assert.deepEqual(await found(same), [{ VoiceProfileId: pid, ConfidenceScore: 1 }]);
    assert.deepEqual(await found(callee), []);
    assert.deepEqual(await found(call2), []);
    assert.deepEqual(await found(origin), [], 'enrolled after its own search succeeded');
    assert.deepEqual(await found(bobs, bob, bobVc), [{ VoiceProfileId: bobPid, ConfidenceScore: 1 }]);
    assert.deepEqual(await found(await succeeded('leg-1', { domainId: other })), [], 'another domain');
  });

  it('finds the speaker /_dialtone/speakers names on another call\'s leg; the control reads, forgets and checks', async () => {
    assert.deepEqual(await speakers('PUT', { transactionId: 'call-A', caller: 'alice' }), { status: 200, body: { transactionId: 'call-A', caller: 'alice' } });
    assert.deepEqual(await speakers('PUT', { transactionId: 'call-B', callee: 'alice' }), { status: 200, body: { transactionId: 'call-B', callee: 'alice' } });
    assert.deepEqual(await speakers('GET', undefined, '?transactionId=call-B'), { status: 200, body: { transactionId: 'call-B', callee: 'alice' } });
    const early = await search('call-B', { callee: true });
    const pid = (await enrolled(await succeeded('call-A'))).VoiceProfileId!;
    assert.deepEqual(await found(early), [], 'enrolled after the search succeeded');
    const [callee, caller] = [await search('call-B', { callee: true }), await search('call-B')];
    await tick();
    assert.deepEqual(await found(callee), [{ VoiceProfileId: pid, ConfidenceScore: 1 }]);
    assert.deepEqual(await found(caller), []);

    assert.deepEqual(await speakers('DELETE', undefined, '?transactionId=call-B'), { status: 200, body: { transactionId: 'call-B', removed: true } });
    assert.deepEqual(await speakers('DELETE', undefined, '?transactionId=call-B'), { status: 200, body: { transactionId: 'call-B', removed: false } });
    assert.deepEqual(await speakers('GET', undefined, '?transactionId=call-B'), { status: 200, body: { transactionId: 'call-B' } });
    assert.deepEqual(await found(await succeeded('call-B', { callee: true })), [], 'the leg is its own speaker again');
    for (const [body, message] of [
      [{ transactionId: 'call-C', caller: 'carol', speaker: 'dave' }, /Unknown member/],
      [{ transactionId: 'call-C' }, /Name the speaker/],
      [{ transactionId: '', caller: 'carol' }, /transactionId must be a string/],
    ] as const) {
      const answer = await speakers('PUT', body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body), message);
    }
    assert.deepEqual(await speakers('GET', undefined, '?transactionId=call-C'), { status: 200, body: { transactionId: 'call-C' } });
  });

  it('refuses to delete a domain that holds profiles (ConflictException), and deletes it once they are', async () => {
    // The brief said a domain's deletion takes its profiles; src/ and docs/api.md now refuse it while any is left.
    const held = await profileDomain();
    const pid = (await enrolled(await succeeded('drop-1', { domainId: held }))).VoiceProfileId!;
    const drop = () => alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: held }));
    await assertVoiceError(drop(), 'ConflictException', 409, new RegExp(`Voice profile domain ${held} holds voice profiles \\(${pid} among them\\)`));
    assert.deepEqual(await get(pid), (await list(held)).VoiceProfiles![0]);
    await remove(pid);
    assert.equal((await drop()).$metadata.httpStatusCode, 204);
    await assertVoiceError(list(held), 'NotFoundException', 404);
    assert.equal(sqliteCount(server.dataDir, 'select count(*) as n from voice_profiles where voice_profile_domain_id = ?', held), 0);
  });

  it('is not part of the legacy chime model: /chime answers UnknownOperationException (404)', async () => {
    const pid = (await enrolled(await succeeded('raw-1'))).VoiceProfileId!;
    const sign = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };
    const json = { 'content-type': 'application/json' };
    for (const [method, path, body] of [
      ['POST', '/voice-profiles', JSON.stringify({ SpeakerSearchTaskId: randomUUID() })],
      ['GET', `/voice-profiles/${pid}`, undefined],
      ['GET', `/voice-profiles?voice-profile-domain-id=${domain}`, undefined],
      ['PUT', `/voice-profiles/${pid}`, JSON.stringify({ SpeakerSearchTaskId: randomUUID() })],
      ['DELETE', `/voice-profiles/${pid}`, undefined],
    ] as const) {
      const legacy = await sendRaw(server.url, { method, target: `/chime${path}`, sign, ...(body !== undefined && { body, headers: json }) });
      assert.equal(legacy.status, 404, `${method} ${path}: ${legacy.body}`);
      assert.match(legacy.headers['x-amzn-errortype'] as string, /^UnknownOperationException/);
      assert.match(legacy.body, /No operation of the Amazon Chime API matches/);
    }
    const voice = await sendRaw(server.url, { method: 'GET', target: `/chime-sdk-voice/voice-profiles/${pid}`, sign });
    assert.equal(voice.status, 200, voice.body);
    assert.equal((voice.json().VoiceProfile as { VoiceProfileId: string }).VoiceProfileId, pid);
  });

  it('forgets searches after 24 hours, and a profile once its ExpirationTimestamp has passed', async () => {
    const aging = await profileDomain();
    const profile = await enrolled(await succeeded('age-1', { domainId: aging }));
    const pid = profile.VoiceProfileId!;
    const unused = await succeeded('age-2', { domainId: aging });
    await advanceClock(server, { advanceHours: 25 });
    await assertVoiceError(enrol(unused), 'NotFoundException', 404, new RegExp(`No speaker search task with id ${unused} in this account in the last 24 hours`));
    assert.deepEqual(await get(pid), profile);
    // A day before it expires the profile is there; a day after, it is gone.
    await advanceClock(server, { advanceMinutes: (profile.ExpirationTimestamp!.getTime() - (await clockNow()).getTime() - DAY_MS) / 60_000 });
    assert.deepEqual(await get(pid), profile);
    assert.deepEqual((await list(aging)).VoiceProfiles, [profile]);
    await advanceClock(server, { advanceDays: 2 });
    await assertVoiceError(get(pid), 'NotFoundException', 404, new RegExp(`No voice profile with id ${pid}`));
    assert.deepEqual((await list(aging)).VoiceProfiles, []);
    await assertVoiceError(remove(pid), 'NotFoundException', 404);
    // Its voiceprint enrols again from a new search; the expired profile does not hold the domain, the new one does.
    const again = (await enrolled(await succeeded('age-1', { domainId: aging }))).VoiceProfileId!;
    assert.notEqual(again, pid);
    const drop = () => alice.send(new DeleteVoiceProfileDomainCommand({ VoiceProfileDomainId: aging }));
    await assertVoiceError(drop(), 'ConflictException', 409, new RegExp(`\\(${again} among them\\)`));
    await remove(again);
    assert.equal((await drop()).$metadata.httpStatusCode, 204);
  });

  it('deletes in the background the tasks past their day and the profiles once expired, of every account, with no event', async () => {
    const stored = (table: 'voice_profiles' | 'voice_analytics_tasks', id: string): number => sqliteCount(server.dataDir, `select count(*) as n from ${table} where id = ?`, id);
    const sweeping = await profileDomain();
    const task = await succeeded('sweep-1', { domainId: sweeping });
    const bobs = await succeeded('sweep-1', { client: bob, connectorId: bobVc, domainId: bobDomain });
    const profile = await enrolled(task);
    const pid = profile.VoiceProfileId!;
    const seq = mark();
    const bobSeq = sqliteEvents(server.dataDir, BOB.accountId).at(-1)?.seq ?? 0;
    assert.deepEqual([stored('voice_analytics_tasks', task), stored('voice_analytics_tasks', bobs), stored('voice_profiles', pid)], [1, 1, 1]);

    // No start after this: what deletes the tasks is the sweep (every 50 ms here), not a start's prune of its account.
    await advanceClock(server, { advanceHours: 25 });
    await eventually(async () => assert.deepEqual([stored('voice_analytics_tasks', task), stored('voice_analytics_tasks', bobs)], [0, 0], 'the tasks past their day'));
    assert.equal(stored('voice_profiles', pid), 1, 'a profile that has not expired stays');
    assert.deepEqual(await get(pid), profile);

    await advanceClock(server, { advanceMinutes: (profile.ExpirationTimestamp!.getTime() - (await clockNow()).getTime()) / 60_000 + 1 });
    await eventually(async () => assert.equal(stored('voice_profiles', pid), 0, 'the profile once it has expired'));
    await assertVoiceError(get(pid), 'NotFoundException', 404, new RegExp(`No voice profile with id ${pid}`));
    assert.deepEqual(profileEvents(seq), [], 'no event for the pruned profile');
    const tasksSince = (accountId: string, after: number) => sqliteEvents(server.dataDir, accountId, after).filter((e) => e.type.startsWith('Voice Analytics Task '));
    assert.deepEqual([tasksSince(ALICE.accountId, seq), tasksSince(BOB.accountId, bobSeq)], [[], []], 'nor for the pruned tasks');
  });
});

/**
 * Voice profiles (CreateVoiceProfile, GetVoiceProfile, ListVoiceProfiles, UpdateVoiceProfile, DeleteVoiceProfile) and
 * the speaker searches that enrol and find them, through boto3 against a listening dialtone: `boto3.client
 * ('chime-sdk-voice')` of both ages of botocore users run (Debian's 1.29 and the current one of `python3` on PATH).
 * botocore 1.29.27's chime-sdk-voice model predates the operations: its suite reads the model first, checks that it is
 * the 1.29 one that lacks them, and says so; 1.43.11's has them all.
 * A connector with voice analytics on (a streaming configuration with media insights) and two voice profile domains
 * are set up with the JS SDK. The server runs with the test clock, which the scripts move (POST /_dialtone/clock) to
 * see a speaker search succeed after its 10 s, and with the test-mode state controls, through which the scripts name
 * who speaks on a call's legs (PUT /_dialtone/speakers): a profile enrolled from one call's leg is found on another
 * call's leg where the same speaker speaks. The voice client talks to `…/chime-sdk-voice`, so each answer names that
 * model (`x-dialtone-api`). The cases' scripts run in one Python process (a start-up costs a second), in the cases'
 * order, once the model is read.
 * botocore 1.43.11's model has no paginator of ListVoiceProfiles (nor the CLI's): its pages are followed by NextToken.
 * Then the same through the real AWS CLI, v1 and v2, where its model has the commands (probed: Debian's v2 2.9.19 has
 * none of them, v1 on the botocore 1.43 of its Python has all), the clock moved and the speakers named by the test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { boto3Unavailable, PYTHONS } from '../support/boto3.ts';
import { inBatches } from '../support/aws-cli.ts';
import { advanceClock, answered, awsClis, boto3Suite, createConnector, createDomain, nameSpeakers, noContent, refused, UNKNOWN_DOMAIN, UNKNOWN_TASK, UUID, voiceCliSuite } from '../support/voice-analytics.ts';
import type { AwsCli, Result, SpeakerSearchTask } from '../support/voice-analytics.ts';

const OPERATIONS = ['CreateVoiceProfile', 'GetVoiceProfile', 'ListVoiceProfiles', 'UpdateVoiceProfile', 'DeleteVoiceProfile', 'StartSpeakerSearchTask', 'GetSpeakerSearchTask'];
const UNKNOWN_PROFILE = '3d2e1f0a-0000-4000-8000-000000000000';
/** The members of a profile, as GetVoiceProfile and ListVoiceProfiles answer it. */
const PROFILE_KEYS = ['CreatedTimestamp', 'ExpirationTimestamp', 'UpdatedTimestamp', 'VoiceProfileArn', 'VoiceProfileDomainId', 'VoiceProfileId'];
const TEST_CONTROLS = { clockControl: true, stateControl: true };

const notFound = (id: string): RegExp => new RegExp(`^No voice profile with id ${id} exists in us-east-1 in this account$`);
const enrolledAlready = (search: string, profile: string): RegExp =>
  new RegExp(`^Speaker search task ${search} enrolled voice profile ${profile} already; a search's voiceprint enrols one profile$`);
const notSucceeded = (search: string, status: string): RegExp =>
  new RegExp(`^Speaker search task ${search} is ${status}: a voice profile is enrolled from a search that has SUCCEEDED, with its voiceprint$`);

/** The time (epoch ms) three years after `ms`, as a calendar date: a profile's lifetime (29 February → the 28th). */
function threeYearsAfter(ms: number): number {
  const at = new Date(ms);
  const month = at.getUTCMonth();
  at.setUTCFullYear(at.getUTCFullYear() + 3);
  if (at.getUTCMonth() !== month) at.setUTCDate(0);
  return at.getTime();
}

/** The connector with voice analytics, and the account's two voice profile domains. */
interface World {
  account: string;
  connector: string;
  /** The domain the enrolments and identifications use. */
  domain: string;
  /** A domain of its own for the listing (two profiles in it, no more). */
  listing: string;
}

/** Creates the connector and the domains of {@link World} in the account of `sdk`. */
async function setUp(sdk: ChimeSDKVoiceClient, name: string): Promise<World> {
  const { id, account } = await createConnector(sdk, `${name}-on`, 'on');
  return { account, connector: id, domain: await createDomain(sdk, `${name}-callers`, account), listing: await createDomain(sdk, `${name}-listing`, account) };
}

/**
 * After the shared prelude (`task`, `advance`, `speak`…): the world (argv 3 to 5), `search(transaction, domain,
 * **params)`: starts a speaker search and answers its id, with the start in `out['search:' + transaction]`,
 * `search_task(id)`: gets it, and `enrol(transaction, speaker)`: names the speaker of the call's caller leg, searches
 * it in `domain` and 11 s on enrols a profile: the search's id and the answer.
 */
const PRELUDE = `on, domain, listing = sys.argv[3:6]
def search(transaction, in_domain, **params):
    started = task('start_speaker_search_task', VoiceConnectorId=on, TransactionId=transaction, VoiceProfileDomainId=in_domain, **params)
    out['search:' + transaction] = started
    return started['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
def search_task(sid):
    return task('get_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId=sid)
def profile_id(answer):
    return answer['ok']['VoiceProfile']['VoiceProfileId']
def enrol(transaction, speaker):
    speak(transaction, caller=speaker)
    sid = search(transaction, domain)
    advance(11)
    return sid, task('create_voice_profile', SpeakerSearchTaskId=sid)
`;

/** A profile as boto3 reads it (the timestamps as epoch seconds), or as the CLI prints it (in ISO 8601). */
type Profile = Record<'VoiceProfileId' | 'VoiceProfileArn' | 'VoiceProfileDomainId', string> & Record<'CreatedTimestamp' | 'UpdatedTimestamp' | 'ExpirationTimestamp', number>;
type CliProfile = Record<'VoiceProfileId' | 'VoiceProfileArn' | 'VoiceProfileDomainId' | 'CreatedTimestamp' | 'UpdatedTimestamp' | 'ExpirationTimestamp', string>;
type Listing = { VoiceProfiles: Profile[]; NextToken?: string };

const ms = (seconds: number): number => Math.round(seconds * 1000);

/** A profile of `domain` in `account` as enrolled or last updated: its members, ARN, and lifetime from its update. */
function checkProfile<P extends Profile | CliProfile>(p: P, account: string, domain: string, epochMs: (at: P['UpdatedTimestamp']) => number): void {
  assert.deepEqual(Object.keys(p).sort(), PROFILE_KEYS, JSON.stringify(p));
  assert.match(p.VoiceProfileId, UUID);
  assert.equal(p.VoiceProfileArn, `arn:aws:chime:us-east-1:${account}:voice-profile/${p.VoiceProfileId}`);
  assert.equal(p.VoiceProfileDomainId, domain);
  assert.equal(epochMs(p.ExpirationTimestamp), threeYearsAfter(epochMs(p.UpdatedTimestamp)), `expires 3 years after its enrolment or update: ${JSON.stringify(p)}`);
}

for (const PYTHON of PYTHONS) describe(`boto3 voice profiles against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  const suite = boto3Suite(PYTHON, {
    home: 'dialtone-boto3-voice-profiles-home-',
    testing: TEST_CONTROLS,
    setUp: (sdk) => setUp(sdk, 'profiles'),
    args: (world) => [world.connector, world.domain, world.listing],
    prelude: PRELUDE,
    operations: OPERATIONS,
    what: 'voice profile',
  });
  const profileOf = (p: Profile, domain: string): void => checkProfile(p, suite.world.account, domain, ms);
  /** A speaker search of the connector's call, SUCCEEDED, that found `results`. */
  const found = (r: Result | undefined, transactionId: string, isCaller: boolean, results: string[]): SpeakerSearchTask => {
    const task = answered<SpeakerSearchTask>(r, 200, 'SpeakerSearchTask');
    assert.equal(task.SpeakerSearchTaskStatus, 'SUCCEEDED', JSON.stringify(task));
    assert.deepEqual(task.CallDetails, { VoiceConnectorId: suite.world.connector, TransactionId: transactionId, IsCaller: isCaller });
    assert.deepEqual(task.SpeakerSearchDetails, {
      Results: results.map((id) => ({ VoiceProfileId: id, ConfidenceScore: 1.0 })),
      VoiceprintGenerationStatus: 'VoiceprintGenerationSuccess',
    });
    return task;
  };

  const enrolment = suite.script(`
sid, out['created'] = enrol('call-enrol-a', 'dana')
pid = profile_id(out['created'])
out['conflict'] = task('create_voice_profile', SpeakerSearchTaskId=sid)
out['got'] = task('get_voice_profile', VoiceProfileId=pid)
out['search'] = search_task(sid)
`);
  it('enrols the caller of a speaker search that has SUCCEEDED (201): its ARN, its domain, expiring 3 years on; a second profile from the same search is a ConflictException (409)', async (t) => {
    const out = await enrolment(t);
    if (!out) return;
    const search = answered<SpeakerSearchTask>(out['search:call-enrol-a'], 201, 'SpeakerSearchTask');
    assert.equal(search.SpeakerSearchTaskStatus, 'IN_PROGRESS');
    const created = answered<Profile>(out.created, 201, 'VoiceProfile');
    profileOf(created, suite.world.domain);
    assert.equal(created.UpdatedTimestamp, created.CreatedTimestamp);
    assert.equal(ms(created.ExpirationTimestamp), threeYearsAfter(ms(created.CreatedTimestamp)));
    assert.ok(ms(created.CreatedTimestamp) - ms(search.CreatedTimestamp) >= 11_000, `enrolled on the moved clock, 11 s after the search started: ${JSON.stringify([search, created])}`);
    refused(out.conflict, 'ConflictException', 409, enrolledAlready(search.SpeakerSearchTaskId, created.VoiceProfileId));
    assert.deepEqual(answered(out.got, 200, 'VoiceProfile'), created);
    // The search found no one: the profile was enrolled after it succeeded.
    found(out.search, 'call-enrol-a', true, []);
  });

  const identification = suite.script(`
_, out['created'] = enrol('call-identify-a', 'erin')
speak('call-identify-b', caller='frank', callee='erin')
callee = search('call-identify-b', domain, CallLeg='Callee')
caller = search('call-identify-b', domain, CallLeg='Caller')
out['listening'] = search_task(callee)
advance(11)
out['callee'] = search_task(callee)
out['caller'] = search_task(caller)
out['ids'] = {'callee': callee, 'caller': caller}
`);
  it("identifies the enrolled speaker on another call's Callee leg (Results: the profile, ConfidenceScore 1.0); its caller, another speaker, matches none", async (t) => {
    const out = await identification(t);
    if (!out) return;
    const profile = answered<Profile>(out.created, 201, 'VoiceProfile');
    const listening = answered<SpeakerSearchTask>(out.listening, 200, 'SpeakerSearchTask');
    assert.equal(listening.SpeakerSearchTaskStatus, 'IN_PROGRESS');
    assert.equal(listening.SpeakerSearchDetails, undefined, 'no results before it succeeds');
    const callee = found(out.callee, 'call-identify-b', false, [profile.VoiceProfileId]);
    const ids = out.ids as unknown as { callee: string; caller: string };
    assert.equal(callee.SpeakerSearchTaskId, ids.callee);
    assert.equal(found(out.caller, 'call-identify-b', true, []).SpeakerSearchTaskId, ids.caller);
  });

  const listing = suite.script(`
speak('call-list-1', caller='gina')
speak('call-list-2', caller='hank')
speak('call-list-3', caller='gina')
s1, s2, s3 = search('call-list-1', listing), search('call-list-2', listing), search('call-list-3', listing)
elsewhere = search('call-list-4', domain)
advance(11)
out['first'] = task('create_voice_profile', SpeakerSearchTaskId=s1)
advance(1)
out['second'] = task('create_voice_profile', SpeakerSearchTaskId=s2)
p1, p2 = profile_id(out['first']), profile_id(out['second'])
pages = [task('list_voice_profiles', VoiceProfileDomainId=listing, MaxResults=1)]
while 'NextToken' in pages[-1].get('ok', {}) and len(pages) < 5:
    pages.append(task('list_voice_profiles', VoiceProfileDomainId=listing, MaxResults=1, NextToken=pages[-1]['ok']['NextToken']))
out['pages'] = pages
out['whole'] = task('list_voice_profiles', VoiceProfileDomainId=listing)
out['token_elsewhere'] = task('list_voice_profiles', VoiceProfileDomainId=domain, MaxResults=1, NextToken=pages[0]['ok']['NextToken'])
out['unknown_domain'] = task('list_voice_profiles', VoiceProfileDomainId='${UNKNOWN_DOMAIN}')
out['got'] = task('get_voice_profile', VoiceProfileId=p1)
advance(60)
out['updated'] = task('update_voice_profile', VoiceProfileId=p1, SpeakerSearchTaskId=s3)
out['got_updated'] = task('get_voice_profile', VoiceProfileId=p1)
out['other_domain'] = task('update_voice_profile', VoiceProfileId=p1, SpeakerSearchTaskId=elsewhere)
out['taken'] = task('update_voice_profile', VoiceProfileId=p1, SpeakerSearchTaskId=s2)
out['deleted'] = task('delete_voice_profile', VoiceProfileId=p2)
out['got_deleted'] = task('get_voice_profile', VoiceProfileId=p2)
out['deleted_again'] = task('delete_voice_profile', VoiceProfileId=p2)
out['updated_deleted'] = task('update_voice_profile', VoiceProfileId=p2, SpeakerSearchTaskId=s2)
out['after_delete'] = task('list_voice_profiles', VoiceProfileDomainId=listing)
out['unknown'] = task('get_voice_profile', VoiceProfileId='${UNKNOWN_PROFILE}')
out['elsewhere'] = elsewhere
`);
  it('lists a domain (MaxResults 1: a page a profile, by NextToken), gets, updates from a new search (UpdatedTimestamp and expiry move), deletes (204); then NotFoundException (404)', async (t) => {
    const out = await listing(t);
    if (!out) return;
    t.diagnostic(`botocore ${suite.model.botocore}: ListVoiceProfiles ${suite.model.paginated.includes('ListVoiceProfiles') ? 'has' : 'has no'} paginator; its pages are followed by NextToken`);
    const first = answered<Profile>(out.first, 201, 'VoiceProfile');
    const second = answered<Profile>(out.second, 201, 'VoiceProfile');
    profileOf(first, suite.world.listing);
    profileOf(second, suite.world.listing);
    assert.ok(ms(second.CreatedTimestamp) - ms(first.CreatedTimestamp) >= 1000, `the second enrolled a second later: ${JSON.stringify([first, second])}`);

    // Oldest first, one a page; the last page has no NextToken.
    const pages = (out.pages as unknown as Result[]).map((page) => {
      assert.equal(page.status, 200, JSON.stringify(page));
      assert.equal(page.api, 'chime-sdk-voice');
      return page.ok as Listing;
    });
    assert.deepEqual(
      pages.map((page) => page.VoiceProfiles),
      [[first], [second]],
      JSON.stringify(pages),
    );
    assert.match(String(pages[0]!.NextToken), /\S/);
    assert.deepEqual(Object.keys(pages[1]!), ['VoiceProfiles'], 'no NextToken on the last page');
    assert.deepEqual(out.whole?.ok, { VoiceProfiles: [first, second] }, 'one page without MaxResults');
    refused(out.token_elsewhere, 'BadRequestException', 400, /^Invalid NextToken/);
    refused(out.unknown_domain, 'NotFoundException', 404, new RegExp(`^No voice profile domain with id ${UNKNOWN_DOMAIN} exists in us-east-1 in this account$`));
    assert.deepEqual(answered(out.got, 200, 'VoiceProfile'), first);

    const updated = answered<Profile>(out.updated, 200, 'VoiceProfile');
    profileOf(updated, suite.world.listing);
    assert.deepEqual([updated.VoiceProfileId, updated.VoiceProfileArn, updated.CreatedTimestamp], [first.VoiceProfileId, first.VoiceProfileArn, first.CreatedTimestamp]);
    assert.ok(ms(updated.UpdatedTimestamp) - ms(first.UpdatedTimestamp) >= 60_000, `UpdatedTimestamp moves with the update: ${JSON.stringify([first, updated])}`);
    assert.ok(updated.ExpirationTimestamp > first.ExpirationTimestamp, 'it lasts 3 years from the update');
    assert.deepEqual(answered(out.got_updated, 200, 'VoiceProfile'), updated);
    const elsewhere = String(out.elsewhere);
    refused(out.other_domain, 'BadRequestException', 400, new RegExp(`^Speaker search task ${elsewhere} searched voice profile domain ${suite.world.domain}, not the profile's ${suite.world.listing}$`));
    const s2 = answered<SpeakerSearchTask>(out['search:call-list-2'], 201, 'SpeakerSearchTask').SpeakerSearchTaskId;
    refused(out.taken, 'ConflictException', 409, enrolledAlready(s2, second.VoiceProfileId));

    noContent(out.deleted);
    refused(out.got_deleted, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    refused(out.deleted_again, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    refused(out.updated_deleted, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    assert.deepEqual(out.after_delete?.ok, { VoiceProfiles: [updated] });
    refused(out.unknown, 'NotFoundException', 404, notFound(UNKNOWN_PROFILE));
  });

  const refusals = suite.script(`
running = search('call-early-1', domain)
out['in_progress'] = task('create_voice_profile', SpeakerSearchTaskId=running)
stopped = search('call-early-2', domain)
out['stop'] = task('stop_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId=stopped)
advance(11)
out['stopped'] = task('create_voice_profile', SpeakerSearchTaskId=stopped)
out['unknown'] = task('create_voice_profile', SpeakerSearchTaskId='${UNKNOWN_TASK}')
out['late'] = task('create_voice_profile', SpeakerSearchTaskId=running)
out['ids'] = {'running': running, 'stopped': stopped}
`);
  it('refuses a profile from a search still IN_PROGRESS or STOPPED (BadRequestException 400) and from an unknown search (NotFoundException 404)', async (t) => {
    const out = await refusals(t);
    if (!out) return;
    const ids = out.ids as unknown as { running: string; stopped: string };
    refused(out.in_progress, 'BadRequestException', 400, notSucceeded(ids.running, 'IN_PROGRESS'));
    assert.equal(out.stop?.status, 204, JSON.stringify(out.stop));
    refused(out.stopped, 'BadRequestException', 400, notSucceeded(ids.stopped, 'STOPPED'));
    refused(out.unknown, 'NotFoundException', 404, new RegExp(`^No speaker search task with id ${UNKNOWN_TASK} in this account in the last 24 hours$`));
    // Once it has succeeded, the search refused before enrols.
    profileOf(answered<Profile>(out.late, 201, 'VoiceProfile'), suite.world.domain);
  });
});

function cliSuite(cli: AwsCli): void {
  describe(`the AWS CLI ${cli.label} voice profiles against a listening server`, { skip: cli.skip, concurrency: 1 }, () => {
    const { suite, aws, ok, failed } = voiceCliSuite(cli, { home: 'dialtone-aws-voice-profiles-home-', testing: TEST_CONTROLS, setUp: (sdk) => setUp(sdk, `profiles-${cli.label}`) });
    const advance = (seconds: number) => advanceClock(suite.server, seconds);
    const speak = (transactionId: string, legs: { caller?: string; callee?: string }) => nameSpeakers(suite.server, transactionId, legs);
    /** Starts a speaker search of the call's leg; answers its id. */
    async function search(transactionId: string, domain: string, leg: 'Caller' | 'Callee' = 'Caller'): Promise<string> {
      const started = ok(
        await aws(['start-speaker-search-task', '--voice-connector-id', suite.world.connector, '--transaction-id', transactionId, '--voice-profile-domain-id', domain, '--call-leg', leg]),
      );
      const task = started.SpeakerSearchTask as { SpeakerSearchTaskId: string; SpeakerSearchTaskStatus: string };
      assert.equal(task.SpeakerSearchTaskStatus, 'IN_PROGRESS', JSON.stringify(started));
      return task.SpeakerSearchTaskId;
    }
    const create = (searchId: string) => aws(['create-voice-profile', '--speaker-search-task-id', searchId]);
    const getProfile = (id: string) => aws(['get-voice-profile', '--voice-profile-id', id]);
    const profileOf = (json: Record<string, unknown>, domain: string): CliProfile => {
      assert.deepEqual(Object.keys(json), ['VoiceProfile'], JSON.stringify(json));
      const p = json.VoiceProfile as CliProfile;
      checkProfile(p, suite.world.account, domain, Date.parse);
      return p;
    };
    /** Names the speaker of the call's caller leg, searches it and 11 s on enrols a profile: the search's id and the profile. */
    async function enrol(transactionId: string, caller: string): Promise<{ searchId: string; profile: CliProfile }> {
      await speak(transactionId, { caller });
      const searchId = await search(transactionId, suite.world.domain);
      await advance(11);
      return { searchId, profile: profileOf(ok(await create(searchId)), suite.world.domain) };
    }

    it('create-voice-profile from a search that has SUCCEEDED: its ARN and expiry 3 years on; a second from the same search: ConflictException', async () => {
      const { searchId, profile: created } = await enrol('cli-enrol-a', 'dana');
      assert.equal(created.UpdatedTimestamp, created.CreatedTimestamp);
      assert.equal(Date.parse(created.ExpirationTimestamp), threeYearsAfter(Date.parse(created.CreatedTimestamp)));
      failed(await create(searchId), 'ConflictException', 'CreateVoiceProfile', enrolledAlready(searchId, created.VoiceProfileId));
    });

    it("get-speaker-search-task of another call's Callee leg, the same speaker: Results the profile, ConfidenceScore 1.0", async () => {
      const { profile } = await enrol('cli-identify-a', 'erin');
      await speak('cli-identify-b', { callee: 'erin' });
      const searchId = await search('cli-identify-b', suite.world.domain, 'Callee');
      await advance(11);
      const task = ok(await aws(['get-speaker-search-task', '--voice-connector-id', suite.world.connector, '--speaker-search-task-id', searchId])).SpeakerSearchTask as {
        SpeakerSearchTaskStatus: string;
        CallDetails: { IsCaller: boolean };
        SpeakerSearchDetails: unknown;
      };
      assert.equal(task.SpeakerSearchTaskStatus, 'SUCCEEDED', JSON.stringify(task));
      assert.equal(task.CallDetails.IsCaller, false);
      assert.deepEqual(task.SpeakerSearchDetails, {
        Results: [{ VoiceProfileId: profile.VoiceProfileId, ConfidenceScore: 1.0 }],
        VoiceprintGenerationStatus: 'VoiceprintGenerationSuccess',
      });
    });

    it('list-voice-profiles --max-results 1 (a page a profile, by --next-token), get-, update- (UpdatedTimestamp moves), delete-voice-profile; then get: NotFoundException', async () => {
      await speak('cli-list-1', { caller: 'gina' });
      await speak('cli-list-2', { caller: 'hank' });
      const [s1, s2, s3] = (await inBatches([1, 2, 3].map((n) => () => search(`cli-list-${n}`, suite.world.listing)))) as [string, string, string];
      await advance(11);
      const first = profileOf(ok(await create(s1)), suite.world.listing);
      await advance(1);
      const second = profileOf(ok(await create(s2)), suite.world.listing);

      // The CLI's model has no paginator of ListVoiceProfiles: --max-results 1 prints the server's page and its NextToken.
      const list = ['list-voice-profiles', '--voice-profile-domain-id', suite.world.listing, '--max-results', '1'];
      // The first page and a get of the first profile are independent: side by side.
      const [firstPage, got] = await inBatches([() => aws(list), () => getProfile(first.VoiceProfileId)]);
      const pages = [ok(firstPage)];
      while (typeof pages.at(-1)!.NextToken === 'string' && pages.length < 5) pages.push(ok(await aws([...list, '--next-token', pages.at(-1)!.NextToken as string])));
      assert.deepEqual(
        pages.map((page) => page.VoiceProfiles),
        [[first], [second]],
        JSON.stringify(pages),
      );
      assert.deepEqual(Object.keys(pages[1]!), ['VoiceProfiles'], 'no NextToken on the last page');

      assert.deepEqual(ok(got), { VoiceProfile: first });
      await advance(60);
      const updated = profileOf(ok(await aws(['update-voice-profile', '--voice-profile-id', first.VoiceProfileId, '--speaker-search-task-id', s3])), suite.world.listing);
      assert.deepEqual([updated.VoiceProfileId, updated.CreatedTimestamp], [first.VoiceProfileId, first.CreatedTimestamp]);
      assert.ok(Date.parse(updated.UpdatedTimestamp) - Date.parse(first.UpdatedTimestamp) >= 60_000, `UpdatedTimestamp moves with the update: ${JSON.stringify([first, updated])}`);
      const [gotUpdated, deleted] = await inBatches([() => getProfile(first.VoiceProfileId), () => aws(['delete-voice-profile', '--voice-profile-id', second.VoiceProfileId])]);
      assert.deepEqual(ok(gotUpdated), { VoiceProfile: updated });
      assert.deepEqual(ok(deleted), {}, 'a 204 prints nothing');
      const [gone, left] = await inBatches([() => getProfile(second.VoiceProfileId), () => aws(['list-voice-profiles', '--voice-profile-domain-id', suite.world.listing])]);
      failed(gone, 'NotFoundException', 'GetVoiceProfile', notFound(second.VoiceProfileId));
      assert.deepEqual(ok(left), { VoiceProfiles: [updated] });
    });

    it('create-voice-profile from a search still IN_PROGRESS: BadRequestException', async () => {
      const searchId = await search('cli-early', suite.world.domain);
      failed(await create(searchId), 'BadRequestException', 'CreateVoiceProfile', notSucceeded(searchId, 'IN_PROGRESS'));
    });
  });
}

// Probed here, both at once: Debian's v2 2.9.19 has none of the commands.
const CLIS = await awsClis({ command: 'create-voice-profile', required: '--speaker-search-task-id', what: 'voice profile' });
// The two suites have a server each, so they run side by side.
describe('the AWS CLI with voice profiles', { concurrency: true }, () => CLIS.forEach(cliSuite));

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
 * model (`x-dialtone-api`).
 * botocore 1.43.11's model has no paginator of ListVoiceProfiles (nor the CLI's): its pages are followed by NextToken.
 * Then the same through the real AWS CLI, v1 and v2, where its model has the commands (probed: Debian's v2 2.9.19 has
 * none of them, v1 on the botocore 1.43 of its Python has all), the clock moved and the speakers named by the test.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateVoiceConnectorCommand,
  CreateVoiceProfileDomainCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import { BOTO3_PRELUDE, BOTO3_SENT, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { cliEnv, DEFAULT_KEY, FAST_SERVER, findCli, inBatches, runJsonCli, type CliAnswer } from '../support/aws-cli.ts';
import { accountConfig, ALICE, startTestServer, type TestServer } from '../support/server.ts';
import { voiceClient } from '../support/voice.ts';

const OPERATIONS = ['CreateVoiceProfile', 'GetVoiceProfile', 'ListVoiceProfiles', 'UpdateVoiceProfile', 'DeleteVoiceProfile', 'StartSpeakerSearchTask', 'GetSpeakerSearchTask'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNKNOWN_TASK = '6f1c3a4e-0000-4000-8000-000000000000';
const UNKNOWN_PROFILE = '3d2e1f0a-0000-4000-8000-000000000000';
const UNKNOWN_DOMAIN = '0b6f5a2c-0000-4000-8000-000000000000';
/** The members of a profile, as GetVoiceProfile and ListVoiceProfiles answer it. */
const PROFILE_KEYS = ['CreatedTimestamp', 'ExpirationTimestamp', 'UpdatedTimestamp', 'VoiceProfileArn', 'VoiceProfileDomainId', 'VoiceProfileId'];
const TEST_CONTROLS = { testing: { clockControl: true, stateControl: true } };

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
  const connector = (await sdk.send(new CreateVoiceConnectorCommand({ Name: `${name}-on`, RequireEncryption: true, AwsRegion: 'us-east-1' }))).VoiceConnector!;
  const account = String(connector.VoiceConnectorArn!.split(':')[4]);
  assert.match(account, /^\d{12}$/, connector.VoiceConnectorArn);
  await sdk.send(
    new PutVoiceConnectorStreamingConfigurationCommand({
      VoiceConnectorId: connector.VoiceConnectorId!,
      StreamingConfiguration: {
        DataRetentionInHours: 24,
        Disabled: false,
        MediaInsightsConfiguration: { Disabled: false, ConfigurationArn: `arn:aws:chime:us-east-1:${account}:media-insights-pipeline-configuration/x` },
      },
    }),
  );
  const domain = async (suffix: string) =>
    (
      await sdk.send(
        new CreateVoiceProfileDomainCommand({
          Name: `${name}-${suffix}`,
          ServerSideEncryptionConfiguration: { KmsKeyArn: `arn:aws:kms:us-east-1:${account}:key/5f0c7d1e-1111-4222-8333-944444444444` },
        }),
      )
    ).VoiceProfileDomain!.VoiceProfileDomainId!;
  return { account, connector: connector.VoiceConnectorId!, domain: await domain('callers'), listing: await domain('listing') };
}

/**
 * The shared prelude (`client`, `call`, `client_at`, `sent`), the world (argv 3 to 5), `v` (the voice client at
 * …/chime-sdk-voice), `task(operation, **params)`: `sent` with the timestamps as epoch seconds, `advance(seconds)`:
 * moves the server's test clock, `speak(transaction, **legs)`: names the speakers of a call's legs (caller=, callee=),
 * `search(transaction, domain, **params)`: starts a speaker search and answers its id, with the start in
 * `out['search:' + transaction]`, and `search_task(id)`: gets it.
 */
const PRELUDE = `${BOTO3_PRELUDE}${BOTO3_SENT}import datetime, urllib.request
on, domain, listing = sys.argv[3:6]
v = client_at('chime-sdk-voice', '/chime-sdk-voice')
def plain(x):
    if isinstance(x, datetime.datetime): return x.timestamp()
    if isinstance(x, dict): return {k: plain(y) for k, y in x.items()}
    if isinstance(x, list): return [plain(y) for y in x]
    return x
def task(operation, **params):
    return plain(sent(v, operation, **params))
def control(path, method, body):
    request = urllib.request.Request(endpoint + path, data=json.dumps(body).encode(), method=method, headers={'content-type': 'application/json'})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())
def advance(seconds):
    return control('/_dialtone/clock', 'POST', {'advanceSeconds': seconds})['offsetMs']
def speak(transaction, **legs):
    named = control('/_dialtone/speakers', 'PUT', dict(transactionId=transaction, **legs))
    assert named == dict(transactionId=transaction, **legs), named
def search(transaction, in_domain, **params):
    started = task('start_speaker_search_task', VoiceConnectorId=on, TransactionId=transaction, VoiceProfileDomainId=in_domain, **params)
    out['search:' + transaction] = started
    return started['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
def search_task(sid):
    return task('get_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId=sid)
def profile_id(answer):
    return answer['ok']['VoiceProfile']['VoiceProfileId']
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number }; status?: number; api?: string };
/** A profile as boto3 reads it, the timestamps as epoch seconds. */
type Profile = {
  VoiceProfileId: string;
  VoiceProfileArn: string;
  VoiceProfileDomainId: string;
  CreatedTimestamp: number;
  UpdatedTimestamp: number;
  ExpirationTimestamp: number;
};
type SpeakerSearchTask = {
  SpeakerSearchTaskId: string;
  SpeakerSearchTaskStatus: string;
  CallDetails: { VoiceConnectorId: string; TransactionId: string; IsCaller: boolean };
  SpeakerSearchDetails?: { Results: { VoiceProfileId: string; ConfidenceScore: number }[]; VoiceprintGenerationStatus: string };
  CreatedTimestamp: number;
};
type Listing = { VoiceProfiles: Profile[]; NextToken?: string };

/** The suite's interpreter's chime-sdk-voice model: its botocore, which of {@link OPERATIONS} it has, its paginator. */
type Model = { botocore: string; names: string[]; paginated: boolean };

const ms = (seconds: number): number => Math.round(seconds * 1000);

for (const PYTHON of PYTHONS) describe(`boto3 voice profiles against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;
  let world: World;
  let model: Model;

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, Result>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE }, home, args: [world.connector, world.domain, world.listing] }, `${PRELUDE}\n${body}`);
  }
  /**
   * Whether the model has the operations. When it has none, it must be botocore 1.29's (they came with a later model):
   * the case says so and ends there.
   */
  function modelled(t: TestContext): boolean {
    if (model.names.length === OPERATIONS.length) return true;
    assert.deepEqual(model.names, [], `botocore ${model.botocore}'s chime-sdk-voice model has some of the operations only`);
    assert.match(model.botocore, /^1\.29\./, `botocore ${model.botocore}: only 1.29's chime-sdk-voice model lacks the voice profile operations`);
    t.diagnostic(`botocore ${model.botocore}'s chime-sdk-voice model has no ${OPERATIONS.join(', ')}: nothing to send`);
    return false;
  }
  /** The answer (with `status`) through chime-sdk-voice: its one member `key`. */
  function answered<T>(r: Result | undefined, status: number, key: string): T {
    assert.equal(r?.status, status, JSON.stringify(r));
    assert.equal(r.api, 'chime-sdk-voice');
    assert.deepEqual(Object.keys(r.ok ?? {}), [key], JSON.stringify(r.ok));
    return r.ok![key] as T;
  }
  const refused = (r: Result | undefined, code: string, status: number, message: RegExp): void => {
    assert.equal(r?.error?.code, code, JSON.stringify(r));
    assert.equal(r.error.status, status);
    assert.match(r.error.message, message);
    assert.equal(r.api, 'chime-sdk-voice');
  };
  /** A profile of `domain` as enrolled or last updated: its members, ARN, and lifetime from its update. */
  const profileOf = (p: Profile, domain: string): void => {
    assert.deepEqual(Object.keys(p).sort(), PROFILE_KEYS, JSON.stringify(p));
    assert.match(p.VoiceProfileId, UUID);
    assert.equal(p.VoiceProfileArn, `arn:aws:chime:us-east-1:${world.account}:voice-profile/${p.VoiceProfileId}`);
    assert.equal(p.VoiceProfileDomainId, domain);
    assert.equal(ms(p.ExpirationTimestamp), threeYearsAfter(ms(p.UpdatedTimestamp)), `expires 3 years after its enrolment or update: ${JSON.stringify(p)}`);
  };
  /** A speaker search of the connector's call, SUCCEEDED, that found `results`. */
  const found = (r: Result | undefined, transactionId: string, isCaller: boolean, results: string[]): SpeakerSearchTask => {
    const task = answered<SpeakerSearchTask>(r, 200, 'SpeakerSearchTask');
    assert.equal(task.SpeakerSearchTaskStatus, 'SUCCEEDED', JSON.stringify(task));
    assert.deepEqual(task.CallDetails, { VoiceConnectorId: world.connector, TransactionId: transactionId, IsCaller: isCaller });
    assert.deepEqual(task.SpeakerSearchDetails, {
      Results: results.map((id) => ({ VoiceProfileId: id, ConfidenceScore: 1.0 })),
      VoiceprintGenerationStatus: 'VoiceprintGenerationSuccess',
    });
    return task;
  };

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-voice-profiles-home-'));
    server = await startTestServer({ config: { ...FAST_SERVER, ...TEST_CONTROLS, accounts: [accountConfig(ALICE)] } });
    const sdk = voiceClient(server, ALICE);
    try {
      world = await setUp(sdk, 'profiles');
    } finally {
      sdk.destroy();
    }
    model = (await runBoto3<{ model: Model }>(
      { python: PYTHON, url: server.url, keys: { alice: ALICE }, home },
      `${BOTO3_PRELUDE}
c = boto3.client('chime-sdk-voice', region_name='us-east-1')
names = c.meta.service_model.operation_names
out = {'model': {'botocore': botocore.__version__, 'names': [n for n in ${JSON.stringify(OPERATIONS)} if n in names],
                 'paginated': 'ListVoiceProfiles' in names and c.can_paginate('list_voice_profiles')}}`,
    )).model;
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('enrols the caller of a speaker search that has SUCCEEDED (201): its ARN, its domain, expiring 3 years on; a second profile from the same search is a ConflictException (409)', async (t) => {
    if (!modelled(t)) return;
    const out = await run(`
speak('call-enrol-a', caller='dana')
sid = search('call-enrol-a', domain)
advance(11)
out['created'] = task('create_voice_profile', SpeakerSearchTaskId=sid)
pid = profile_id(out['created'])
out['conflict'] = task('create_voice_profile', SpeakerSearchTaskId=sid)
out['got'] = task('get_voice_profile', VoiceProfileId=pid)
out['search'] = search_task(sid)
`);
    const search = answered<SpeakerSearchTask>(out['search:call-enrol-a'], 201, 'SpeakerSearchTask');
    assert.equal(search.SpeakerSearchTaskStatus, 'IN_PROGRESS');
    const created = answered<Profile>(out.created, 201, 'VoiceProfile');
    profileOf(created, world.domain);
    assert.equal(created.UpdatedTimestamp, created.CreatedTimestamp);
    assert.equal(ms(created.ExpirationTimestamp), threeYearsAfter(ms(created.CreatedTimestamp)));
    assert.ok(ms(created.CreatedTimestamp) - ms(search.CreatedTimestamp) >= 11_000, `enrolled on the moved clock, 11 s after the search started: ${JSON.stringify([search, created])}`);
    refused(out.conflict, 'ConflictException', 409, enrolledAlready(search.SpeakerSearchTaskId, created.VoiceProfileId));
    assert.deepEqual(answered(out.got, 200, 'VoiceProfile'), created);
    // The search found no one: the profile was enrolled after it succeeded.
    found(out.search, 'call-enrol-a', true, []);
  });

  it("identifies the enrolled speaker on another call's Callee leg (Results: the profile, ConfidenceScore 1.0); its caller, another speaker, matches none", async (t) => {
    if (!modelled(t)) return;
    const out = await run(`
speak('call-identify-a', caller='erin')
enrol = search('call-identify-a', domain)
advance(11)
out['created'] = task('create_voice_profile', SpeakerSearchTaskId=enrol)
speak('call-identify-b', caller='frank', callee='erin')
callee = search('call-identify-b', domain, CallLeg='Callee')
caller = search('call-identify-b', domain, CallLeg='Caller')
out['listening'] = search_task(callee)
advance(11)
out['callee'] = search_task(callee)
out['caller'] = search_task(caller)
out['ids'] = {'callee': callee, 'caller': caller}
`);
    const profile = answered<Profile>(out.created, 201, 'VoiceProfile');
    const listening = answered<SpeakerSearchTask>(out.listening, 200, 'SpeakerSearchTask');
    assert.equal(listening.SpeakerSearchTaskStatus, 'IN_PROGRESS');
    assert.equal(listening.SpeakerSearchDetails, undefined, 'no results before it succeeds');
    const callee = found(out.callee, 'call-identify-b', false, [profile.VoiceProfileId]);
    const ids = out.ids as unknown as { callee: string; caller: string };
    assert.equal(callee.SpeakerSearchTaskId, ids.callee);
    assert.equal(found(out.caller, 'call-identify-b', true, []).SpeakerSearchTaskId, ids.caller);
  });

  it('lists a domain (MaxResults 1: a page a profile, by NextToken), gets, updates from a new search (UpdatedTimestamp and expiry move), deletes (204); then NotFoundException (404)', async (t) => {
    if (!modelled(t)) return;
    const out = await run(`
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
    t.diagnostic(`botocore ${model.botocore}: ListVoiceProfiles ${model.paginated ? 'has' : 'has no'} paginator; its pages are followed by NextToken`);
    const first = answered<Profile>(out.first, 201, 'VoiceProfile');
    const second = answered<Profile>(out.second, 201, 'VoiceProfile');
    profileOf(first, world.listing);
    profileOf(second, world.listing);
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
    profileOf(updated, world.listing);
    assert.deepEqual([updated.VoiceProfileId, updated.VoiceProfileArn, updated.CreatedTimestamp], [first.VoiceProfileId, first.VoiceProfileArn, first.CreatedTimestamp]);
    assert.ok(ms(updated.UpdatedTimestamp) - ms(first.UpdatedTimestamp) >= 60_000, `UpdatedTimestamp moves with the update: ${JSON.stringify([first, updated])}`);
    assert.ok(updated.ExpirationTimestamp > first.ExpirationTimestamp, 'it lasts 3 years from the update');
    assert.deepEqual(answered(out.got_updated, 200, 'VoiceProfile'), updated);
    const elsewhere = String(out.elsewhere);
    refused(out.other_domain, 'BadRequestException', 400, new RegExp(`^Speaker search task ${elsewhere} searched voice profile domain ${world.domain}, not the profile's ${world.listing}$`));
    const s2 = answered<SpeakerSearchTask>(out['search:call-list-2'], 201, 'SpeakerSearchTask').SpeakerSearchTaskId;
    refused(out.taken, 'ConflictException', 409, enrolledAlready(s2, second.VoiceProfileId));

    assert.deepEqual([out.deleted?.status, out.deleted?.ok, out.deleted?.api], [204, {}, 'chime-sdk-voice'], JSON.stringify(out.deleted));
    refused(out.got_deleted, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    refused(out.deleted_again, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    refused(out.updated_deleted, 'NotFoundException', 404, notFound(second.VoiceProfileId));
    assert.deepEqual(out.after_delete?.ok, { VoiceProfiles: [updated] });
    refused(out.unknown, 'NotFoundException', 404, notFound(UNKNOWN_PROFILE));
  });

  it('refuses a profile from a search still IN_PROGRESS or STOPPED (BadRequestException 400) and from an unknown search (NotFoundException 404)', async (t) => {
    if (!modelled(t)) return;
    const out = await run(`
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
    const ids = out.ids as unknown as { running: string; stopped: string };
    refused(out.in_progress, 'BadRequestException', 400, notSucceeded(ids.running, 'IN_PROGRESS'));
    assert.equal(out.stop?.status, 204, JSON.stringify(out.stop));
    refused(out.stopped, 'BadRequestException', 400, notSucceeded(ids.stopped, 'STOPPED'));
    refused(out.unknown, 'NotFoundException', 404, new RegExp(`^No speaker search task with id ${UNKNOWN_TASK} in this account in the last 24 hours$`));
    // Once it has succeeded, the search refused before enrols.
    profileOf(answered<Profile>(out.late, 201, 'VoiceProfile'), world.domain);
  });
});

/**
 * Why `bin` cannot run the voice profile commands (a `skip` reason), or false when its chime-sdk-voice has them: the CLI
 * refuses a command its model lacks ("Invalid choice") and names the missing arguments of one it has.
 */
function cliLacksCommands(label: string, bin: string | undefined): string | false {
  if (bin === undefined) return `AWS CLI ${label} not installed`;
  const home = mkdtempSync(join(tmpdir(), 'dialtone-aws-probe-'));
  try {
    const run = (argv: string[]) => spawnSync(bin, argv, { cwd: home, env: cliEnv(home, DEFAULT_KEY), encoding: 'utf8', timeout: 30_000 });
    const probe = run(['chime-sdk-voice', 'create-voice-profile']);
    if (/the following arguments are required: --speaker-search-task-id/.test(probe.stderr)) return false;
    const version = `${run(['--version']).stdout}`.split(' ')[0];
    const why = /Invalid choice/.test(probe.stderr) ? 'Invalid choice' : `exit ${probe.status}: ${probe.stderr.trim().split('\n').at(-1)}`;
    return `AWS CLI ${label} (${version}) has no chime-sdk-voice voice profile commands (create-voice-profile: ${why}); its model predates them`;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A profile as the CLI prints it (timestamps in ISO 8601). */
type CliProfile = Record<'VoiceProfileId' | 'VoiceProfileArn' | 'VoiceProfileDomainId' | 'CreatedTimestamp' | 'UpdatedTimestamp' | 'ExpirationTimestamp', string>;

function cliSuite(label: 'v1' | 'v2', bin: string | undefined): void {
  const skip = cliLacksCommands(label, bin);
  // CLI v2 exits 254 on a service error, CLI v1 255.
  const failure = label === 'v2' ? 254 : 255;
  // CLI v2 names the command in its User-Agent, so chime-sdk-voice answers it; CLI v1 names nothing and gets the union.
  const answering = label === 'v2' ? 'chime-sdk-voice' : 'both';

  describe(`the AWS CLI ${label} voice profiles against a listening server`, { skip, concurrency: 1 }, () => {
    let server: TestServer;
    let home: string;
    let world: World;

    /** `aws chime-sdk-voice <args> --endpoint-url <server> --output json --debug`. */
    async function aws(args: string[]): Promise<CliAnswer> {
      return runJsonCli(bin!, ['chime-sdk-voice', ...args, '--endpoint-url', server.url, '--output', 'json', '--debug'], home);
    }
    const ok = (a: CliAnswer | undefined): Record<string, unknown> => {
      assert.equal(a?.code, 0, a?.error);
      assert.equal(a.api, answering);
      return a.json;
    };
    /** The command failed with the CLI's exit code for a service error and this error line. */
    const failed = (a: CliAnswer | undefined, exception: string, operation: string, message: RegExp): void => {
      assert.equal(a?.code, failure, `expected ${operation} to fail; it printed ${JSON.stringify(a?.json)}`);
      const prefix = `An error occurred (${exception}) when calling the ${operation} operation: `;
      assert.ok(a.error!.startsWith(prefix), a.error);
      assert.match(a.error!.slice(prefix.length), message);
      assert.equal(a.api, answering);
    };
    /** A test-mode control of the server (unauthenticated), answered as JSON. */
    async function control(path: string, method: string, body: unknown): Promise<Record<string, unknown>> {
      const answer = await fetch(new URL(path, server.url), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(answer.status, 200, `${method} ${path}: ${await answer.clone().text()}`);
      return (await answer.json()) as Record<string, unknown>;
    }
    const advance = (seconds: number) => control('/_dialtone/clock', 'POST', { advanceSeconds: seconds });
    const speak = async (transactionId: string, legs: { caller?: string; callee?: string }) =>
      assert.deepEqual(await control('/_dialtone/speakers', 'PUT', { transactionId, ...legs }), { transactionId, ...legs });
    /** Starts a speaker search of the call's leg; answers its id. */
    async function search(transactionId: string, domain: string, leg: 'Caller' | 'Callee' = 'Caller'): Promise<string> {
      const started = ok(
        await aws(['start-speaker-search-task', '--voice-connector-id', world.connector, '--transaction-id', transactionId, '--voice-profile-domain-id', domain, '--call-leg', leg]),
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
      assert.deepEqual(Object.keys(p).sort(), PROFILE_KEYS, JSON.stringify(p));
      assert.match(p.VoiceProfileId, UUID);
      assert.equal(p.VoiceProfileArn, `arn:aws:chime:us-east-1:${world.account}:voice-profile/${p.VoiceProfileId}`);
      assert.equal(p.VoiceProfileDomainId, domain);
      assert.equal(Date.parse(p.ExpirationTimestamp), threeYearsAfter(Date.parse(p.UpdatedTimestamp)), `expires 3 years after its enrolment or update: ${JSON.stringify(p)}`);
      return p;
    };

    before(async () => {
      home = mkdtempSync(join(tmpdir(), 'dialtone-aws-voice-profiles-home-'));
      server = await startTestServer({ config: { ...FAST_SERVER, ...TEST_CONTROLS } });
      const sdk = voiceClient(server);
      try {
        world = await setUp(sdk, `profiles-${label}`);
      } finally {
        sdk.destroy();
      }
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
    });

    it('create-voice-profile from a search that has SUCCEEDED: its ARN and expiry 3 years on; a second from the same search: ConflictException', async () => {
      await speak('cli-enrol-a', { caller: 'dana' });
      const searchId = await search('cli-enrol-a', world.domain);
      await advance(11);
      const created = profileOf(ok(await create(searchId)), world.domain);
      assert.equal(created.UpdatedTimestamp, created.CreatedTimestamp);
      assert.equal(Date.parse(created.ExpirationTimestamp), threeYearsAfter(Date.parse(created.CreatedTimestamp)));
      failed(await create(searchId), 'ConflictException', 'CreateVoiceProfile', enrolledAlready(searchId, created.VoiceProfileId));
    });

    it("get-speaker-search-task of another call's Callee leg, the same speaker: Results the profile, ConfidenceScore 1.0", async () => {
      await speak('cli-identify-a', { caller: 'erin' });
      const enrol = await search('cli-identify-a', world.domain);
      await advance(11);
      const profile = profileOf(ok(await create(enrol)), world.domain);
      await speak('cli-identify-b', { callee: 'erin' });
      const searchId = await search('cli-identify-b', world.domain, 'Callee');
      await advance(11);
      const task = ok(await aws(['get-speaker-search-task', '--voice-connector-id', world.connector, '--speaker-search-task-id', searchId])).SpeakerSearchTask as {
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
      const [s1, s2, s3] = (await inBatches([1, 2, 3].map((n) => () => search(`cli-list-${n}`, world.listing)))) as [string, string, string];
      await advance(11);
      const first = profileOf(ok(await create(s1)), world.listing);
      await advance(1);
      const second = profileOf(ok(await create(s2)), world.listing);

      // The CLI's model has no paginator of ListVoiceProfiles: --max-results 1 prints the server's page and its NextToken.
      const list = ['list-voice-profiles', '--voice-profile-domain-id', world.listing, '--max-results', '1'];
      const pages = [ok(await aws(list))];
      while (typeof pages.at(-1)!.NextToken === 'string' && pages.length < 5) pages.push(ok(await aws([...list, '--next-token', pages.at(-1)!.NextToken as string])));
      assert.deepEqual(
        pages.map((page) => page.VoiceProfiles),
        [[first], [second]],
        JSON.stringify(pages),
      );
      assert.deepEqual(Object.keys(pages[1]!), ['VoiceProfiles'], 'no NextToken on the last page');

      assert.deepEqual(ok(await getProfile(first.VoiceProfileId)), { VoiceProfile: first });
      await advance(60);
      const updated = profileOf(ok(await aws(['update-voice-profile', '--voice-profile-id', first.VoiceProfileId, '--speaker-search-task-id', s3])), world.listing);
      assert.deepEqual([updated.VoiceProfileId, updated.CreatedTimestamp], [first.VoiceProfileId, first.CreatedTimestamp]);
      assert.ok(Date.parse(updated.UpdatedTimestamp) - Date.parse(first.UpdatedTimestamp) >= 60_000, `UpdatedTimestamp moves with the update: ${JSON.stringify([first, updated])}`);
      assert.deepEqual(ok(await getProfile(first.VoiceProfileId)), { VoiceProfile: updated });

      assert.deepEqual(ok(await aws(['delete-voice-profile', '--voice-profile-id', second.VoiceProfileId])), {}, 'a 204 prints nothing');
      const [gone, left] = await inBatches([() => getProfile(second.VoiceProfileId), () => aws(['list-voice-profiles', '--voice-profile-domain-id', world.listing])]);
      failed(gone, 'NotFoundException', 'GetVoiceProfile', notFound(second.VoiceProfileId));
      assert.deepEqual(ok(left), { VoiceProfiles: [updated] });
    });

    it('create-voice-profile from a search still IN_PROGRESS: BadRequestException', async () => {
      const searchId = await search('cli-early', world.domain);
      failed(await create(searchId), 'BadRequestException', 'CreateVoiceProfile', notSucceeded(searchId, 'IN_PROGRESS'));
    });
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI with voice profiles', { concurrency: true }, () => {
  cliSuite('v2', findCli(2));
  cliSuite('v1', findCli(1));
});

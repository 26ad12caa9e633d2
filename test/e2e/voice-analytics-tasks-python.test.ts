/**
 * Voice analytics tasks (StartSpeakerSearchTask, GetSpeakerSearchTask, StopSpeakerSearchTask,
 * StartVoiceToneAnalysisTask, GetVoiceToneAnalysisTask, StopVoiceToneAnalysisTask) through boto3 against a listening
 * dialtone: `boto3.client('chime-sdk-voice')` of both ages of botocore users run (Debian's 1.29 and the current one of
 * `python3` on PATH). botocore 1.29.27's chime-sdk-voice model predates the six operations: its suite reads the model
 * first, checks that it is the 1.29 one that lacks them, and says so; 1.43.11's has them all.
 * The connectors (one with voice analytics on: a streaming configuration with media insights; one without streaming;
 * one whose media insights are disabled) and a voice profile domain are set up with the JS SDK. The server runs with
 * the test clock, which the scripts move (POST /_dialtone/clock) to see a speaker search succeed after its 10 s.
 * The voice client talks to `…/chime-sdk-voice`, so each answer names that model (`x-dialtone-api`). The cases'
 * scripts run in one Python process (a start-up costs a second), in the cases' order, once the model is read.
 * Then the same through the real AWS CLI, v1 and v2, where its model has the commands (probed: Debian's v2 2.9.19 has
 * none of them, v1 on the botocore 1.43 of its Python has all): a voice tone analysis started, got with --is-caller
 * and --no-is-caller, stopped and read STOPPED; a speaker search of the callee's leg; the refusals with the CLI's exit
 * code and error line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { boto3Unavailable, PYTHONS } from '../support/boto3.ts';
import { inBatches } from '../support/aws-cli.ts';
import { answered, awsClis, boto3Suite, createConnector, createDomain, noContent, refused, UNKNOWN_DOMAIN, UNKNOWN_TASK, UUID, voiceCliSuite } from '../support/voice-analytics.ts';
import type { AwsCli, CallDetails, SpeakerSearchTask } from '../support/voice-analytics.ts';

const OPERATIONS = [
  'StartSpeakerSearchTask',
  'GetSpeakerSearchTask',
  'StopSpeakerSearchTask',
  'StartVoiceToneAnalysisTask',
  'GetVoiceToneAnalysisTask',
  'StopVoiceToneAnalysisTask',
];
const NO_ANALYTICS = (connector: string): RegExp =>
  new RegExp(
    `^Voice connector ${connector} has no voice analytics: put a streaming configuration that is not Disabled, with a MediaInsightsConfiguration that is not Disabled \\(PutVoiceConnectorStreamingConfiguration\\)$`,
  );

/** The connectors and the voice profile domain a suite's account has. */
interface World {
  /** Voice analytics on: streaming with media insights. */
  on: string;
  /** No streaming configuration. */
  off: string;
  /** Streaming on, its media insights disabled. */
  insightsOff: string;
  domain: string;
}

/** Creates the connectors and the domain of {@link World} in the account of `sdk`. */
async function setUp(sdk: ChimeSDKVoiceClient, name: string): Promise<World> {
  const on = await createConnector(sdk, `${name}-on`, 'on');
  const off = await createConnector(sdk, `${name}-off`, 'none');
  const insightsOff = await createConnector(sdk, `${name}-insights-off`, 'insights-off');
  return { on: on.id, off: off.id, insightsOff: insightsOff.id, domain: await createDomain(sdk, `${name}-callers`, on.account) };
}

type Stamps = { CreatedTimestamp: number; UpdatedTimestamp: number; StartedTimestamp: number };
type VoiceToneAnalysisTask = Stamps & { VoiceToneAnalysisTaskId: string; VoiceToneAnalysisTaskStatus: string; CallDetails: CallDetails };

/** A speaker search task as the CLI prints it (timestamps in ISO 8601). */
type CliSearchTask = { SpeakerSearchTaskId: string; SpeakerSearchTaskStatus: string; CallDetails: CallDetails; CreatedTimestamp: string; UpdatedTimestamp: string };

for (const PYTHON of PYTHONS) describe(`boto3 voice analytics tasks against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  // The world is argv 3 to 6 of the scripts, which run in one process.
  const suite = boto3Suite(PYTHON, {
    home: 'dialtone-boto3-voice-analytics-home-',
    testing: { clockControl: true },
    setUp: (sdk) => setUp(sdk, 'analytics'),
    args: (world) => [world.on, world.off, world.insightsOff, world.domain],
    prelude: 'on, off, insights_off, domain = sys.argv[3:7]\n',
    operations: OPERATIONS,
    what: 'voice analytics task',
  });
  /** A tone analysis of `transactionId` on the analytics connector in `status`, for the leg asked. */
  const toneTask = (task: VoiceToneAnalysisTask, status: string, transactionId: string, isCaller: boolean): void => {
    assert.match(task.VoiceToneAnalysisTaskId, UUID);
    assert.equal(task.VoiceToneAnalysisTaskStatus, status);
    assert.deepEqual(task.CallDetails, { VoiceConnectorId: suite.world.on, TransactionId: transactionId, IsCaller: isCaller });
    assert.deepEqual(Object.keys(task).sort(), ['CallDetails', 'CreatedTimestamp', 'StartedTimestamp', 'UpdatedTimestamp', 'VoiceToneAnalysisTaskId', 'VoiceToneAnalysisTaskStatus']);
    assert.equal(task.StartedTimestamp, task.CreatedTimestamp);
  };
  const searchTask = (task: SpeakerSearchTask, status: string, transactionId: string, isCaller: boolean): void => {
    assert.match(task.SpeakerSearchTaskId, UUID);
    assert.equal(task.SpeakerSearchTaskStatus, status);
    assert.deepEqual(task.CallDetails, { VoiceConnectorId: suite.world.on, TransactionId: transactionId, IsCaller: isCaller });
    if (status === 'SUCCEEDED') assert.deepEqual(task.SpeakerSearchDetails, { Results: [], VoiceprintGenerationStatus: 'VoiceprintGenerationSuccess' });
    else assert.equal(task.SpeakerSearchDetails, undefined, `no details while ${status}`);
    assert.equal(task.StartedTimestamp, task.CreatedTimestamp);
  };

  const tone = suite.script(`
out['started'] = task('start_voice_tone_analysis_task', VoiceConnectorId=on, TransactionId='call-tone-1', LanguageCode='en-US')
tid = out['started']['ok']['VoiceToneAnalysisTask']['VoiceToneAnalysisTaskId']
out['caller'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid, IsCaller=True)
out['callee'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid, IsCaller=False)
out['conflict'] = task('start_voice_tone_analysis_task', VoiceConnectorId=on, TransactionId='call-tone-1', LanguageCode='en-US')
out['other_call'] = task('start_voice_tone_analysis_task', VoiceConnectorId=on, TransactionId='call-tone-2', LanguageCode='en-US')
advance(3600)
out['an_hour_later'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid, IsCaller=True)
advance(1)
out['stopped'] = task('stop_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid)
out['after_stop'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid, IsCaller=False)
out['stopped_again'] = task('stop_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid)
out['again_after_stop'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=tid, IsCaller=True)
out['restarted'] = task('start_voice_tone_analysis_task', VoiceConnectorId=on, TransactionId='call-tone-1', LanguageCode='en-US')
`);
  it('starts a voice tone analysis (201, IN_PROGRESS), gets it for either leg (IsCaller), stops it (204) and reads STOPPED; a second for the call is a ConflictException (409)', async (t) => {
    const out = await tone(t);
    if (!out) return;
    const started = answered<VoiceToneAnalysisTask>(out.started, 201, 'VoiceToneAnalysisTask');
    toneTask(started, 'IN_PROGRESS', 'call-tone-1', true);
    assert.equal(started.UpdatedTimestamp, started.CreatedTimestamp);
    const id = started.VoiceToneAnalysisTaskId;
    assert.deepEqual(answered(out.caller, 200, 'VoiceToneAnalysisTask'), started, 'the same task, for the caller');
    assert.deepEqual(answered(out.callee, 200, 'VoiceToneAnalysisTask'), { ...started, CallDetails: { ...started.CallDetails, IsCaller: false } }, 'for the callee');
    refused(out.conflict, 'ConflictException', 409, new RegExp(`^Voice tone analysis task ${id} already runs for call call-tone-1; stop it first$`));
    const other = answered<VoiceToneAnalysisTask>(out.other_call, 201, 'VoiceToneAnalysisTask');
    toneTask(other, 'IN_PROGRESS', 'call-tone-2', true);
    assert.notEqual(other.VoiceToneAnalysisTaskId, id);
    // It runs until stopped (the end of the call, which dialtone never sees).
    assert.deepEqual(answered(out.an_hour_later, 200, 'VoiceToneAnalysisTask'), started);
    noContent(out.stopped);
    const afterStop = answered<VoiceToneAnalysisTask>(out.after_stop, 200, 'VoiceToneAnalysisTask');
    toneTask(afterStop, 'STOPPED', 'call-tone-1', false);
    assert.equal(afterStop.VoiceToneAnalysisTaskId, id);
    assert.equal(afterStop.CreatedTimestamp, started.CreatedTimestamp);
    assert.ok(afterStop.UpdatedTimestamp - started.CreatedTimestamp >= 3601, `updated when stopped, on the moved clock: ${JSON.stringify(afterStop)}`);
    noContent(out.stopped_again);
    assert.deepEqual(answered(out.again_after_stop, 200, 'VoiceToneAnalysisTask'), { ...afterStop, CallDetails: { ...afterStop.CallDetails, IsCaller: true } }, 'a second stop changes nothing');
    const restarted = answered<VoiceToneAnalysisTask>(out.restarted, 201, 'VoiceToneAnalysisTask');
    toneTask(restarted, 'IN_PROGRESS', 'call-tone-1', true);
    assert.notEqual(restarted.VoiceToneAnalysisTaskId, id, 'a new task once the first stopped');
  });

  const searches = suite.script(`
start = lambda transaction, **p: task('start_speaker_search_task', VoiceConnectorId=on, TransactionId=transaction, VoiceProfileDomainId=domain, **p)
get = lambda sid: task('get_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId=sid)
stop = lambda sid: task('stop_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId=sid)
out['caller'] = start('call-search-1')
caller = out['caller']['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
out['caller_conflict'] = start('call-search-1', CallLeg='Caller')
out['callee'] = start('call-search-1', CallLeg='Callee')
callee = out['callee']['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
out['early'] = start('call-search-2')
early = out['early']['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
out['early_stopped'] = stop(early)
out['early_after_stop'] = get(early)
out['listening'] = get(caller)
advance(10)
out['succeeded'] = get(caller)
out['callee_succeeded'] = get(callee)
out['early_later'] = get(early)
out['stopped'] = stop(caller)
out['succeeded_after_stop'] = get(caller)
out['restarted'] = start('call-search-1', CallLeg='Caller')
`);
  it('starts a speaker search (201, IN_PROGRESS, the caller leg unless CallLeg says otherwise), SUCCEEDED 10 s later with its voiceprint; one search in progress per leg (ConflictException 409); stopped before: STOPPED', async (t) => {
    const out = await searches(t);
    if (!out) return;
    const caller = answered<SpeakerSearchTask>(out.caller, 201, 'SpeakerSearchTask');
    searchTask(caller, 'IN_PROGRESS', 'call-search-1', true);
    assert.equal(caller.UpdatedTimestamp, caller.CreatedTimestamp);
    const id = caller.SpeakerSearchTaskId;
    refused(out.caller_conflict, 'ConflictException', 409, new RegExp(`^Speaker search task ${id} already runs for the Caller leg of call call-search-1; stop it first$`));
    const callee = answered<SpeakerSearchTask>(out.callee, 201, 'SpeakerSearchTask');
    searchTask(callee, 'IN_PROGRESS', 'call-search-1', false);
    // Stopped before its 10 s: STOPPED, and it stays so.
    noContent(out.early_stopped);
    const early = answered<SpeakerSearchTask>(out.early_after_stop, 200, 'SpeakerSearchTask');
    searchTask(early, 'STOPPED', 'call-search-2', true);
    assert.deepEqual(answered(out.early_later, 200, 'SpeakerSearchTask'), early, 'a search stopped early does not succeed later');
    assert.deepEqual(answered(out.listening, 200, 'SpeakerSearchTask'), caller, 'IN_PROGRESS before its 10 s');
    const succeeded = answered<SpeakerSearchTask>(out.succeeded, 200, 'SpeakerSearchTask');
    searchTask(succeeded, 'SUCCEEDED', 'call-search-1', true);
    assert.equal(succeeded.SpeakerSearchTaskId, id);
    assert.equal(succeeded.CreatedTimestamp, caller.CreatedTimestamp);
    assert.equal(Math.round((succeeded.UpdatedTimestamp - succeeded.CreatedTimestamp) * 1000), 10_000, 'updated when it succeeded, 10 s after its start');
    searchTask(answered(out.callee_succeeded, 200, 'SpeakerSearchTask'), 'SUCCEEDED', 'call-search-1', false);
    noContent(out.stopped);
    assert.deepEqual(answered(out.succeeded_after_stop, 200, 'SpeakerSearchTask'), succeeded, 'a search stopped after it succeeded reads SUCCEEDED still');
    const restarted = answered<SpeakerSearchTask>(out.restarted, 201, 'SpeakerSearchTask');
    searchTask(restarted, 'IN_PROGRESS', 'call-search-1', true);
    assert.notEqual(restarted.SpeakerSearchTaskId, id);
  });

  const refusals = suite.script(`
out['tone_off'] = task('start_voice_tone_analysis_task', VoiceConnectorId=off, TransactionId='call-refused', LanguageCode='en-US')
out['search_off'] = task('start_speaker_search_task', VoiceConnectorId=off, TransactionId='call-refused', VoiceProfileDomainId=domain)
out['tone_insights_off'] = task('start_voice_tone_analysis_task', VoiceConnectorId=insights_off, TransactionId='call-refused', LanguageCode='en-US')
out['search_insights_off'] = task('start_speaker_search_task', VoiceConnectorId=insights_off, TransactionId='call-refused', VoiceProfileDomainId=domain, CallLeg='Callee')
out['unknown_domain'] = task('start_speaker_search_task', VoiceConnectorId=on, TransactionId='call-refused', VoiceProfileDomainId='${UNKNOWN_DOMAIN}')
out['unknown_tone'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId='${UNKNOWN_TASK}', IsCaller=True)
out['unknown_search_stop'] = task('stop_speaker_search_task', VoiceConnectorId=on, SpeakerSearchTaskId='${UNKNOWN_TASK}')
out['search'] = task('start_speaker_search_task', VoiceConnectorId=on, TransactionId='call-kinds', VoiceProfileDomainId=domain)
sid = out['search']['ok']['SpeakerSearchTask']['SpeakerSearchTaskId']
out['search_as_tone'] = task('get_voice_tone_analysis_task', VoiceConnectorId=on, VoiceToneAnalysisTaskId=sid, IsCaller=True)
out['search_elsewhere'] = task('get_speaker_search_task', VoiceConnectorId=off, SpeakerSearchTaskId=sid)
out['unknown_connector'] = task('start_voice_tone_analysis_task', VoiceConnectorId='nosuchconnector0000000', TransactionId='call-refused', LanguageCode='en-US')
`);
  it('refuses a task on a connector without voice analytics (BadRequestException 400), an unknown voice profile domain, task or connector (NotFoundException 404)', async (t) => {
    const out = await refusals(t);
    if (!out) return;
    refused(out.tone_off, 'BadRequestException', 400, NO_ANALYTICS(suite.world.off));
    refused(out.search_off, 'BadRequestException', 400, NO_ANALYTICS(suite.world.off));
    refused(out.tone_insights_off, 'BadRequestException', 400, NO_ANALYTICS(suite.world.insightsOff));
    refused(out.search_insights_off, 'BadRequestException', 400, NO_ANALYTICS(suite.world.insightsOff));
    refused(out.unknown_domain, 'NotFoundException', 404, new RegExp(`^No voice profile domain with id ${UNKNOWN_DOMAIN} exists in us-east-1 in this account$`));
    refused(out.unknown_tone, 'NotFoundException', 404, new RegExp(`^No voice tone analysis task with id ${UNKNOWN_TASK} on voice connector ${suite.world.on} in the last 24 hours$`));
    refused(out.unknown_search_stop, 'NotFoundException', 404, new RegExp(`^No speaker search task with id ${UNKNOWN_TASK} on voice connector ${suite.world.on} in the last 24 hours$`));
    const search = answered<SpeakerSearchTask>(out.search, 201, 'SpeakerSearchTask');
    // A task is found by its kind and its connector only.
    refused(out.search_as_tone, 'NotFoundException', 404, new RegExp(`^No voice tone analysis task with id ${search.SpeakerSearchTaskId} on voice connector ${suite.world.on}`));
    refused(out.search_elsewhere, 'NotFoundException', 404, new RegExp(`^No speaker search task with id ${search.SpeakerSearchTaskId} on voice connector ${suite.world.off}`));
    refused(out.unknown_connector, 'NotFoundException', 404, /^No voice connector with id nosuchconnector0000000 exists in this account$/);
  });
});

function cliSuite(cli: AwsCli): void {
  describe(`the AWS CLI ${cli.label} voice analytics tasks against a listening server`, { skip: cli.skip, concurrency: 1 }, () => {
    const { suite, aws, ok, failed } = voiceCliSuite(cli, { home: 'dialtone-aws-voice-analytics-home-', setUp: (sdk) => setUp(sdk, `analytics-${cli.label}`) });

    it('start-voice-tone-analysis-task, get-voice-tone-analysis-task --is-caller / --no-is-caller, stop-voice-tone-analysis-task, then STOPPED', async () => {
      const started = ok(await aws(['start-voice-tone-analysis-task', '--voice-connector-id', suite.world.on, '--transaction-id', 'cli-call-1', '--language-code', 'en-US']));
      const task = started.VoiceToneAnalysisTask as { VoiceToneAnalysisTaskId: string; VoiceToneAnalysisTaskStatus: string; CallDetails: CallDetails };
      assert.match(task.VoiceToneAnalysisTaskId, UUID, JSON.stringify(started));
      assert.equal(task.VoiceToneAnalysisTaskStatus, 'IN_PROGRESS');
      assert.deepEqual(task.CallDetails, { VoiceConnectorId: suite.world.on, TransactionId: 'cli-call-1', IsCaller: true });
      const get = (leg: string) => () => aws(['get-voice-tone-analysis-task', '--voice-connector-id', suite.world.on, '--voice-tone-analysis-task-id', task.VoiceToneAnalysisTaskId, leg]);
      const [caller, callee] = await inBatches([get('--is-caller'), get('--no-is-caller')]);
      assert.deepEqual(ok(caller), started, 'the task as started, for the caller');
      assert.deepEqual(ok(callee), { VoiceToneAnalysisTask: { ...task, CallDetails: { ...task.CallDetails, IsCaller: false } } });
      const stop = await aws(['stop-voice-tone-analysis-task', '--voice-connector-id', suite.world.on, '--voice-tone-analysis-task-id', task.VoiceToneAnalysisTaskId]);
      assert.deepEqual(ok(stop), {}, 'a 204 prints nothing');
      const afterStop = ok(await get('--no-is-caller')()).VoiceToneAnalysisTask as typeof task;
      assert.equal(afterStop.VoiceToneAnalysisTaskStatus, 'STOPPED');
      assert.deepEqual([afterStop.VoiceToneAnalysisTaskId, afterStop.CallDetails.IsCaller], [task.VoiceToneAnalysisTaskId, false]);
    });

    it('start-speaker-search-task --call-leg Callee reads IsCaller false; get-speaker-search-task; stop-speaker-search-task', async (t) => {
      const started = ok(
        await aws(['start-speaker-search-task', '--voice-connector-id', suite.world.on, '--transaction-id', 'cli-call-2', '--voice-profile-domain-id', suite.world.domain, '--call-leg', 'Callee']),
      );
      const task = started.SpeakerSearchTask as CliSearchTask;
      assert.match(task.SpeakerSearchTaskId, UUID, JSON.stringify(started));
      assert.equal(task.SpeakerSearchTaskStatus, 'IN_PROGRESS');
      assert.deepEqual(task.CallDetails, { VoiceConnectorId: suite.world.on, TransactionId: 'cli-call-2', IsCaller: false });
      const get = () => aws(['get-speaker-search-task', '--voice-connector-id', suite.world.on, '--speaker-search-task-id', task.SpeakerSearchTaskId]);
      const got = ok(await get()).SpeakerSearchTask as CliSearchTask;
      assert.deepEqual([got.SpeakerSearchTaskId, got.CallDetails], [task.SpeakerSearchTaskId, task.CallDetails]);
      assert.deepEqual(ok(await aws(['stop-speaker-search-task', '--voice-connector-id', suite.world.on, '--speaker-search-task-id', task.SpeakerSearchTaskId])), {}, 'a 204 prints nothing');
      const afterStop = ok(await get()).SpeakerSearchTask as CliSearchTask;
      // The server's clock runs here: a stop within the search's 10 s (the usual case: a CLI call takes a second or
      // two) leaves it STOPPED at the stop, a later one SUCCEEDED at its 10 s.
      const took = Date.parse(afterStop.UpdatedTimestamp) - Date.parse(afterStop.CreatedTimestamp);
      if (afterStop.SpeakerSearchTaskStatus === 'STOPPED') assert.ok(took >= 0 && took < 10_000, JSON.stringify(afterStop));
      else assert.deepEqual([afterStop.SpeakerSearchTaskStatus, took], ['SUCCEEDED', 10_000], JSON.stringify(afterStop));
      assert.equal(afterStop.CallDetails.IsCaller, false);
      t.diagnostic(`read ${afterStop.SpeakerSearchTaskStatus} after the stop, updated ${took} ms after its start`);
    });

    it('refuses a second tone analysis of a call (ConflictException) and a connector without voice analytics (BadRequestException)', async () => {
      const first = ok(await aws(['start-voice-tone-analysis-task', '--voice-connector-id', suite.world.on, '--transaction-id', 'cli-call-3', '--language-code', 'en-US']));
      const id = (first.VoiceToneAnalysisTask as { VoiceToneAnalysisTaskId: string }).VoiceToneAnalysisTaskId;
      const [conflict, tone, search] = await inBatches([
        () => aws(['start-voice-tone-analysis-task', '--voice-connector-id', suite.world.on, '--transaction-id', 'cli-call-3', '--language-code', 'en-US']),
        () => aws(['start-voice-tone-analysis-task', '--voice-connector-id', suite.world.off, '--transaction-id', 'cli-call-3', '--language-code', 'en-US']),
        () => aws(['start-speaker-search-task', '--voice-connector-id', suite.world.insightsOff, '--transaction-id', 'cli-call-3', '--voice-profile-domain-id', suite.world.domain]),
      ]);
      failed(conflict, 'ConflictException', 'StartVoiceToneAnalysisTask', new RegExp(`^Voice tone analysis task ${id} already runs for call cli-call-3; stop it first$`));
      failed(tone, 'BadRequestException', 'StartVoiceToneAnalysisTask', NO_ANALYTICS(suite.world.off));
      failed(search, 'BadRequestException', 'StartSpeakerSearchTask', NO_ANALYTICS(suite.world.insightsOff));
    });
  });
}

// Probed here, both at once: Debian's v2 2.9.19 has none of the commands.
const CLIS = await awsClis({ command: 'start-voice-tone-analysis-task', required: '--voice-connector-id', what: 'voice analytics' });
// The two suites have a server each, so they run side by side.
describe('the AWS CLI with voice analytics tasks', { concurrency: true }, () => CLIS.forEach(cliSuite));

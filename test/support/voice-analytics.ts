/**
 * Shared by the end-to-end suites of voice analytics through boto3 and the AWS CLI (voice analytics tasks, voice
 * profiles): the connectors and voice profile domains they set up with the JS SDK; a boto3 suite whose cases' scripts
 * run in one Python process, after the model of its interpreter is read; the Python prelude that moves the server's
 * test clock and names the speakers of a call; the AWS CLI v2 and v1, each probed for the commands; the expectations
 * of an answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import {
  CreateVoiceConnectorCommand,
  CreateVoiceProfileDomainCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import { cliVersion, FAST_SERVER, findCli, runCli, runJsonCli, type CliAnswer } from './aws-cli.ts';
import { BOTO3_PRELUDE, BOTO3_SENT, runBoto3 } from './boto3.ts';
import { accountConfig, ALICE } from './server.ts';
import { call } from './test-controls.ts';
import { voiceSuiteServer, type SuiteServer } from './voice.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const UNKNOWN_TASK = '6f1c3a4e-0000-4000-8000-000000000000';
export const UNKNOWN_DOMAIN = '0b6f5a2c-0000-4000-8000-000000000000';

/** What a Python script keeps of one call (`sent`): its answer or refusal, its HTTP status, the API that answered. */
export type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number }; status?: number; api?: string };
export type CallDetails = { VoiceConnectorId: string; TransactionId: string; IsCaller: boolean };
/** A speaker search task as boto3 reads it, the timestamps as epoch seconds. */
export type SpeakerSearchTask = {
  SpeakerSearchTaskId: string;
  SpeakerSearchTaskStatus: string;
  CallDetails: CallDetails;
  SpeakerSearchDetails?: { Results: { VoiceProfileId: string; ConfidenceScore: number }[]; VoiceprintGenerationStatus: string };
  CreatedTimestamp: number;
  UpdatedTimestamp: number;
  StartedTimestamp: number;
};

/**
 * Creates a voice connector `name` in the account of `sdk`; with `analytics` 'on' puts a streaming configuration with
 * media insights (voice analytics on), with 'insights-off' one whose media insights are disabled. Answers its id and
 * the account (read from its ARN).
 */
export async function createConnector(sdk: ChimeSDKVoiceClient, name: string, analytics: 'on' | 'insights-off' | 'none'): Promise<{ id: string; account: string }> {
  const connector = (await sdk.send(new CreateVoiceConnectorCommand({ Name: name, RequireEncryption: true, AwsRegion: 'us-east-1' }))).VoiceConnector!;
  const account = String(connector.VoiceConnectorArn!.split(':')[4]);
  assert.match(account, /^\d{12}$/, connector.VoiceConnectorArn);
  if (analytics !== 'none') {
    const MediaInsightsConfiguration = { Disabled: analytics === 'insights-off', ConfigurationArn: `arn:aws:chime:us-east-1:${account}:media-insights-pipeline-configuration/x` };
    await sdk.send(
      new PutVoiceConnectorStreamingConfigurationCommand({
        VoiceConnectorId: connector.VoiceConnectorId!,
        StreamingConfiguration: { DataRetentionInHours: 24, Disabled: false, MediaInsightsConfiguration },
      }),
    );
  }
  return { id: connector.VoiceConnectorId!, account };
}

/** Creates a voice profile domain `name` in `account` (the account of `sdk`); answers its id. */
export async function createDomain(sdk: ChimeSDKVoiceClient, name: string, account: string): Promise<string> {
  const KmsKeyArn = `arn:aws:kms:us-east-1:${account}:key/5f0c7d1e-1111-4222-8333-944444444444`;
  const created = await sdk.send(new CreateVoiceProfileDomainCommand({ Name: name, ServerSideEncryptionConfiguration: { KmsKeyArn } }));
  return created.VoiceProfileDomain!.VoiceProfileDomainId!;
}

/**
 * The shared prelude (`client`, `call`, `client_at`, `sent`), `v` (Alice's voice client at …/chime-sdk-voice, so each
 * answer names that model), `task(operation, **params)`: `sent` with the timestamps as epoch seconds,
 * `control(path, method, body)`: a test-mode control of the server, `advance(seconds)`: moves its test clock, and
 * `speak(transaction, **legs)`: names the speakers of a call's legs (caller=, callee=).
 */
const PRELUDE = `${BOTO3_PRELUDE}${BOTO3_SENT}import datetime, traceback, urllib.request
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
out = {}
`;

/**
 * The interpreter's chime-sdk-voice model: its botocore, which of the suite's operations it has, and which of those it
 * can paginate.
 */
export type Model = { botocore: string; names: string[]; paginated: string[] };

/** What the one Python run of a boto3 suite answers: the model, and each case's `out` or how its script failed. */
type Batch = { model: Model; parts: ({ out: Record<string, Result> } | { crash: string })[] };

export interface Boto3Suite<W> extends SuiteServer<W> {
  /** The model, once a case has run. */
  readonly model: Model;
  /**
   * Adds a case's script (Python after the prelude and the suite's own, filling `out`); answers what gets its `out`,
   * or undefined when the model lacks the operations, which the case is told (its end).
   */
  script(body: string): (t: TestContext) => Promise<Record<string, Result> | undefined>;
}

/**
 * A boto3 suite of `python`: a server with Alice's account (throttling off, the test-mode controls `testing`) set up by
 * `setUp`, and the cases' scripts run in one Python process, in the order they were added, each in a namespace of its
 * own, when the first case asks. The process reads the model first and sends nothing when it lacks `operations`; it
 * must then be botocore 1.29's (they came with a later model): each case says so and ends there. `prelude` (Python)
 * follows the shared one; the server's URL, Alice's keys and then `args(world)` are its argv 1 on.
 */
export function boto3Suite<W>(
  python: string,
  options: {
    home: string;
    testing: Record<string, boolean>;
    setUp: (sdk: ChimeSDKVoiceClient) => Promise<W>;
    args: (world: W) => string[];
    prelude: string;
    operations: string[];
    /** What the operations are, as in "the voice profile operations". */
    what: string;
  },
): Boto3Suite<W> {
  const suite = voiceSuiteServer({ home: options.home, config: { ...FAST_SERVER, testing: options.testing, accounts: [accountConfig(ALICE)] }, credentials: ALICE, prepare: options.setUp });
  const scripts: string[] = [];
  let batch: Promise<Batch> | undefined;
  let model: Model | undefined;
  const runner = () => `${PRELUDE}${options.prelude}
_c = boto3.client('chime-sdk-voice', region_name='us-east-1')
_names = _c.meta.service_model.operation_names
_model = {'botocore': botocore.__version__, 'names': [n for n in ${JSON.stringify(options.operations)} if n in _names]}
_model['paginated'] = [n for n in _model['names'] if _c.can_paginate(botocore.xform_name(n))]
_parts = []
if len(_model['names']) == ${options.operations.length}:
    for _source in json.loads(${JSON.stringify(JSON.stringify(scripts))}):
        out = {}
        try:
            exec(_source, dict(globals()))
            _parts.append({'out': out})
        except Exception:
            _parts.append({'crash': traceback.format_exc()})
out = {'model': _model, 'parts': _parts}
`;
  const modelled = (t: TestContext, m: Model): boolean => {
    if (m.names.length === options.operations.length) return true;
    assert.deepEqual(m.names, [], `botocore ${m.botocore}'s chime-sdk-voice model has some of the operations only`);
    assert.match(m.botocore, /^1\.29\./, `botocore ${m.botocore}: only 1.29's chime-sdk-voice model lacks the ${options.what} operations`);
    t.diagnostic(`botocore ${m.botocore}'s chime-sdk-voice model has no ${options.operations.join(', ')}: nothing to send`);
    return false;
  };
  return {
    get server() {
      return suite.server;
    },
    get home() {
      return suite.home;
    },
    get world() {
      return suite.world;
    },
    get model() {
      assert.ok(model, 'the model is read with the first case');
      return model;
    },
    script(body) {
      const index = scripts.push(body) - 1;
      return async (t) => {
        batch ??= runBoto3<Batch>({ python, url: suite.server.url, keys: { alice: ALICE }, home: suite.home, args: options.args(suite.world) }, runner());
        const ran = await batch;
        model = ran.model;
        if (!modelled(t, ran.model)) return undefined;
        const part = ran.parts[index];
        assert.ok(part, `no outcome of script ${index} (of ${ran.parts.length})`);
        if ('crash' in part) throw new Error(`the case's script failed:\n${part.crash}`);
        return part.out;
      };
    },
  };
}

/** The answer of `status` through chime-sdk-voice: its one member `key`. */
export function answered<T>(r: Result | undefined, status: number, key: string): T {
  assert.equal(r?.status, status, JSON.stringify(r));
  assert.equal(r.api, 'chime-sdk-voice');
  assert.deepEqual(Object.keys(r.ok ?? {}), [key], JSON.stringify(r.ok));
  return r.ok![key] as T;
}

/** An empty 204 through chime-sdk-voice (a stop, a delete). */
export function noContent(r: Result | undefined): void {
  assert.deepEqual([r?.status, r?.ok, r?.api], [204, {}, 'chime-sdk-voice'], JSON.stringify(r));
}

/** A refusal through chime-sdk-voice: its code, status and message. */
export function refused(r: Result | undefined, code: string, status: number, message: RegExp): void {
  assert.equal(r?.error?.code, code, JSON.stringify(r));
  assert.equal(r.error.status, status);
  assert.match(r.error.message, message);
  assert.equal(r.api, 'chime-sdk-voice');
}

/** The server's test clock moved by `seconds` (POST /_dialtone/clock). */
export async function advanceClock(server: { url: string }, seconds: number): Promise<void> {
  const { status, body } = await call(`${server.url}/_dialtone/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
  assert.equal(status, 200, `POST /_dialtone/clock: ${JSON.stringify(body)}`);
}

/** Names who speaks on the legs of the call `transactionId` (PUT /_dialtone/speakers), answered as named. */
export async function nameSpeakers(server: { url: string }, transactionId: string, legs: { caller?: string; callee?: string }): Promise<void> {
  const named = { transactionId, ...legs };
  const { status, body } = await call(`${server.url}/_dialtone/speakers`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(named) });
  assert.equal(status, 200, `PUT /_dialtone/speakers: ${JSON.stringify(body)}`);
  assert.deepEqual(body, named);
}

/**
 * One of the AWS CLIs: where installed, why its suite is skipped (or false), its exit code on a service error (v2 254,
 * v1 255), and the API that answers it (CLI v2 names the command in its User-Agent, so chime-sdk-voice answers it;
 * CLI v1 names nothing and gets the union).
 */
export interface AwsCli {
  label: 'v1' | 'v2';
  bin: string | undefined;
  skip: string | false;
  failure: number;
  answering: string;
}

/**
 * The AWS CLI v2 and v1, each probed (side by side) for `aws chime-sdk-voice <command>`: a CLI refuses a command its
 * model lacks ("Invalid choice") and names the missing `required` argument of one it has. Without it the suite is
 * skipped, saying why (`what`: the commands, as in "voice profile commands").
 */
export function awsClis(probe: { command: string; required: string; what: string }): Promise<AwsCli[]> {
  const one = async (label: 'v1' | 'v2', bin: string | undefined): Promise<AwsCli> => {
    const cli = { label, bin, failure: label === 'v2' ? 254 : 255, answering: label === 'v2' ? 'chime-sdk-voice' : 'both' };
    if (bin === undefined) return { ...cli, skip: `AWS CLI ${label} not installed` };
    const home = mkdtempSync(join(tmpdir(), 'dialtone-aws-probe-'));
    try {
      const r = await runCli(bin, ['chime-sdk-voice', probe.command], { home });
      if (r.stderr.includes(`the following arguments are required: ${probe.required}`)) return { ...cli, skip: false };
      const why = /Invalid choice/.test(r.stderr) ? 'Invalid choice' : `exit ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`;
      const version = `${cliVersion(bin)}`.split(' ')[0];
      return { ...cli, skip: `AWS CLI ${label} (${version}) has no chime-sdk-voice ${probe.what} commands (${probe.command}: ${why}); its model predates them` };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
  return Promise.all([one('v2', findCli(2)), one('v1', findCli(1))]);
}

/**
 * For the CLI suite being defined: a server (FAST_SERVER, and the test-mode controls `testing`) set up by `setUp` with
 * the default account; `aws(args)` runs `aws chime-sdk-voice <args> --endpoint-url <server> --output json --debug`;
 * `ok` and `failed` are what a command answered.
 */
export function voiceCliSuite<W>(cli: AwsCli, options: { home: string; testing?: Record<string, boolean>; setUp: (sdk: ChimeSDKVoiceClient) => Promise<W> }) {
  const suite = voiceSuiteServer({ home: options.home, config: { ...FAST_SERVER, ...(options.testing && { testing: options.testing }) }, prepare: options.setUp });
  return {
    suite,
    aws: (args: string[]): Promise<CliAnswer> =>
      runJsonCli(cli.bin!, ['chime-sdk-voice', ...args, '--endpoint-url', suite.server.url, '--output', 'json', '--debug'], suite.home),
    /** The command succeeded, answered by the API the CLI is answered by: its JSON. */
    ok: (a: CliAnswer | undefined): Record<string, unknown> => {
      assert.equal(a?.code, 0, a?.error);
      assert.equal(a.api, cli.answering);
      return a.json;
    },
    /** The command failed with the CLI's exit code for a service error and this error line. */
    failed: (a: CliAnswer | undefined, exception: string, operation: string, message: RegExp): void => {
      assert.equal(a?.code, cli.failure, `expected ${operation} to fail; it printed ${JSON.stringify(a?.json)}`);
      const prefix = `An error occurred (${exception}) when calling the ${operation} operation: `;
      assert.ok(a.error!.startsWith(prefix), a.error);
      assert.match(a.error!.slice(prefix.length), message);
      assert.equal(a.api, cli.answering);
    },
  };
}

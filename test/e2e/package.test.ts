/**
 * The npm package: `npm pack` of the checkout, installed with `npm install -g` into an empty prefix, runs as the
 * `dialtone` command with no checkout, no build at run time and no dev dependencies, and serves the AWS CLI.
 * Packing (with its bundle build) and installing take about 5 s each; the timings are reported as diagnostics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCli, runCli } from '../support/aws-cli.ts';
import { cleanEnv, installGlobally, pack, run, startInstalled, type Installed, type Packed } from '../support/packed.ts';

const PACK_TIMEOUT_MS = 120_000;
/** Generous for a build of better-sqlite3 from source (DIALTONE_PACKAGE_BUILD_NATIVE=1) on a loaded machine. */
const INSTALL_TIMEOUT_MS = 420_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 30_000;

const cli = findCli(2) ?? findCli(1);
const root = mkdtempSync(join(tmpdir(), 'dialtone-package-'));
let packed: Packed;
let bin: string;
let running: Installed | undefined;

after(() => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('the packed tarball installed into an empty prefix', { timeout: PACK_TIMEOUT_MS + INSTALL_TIMEOUT_MS + 120_000 }, () => {
  before(async () => {
    const started = Date.now();
    packed = await pack(root, PACK_TIMEOUT_MS);
    const packedAt = Date.now();
    const prefix = join(root, 'prefix');
    mkdirSync(prefix);
    bin = await installGlobally(packed.tarball, prefix, INSTALL_TIMEOUT_MS);
    process.stderr.write(`# package: npm pack ${packedAt - started} ms, npm install -g ${Date.now() - packedAt} ms\n`);
  });

  it('holds the bundle and the models, not the sources or the tests', () => {
    assert.ok(packed.files.includes('dist/dialtone.mjs'), packed.files.join(', '));
    assert.ok(packed.files.includes('spec/chime-2018-05-01.json'));
    assert.ok(packed.files.includes('spec/chime-sdk-voice-2022-08-03.json'));
    // The web console, built by prepack (scripts/build-console.mjs).
    for (const file of ['dist/console/index.html', 'dist/console/assets/app.js', 'dist/console/assets/app.css']) assert.ok(packed.files.includes(file), `${file} missing`);
    // The data the bundle reads at start (scripts/build.mjs, dataFiles).
    for (const file of ['dist/data/numbering-plan.bin', 'dist/data/phone-metadata.max.json']) assert.ok(packed.files.includes(file), `${file} missing`);
    const stray = packed.files.filter((f) => /^(src|test|bin|scripts|bench|docs|data)\//.test(f));
    assert.deepEqual(stray, []);
  });

  it('installs the runtime dependencies only', () => {
    const modules = join(root, 'prefix', 'lib', 'node_modules', 'dialtone', 'node_modules');
    const names = readdirSync(modules);
    for (const needed of ['better-sqlite3', 'pino', 'libphonenumber-geo-carrier']) assert.ok(names.includes(needed), `${needed} missing`);
    for (const dev of ['tsx', 'esbuild', 'typescript', 'kysely', 'pg', 'eslint', '@aws-sdk']) assert.ok(!names.includes(dev), `${dev} installed`);
    assert.ok(existsSync(join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
  });

  it('answers --version with the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const r = await run(bin, ['--version'], { cwd: root, env: cleanEnv(), timeoutMs: CLI_TIMEOUT_MS });
    assert.deepEqual(r, { code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('serves a search and an order to the AWS CLI, and the web console, then stops on SIGTERM', { skip: cli || process.env.CI ? false : 'no AWS CLI installed' }, async () => {
    assert.ok(cli, 'the AWS CLI is needed (CI: apt-get install awscli)');
    const work = join(root, 'work');
    mkdirSync(work);
    const env = cleanEnv({ PORT: '0', DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' });
    running = await startInstalled(bin, ['serve'], { cwd: work, env, timeoutMs: START_TIMEOUT_MS });
    const server = running;
    const aws = async <T>(args: string[]): Promise<T> => {
      const r = await runCli(cli, ['chime', ...args, '--endpoint-url', server.url, '--output', 'json'], { home: work, timeoutMs: CLI_TIMEOUT_MS, process: true });
      assert.equal(r.code, 0, `aws chime ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    };

    const found = await aws<{ E164PhoneNumbers: string[] }>(['search-available-phone-numbers', '--area-code', '206', '--max-results', '2']);
    assert.equal(found.E164PhoneNumbers.length, 2);
    assert.ok(found.E164PhoneNumbers.every((n) => n.startsWith('+1206')), found.E164PhoneNumbers.join(', '));

    const { PhoneNumberOrder: order } = await aws<{ PhoneNumberOrder: { PhoneNumberOrderId: string; Status: string; OrderedPhoneNumbers: { E164PhoneNumber: string }[] } }>([
      'create-phone-number-order', '--product-type', 'VoiceConnector', '--e164-phone-numbers', ...found.E164PhoneNumbers,
    ]);
    assert.equal(order.Status, 'Processing');
    assert.deepEqual(order.OrderedPhoneNumbers.map((n) => n.E164PhoneNumber).sort(), [...found.E164PhoneNumbers].sort());
    const again = await aws<{ PhoneNumberOrder: { PhoneNumberOrderId: string } }>(['get-phone-number-order', '--phone-number-order-id', order.PhoneNumberOrderId]);
    assert.equal(again.PhoneNumberOrder.PhoneNumberOrderId, order.PhoneNumberOrderId);

    // The installed server finds the console beside its bundle and serves it.
    const page = await fetch(`${server.url}/_dialtone/console/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="assets\/app\.js"><\/script>/);
    const script = await fetch(`${server.url}/_dialtone/console/assets/app.js`);
    assert.equal(script.status, 200);
    assert.ok((await script.arrayBuffer()).byteLength > 10_000);

    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const exit = await server.exited;
    clearTimeout(timer);
    assert.deepEqual(exit, { code: 0, signal: null }, server.output());
  });
});

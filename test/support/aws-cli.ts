/** Finding and running the real AWS CLI (v2, and v1 where installed) in a clean environment, for end-to-end tests. */
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonDriver } from './python-driver.ts';
import { behindShim } from './shims.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const DEFAULT_KEY: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The environment every CLI run gets: nothing from the developer's own AWS set-up leaks in. */
export function cliEnv(home: string, credentials: Credentials): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    // No AWS_MAX_ATTEMPTS: with it CLI v2 appends "(reached max retries: 0)" to every error line, which is not
    // what users see; the errors tested here are 4xx, which neither CLI retries.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
  };
}

/** What each CLI answered to `--version`, by path: asked once a process. */
const versions = new Map<string, string | undefined>();

/**
 * What `bin --version` prints (`aws-cli/2.9.19 Python/3.11.2 …`), or undefined when it does not run or fails; asked once
 * a process.
 */
export function cliVersion(bin: string): string | undefined {
  if (!versions.has(bin)) {
    const home = mkdtempSync(join(tmpdir(), 'dialtone-aws-probe-'));
    try {
      const probe = spawnSync(bin, ['--version'], { cwd: home, env: cliEnv(home, DEFAULT_KEY), encoding: 'utf8', timeout: 20_000 });
      // Older CLI v1 releases print the version on stderr; current ones and v2 print it on stdout.
      versions.set(bin, probe.status === 0 ? `${probe.stdout}${probe.stderr}` : undefined);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return versions.get(bin);
}

/**
 * The first of `/usr/bin/aws` and `aws` on PATH whose `--version` reports `aws-cli/<major>`, as the program that runs
 * (not the pyenv shim that `aws` on PATH may be: ./shims.ts).
 */
export function findCli(major: 1 | 2): string | undefined {
  const bin = ['/usr/bin/aws', 'aws'].find((b) => (!b.startsWith('/') || existsSync(b)) && cliVersion(b)?.startsWith(`aws-cli/${major}.`));
  return bin === undefined ? undefined : behindShim(bin);
}

/**
 * Runs the CLI; resolves with the exit code and output, whatever the exit code (rejects only when it did not run).
 * By default through ./aws-cli-driver.py: the CLI's own `awscli.clidriver.main()` for the command, as the `aws`
 * launcher calls it, in a Python process that runs the commands of this test process one after another
 * (./python-driver.ts). `process: true`, or a CLI that is no Python script, starts `bin` itself, as a user does.
 */
export function runCli(bin: string, argv: string[], options: { home: string; credentials?: Credentials; timeoutMs?: number; process?: boolean }): Promise<CliResult> {
  const env = cliEnv(options.home, options.credentials ?? DEFAULT_KEY);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const driver = options.process === true ? undefined : driverOf(bin);
  if (driver !== undefined) return driver.run({ argv, env, cwd: options.home }, `aws ${argv.join(' ')}`, timeoutMs);
  return new Promise((resolve, reject) => {
    execFile(bin, argv, { cwd: options.home, env, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`aws ${argv.join(' ')} did not run to completion: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** This process's drivers, by CLI: ./aws-cli-driver.py under the interpreter of the CLI's launcher (none: not Python). */
const drivers = new Map<string, PythonDriver | undefined>();

function driverOf(bin: string): PythonDriver | undefined {
  if (!drivers.has(bin)) {
    const interpreter = pythonOf(bin);
    drivers.set(bin, interpreter === undefined ? undefined : new PythonDriver(interpreter, [DRIVER, bin]));
  }
  return drivers.get(bin);
}

const DRIVER = fileURLToPath(new URL('./aws-cli-driver.py', import.meta.url));

/**
 * The Python named by the `#!` line of the launcher `bin` (a path, as findCli answers it), or undefined when `bin` is
 * no Python script (AWS's own installer of the CLI v2 makes a frozen executable): its commands then run as processes.
 */
function pythonOf(bin: string): string | undefined {
  const head = Buffer.alloc(256);
  const fd = openSync(bin, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const first = head.subarray(0, read).toString('latin1').split('\n', 1)[0] ?? '';
  const interpreter = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : undefined;
  return interpreter !== undefined && /python[\d.]*$/.test(interpreter) ? interpreter : undefined;
}

/**
 * The `x-dialtone-api` header of the (last) answer, from the response headers that `--debug` logs on stderr
 * (`botocore.parsers - DEBUG - Response headers: {'x-dialtone-api': 'chime-sdk-voice', ...}`).
 */
export function answeringApiOf(debugStderr: string): string | undefined {
  const found = [...debugStderr.matchAll(/Response headers: \{.*?'x-dialtone-api': '([^']+)'/g)];
  return found.at(-1)?.[1];
}

/** What one `--output json --debug` run of the CLI answered. */
export interface CliAnswer {
  code: number;
  /** The parsed JSON output (`{}` when the command printed nothing, as for 204 answers). */
  json: Record<string, unknown>;
  /** The `An error occurred (…)` line when the command failed. */
  error?: string;
  /** The `x-dialtone-api` of the answer. */
  api?: string;
}

/**
 * Runs `argv` (which ends with `--output json --debug`) and reads its answer; fails the test when the CLI exited non-zero
 * without a service error line (a usage error, a crash).
 */
export async function runJsonCli(bin: string, argv: string[], home: string): Promise<CliAnswer> {
  const r = await runCli(bin, argv, { home, timeoutMs: 60_000 });
  const error = r.stderr.split('\n').find((line) => line.startsWith('An error occurred ('));
  if (r.code !== 0 && error === undefined) throw new Error(`aws ${argv.join(' ')} exited ${r.code} without an error line: ${r.stderr.slice(-2000)}`);
  return { code: r.code, json: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {}, error, api: answeringApiOf(r.stderr) };
}

/** Runs `tasks` at most `width` at a time; answers in order. (The CLI's commands queue at its driver, one at a time.) */
export async function inBatches<T>(tasks: (() => Promise<T>)[], width = 3): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += width) results.push(...(await Promise.all(tasks.slice(i, i + width).map((task) => task()))));
  return results;
}

/** A server configuration for CLI tests: orders settle at once, no throttling. */
export const FAST_SERVER = { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } };

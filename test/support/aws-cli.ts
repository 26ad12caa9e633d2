/** Finding and running the real AWS CLI (v2, and v1 where installed) in a clean environment, for end-to-end tests. */
import { execFile, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * By default through {@link CliDriver}: the CLI's own `awscli.clidriver.main()` for the command, as the `aws` launcher
 * calls it, in a Python process that runs the commands of this test process one after another. `process: true` starts
 * `bin` itself, as a user does.
 */
export function runCli(bin: string, argv: string[], options: { home: string; credentials?: Credentials; timeoutMs?: number; process?: boolean }): Promise<CliResult> {
  const env = cliEnv(options.home, options.credentials ?? DEFAULT_KEY);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (options.process !== true) return driverOf(bin).run(argv, env, options.home, timeoutMs);
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

/** This process's drivers, by CLI. */
const drivers = new Map<string, CliDriver>();

function driverOf(bin: string): CliDriver {
  let driver = drivers.get(bin);
  if (driver === undefined) drivers.set(bin, (driver = new CliDriver(bin)));
  return driver;
}

/** A command waiting for its answer from the driver. */
interface Pending {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
  resolve: (result: CliResult) => void;
  reject: (error: Error) => void;
}

/**
 * A Python process running ./aws-cli-driver.py with the interpreter of `bin`'s launcher: the commands of this process,
 * one at a time, in the order asked. A Python start with the CLI's imports costs about 0.7 s of CPU, most of a command
 * (the suite runs some 200). The process is started at the first command, holds this process open only while a command
 * is in it, and ends when this process does (its input closes). A command that outlives its time ends the process (the
 * command rejects, as a killed `aws` would); the next one starts another.
 */
class CliDriver {
  readonly #bin: string;
  readonly #queue: Pending[] = [];
  #child: ChildProcessWithoutNullStreams | undefined;
  #running: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  #buffered = '';

  constructor(bin: string) {
    this.#bin = bin;
  }

  run(argv: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ argv, env, cwd, timeoutMs, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#running !== undefined) return;
    const pending = this.#queue.shift();
    if (pending === undefined) {
      this.#hold(false);
      return;
    }
    const child = this.#start();
    this.#hold(true);
    const timer = setTimeout(() => this.#fail(new Error(`aws ${pending.argv.join(' ')} did not run to completion: no answer in ${pending.timeoutMs} ms`)), pending.timeoutMs);
    this.#running = { pending, timer };
    child.stdin.write(`${JSON.stringify({ argv: pending.argv, env: pending.env, cwd: pending.cwd })}\n`);
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#child !== undefined) return this.#child;
    const child = spawn(interpreterOf(this.#bin), [DRIVER, this.#bin], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
    child.stdout.setEncoding('utf8').on('data', (text: string) => this.#read(text));
    child.on('error', (error) => this.#fail(error));
    child.on('exit', (code, signal) => {
      if (this.#child === child) this.#fail(new Error(`the AWS CLI driver for ${this.#bin} ended (${signal ?? code}): ${stderr}`));
    });
    this.#child = child;
    this.#buffered = '';
    return child;
  }

  #read(text: string): void {
    this.#buffered += text;
    let end: number;
    while ((end = this.#buffered.indexOf('\n')) >= 0) {
      const line = this.#buffered.slice(0, end);
      this.#buffered = this.#buffered.slice(end + 1);
      const running = this.#running;
      if (running === undefined) continue;
      clearTimeout(running.timer);
      this.#running = undefined;
      running.pending.resolve(JSON.parse(line) as CliResult);
      this.#next();
    }
  }

  /** Ends the process, rejects the command in it, and goes on with the next. */
  #fail(error: Error): void {
    const child = this.#child;
    this.#child = undefined;
    child?.kill('SIGKILL');
    const running = this.#running;
    this.#running = undefined;
    if (running !== undefined) {
      clearTimeout(running.timer);
      running.pending.reject(error);
    }
    this.#next();
  }

  /** Whether the process keeps this one's event loop alive: only while a command is in it. */
  #hold(busy: boolean): void {
    const child = this.#child;
    if (child === undefined) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref(): unknown; unref(): unknown }[]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}

const DRIVER = fileURLToPath(new URL('./aws-cli-driver.py', import.meta.url));

/** The interpreter named by the `#!` line of the launcher `bin` (a path, as findCli answers it). */
function interpreterOf(bin: string): string {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const interpreter = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : undefined;
  if (interpreter === undefined || interpreter === '') throw new Error(`${bin} names no interpreter on its first line`);
  return interpreter;
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

/**
 * The real `dialtone` process, as an operator runs it: its environment, its start-up banner, SIGTERM, restart on the
 * same data directory, and configuration errors that stop it before it listens. The start, stop and restart and
 * `--help` run `bin/dialtone.js` (the sources through tsx); the refusals and the banners run the bundle that `npm start`
 * and the npm package run, which starts in a fraction of the CPU time (the same sources, so the same answers).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePhoneNumberOrderCommand, GetPhoneNumberOrderCommand, type PhoneNumberOrder } from '@aws-sdk/client-chime';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { ALICE, BOB, chimeClient } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dialtone.js');
/** tsx compiles the sources on first start; generous, but bounded. */
const START_TIMEOUT_MS = 60_000;
/** Bounds a stop that should be prompt; a process that hangs instead waits for its 10-minute shutdownTimeoutMs. */
const STOP_TIMEOUT_MS = 30_000;
/** Bounds a start that must fail (tsx compiles the sources first; generous for a loaded machine). */
const FAIL_FAST_TIMEOUT_MS = 60_000;
const URL_LINE = /serving the Amazon Chime API at (http:\/\/\S+)/;

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  await removeDialtoneBundle();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-process-'));
  tempDirs.push(dir);
  return dir;
}

function writeJson(dir: string, name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Only what the test names: nothing from the developer's shell (DIALTONE_CONFIG, PORT, NODE_TEST_CONTEXT...) leaks in. */
function processEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits; rejects (after killing it) if it has not within `ms`. */
  exited(ms: number): Promise<Exit>;
}

/** Which entry runs: `bin/dialtone.js`, or the bundle (support/bundle.ts). */
type Entry = 'sources' | 'bundle';

async function spawnDialtone(env: Record<string, string>, entry: Entry): Promise<Spawned> {
  const bin = entry === 'sources' ? BIN : await dialtoneBundle();
  const child = spawn(process.execPath, [bin], { cwd: ROOT, env: processEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async exited(ms) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`dialtone (pid ${child.pid}) did not exit within ${ms} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
        }, ms);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

interface Running extends Spawned {
  /** The URL from the banner. */
  url: string;
  /** SIGTERM, then the exit (bounded). */
  stop(): Promise<Exit>;
}

/** Spawns dialtone and waits for its banner; kills it and rejects if it exits or stays silent instead. */
async function startDialtone(env: Record<string, string>, entry: Entry): Promise<Running> {
  const spawned = await spawnDialtone({ PORT: '0', ...env }, entry);
  const { child } = spawned;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const check = (): void => {
        // The banner is written in one go; wait for its last line so every line of it is in.
        const match = URL_LINE.exec(spawned.stdout());
        if (match && spawned.stdout().includes('health: ')) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`dialtone exited (code ${code}, signal ${signal}) before listening`));
      });
      check();
    });
    return { ...spawned, url, stop: () => (child.kill('SIGTERM'), spawned.exited(STOP_TIMEOUT_MS)) };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nstdout: ${spawned.stdout()}\nstderr: ${spawned.stderr()}`);
  }
}

/** Runs dialtone expecting it to refuse to start: exit 1, quickly, never listening. Returns its stderr. */
async function failingStart(env: Record<string, string>): Promise<string> {
  const spawned = await spawnDialtone({ PORT: '0', DATA_DIR: tempDir(), ...env }, 'bundle');
  const exit = await spawned.exited(FAIL_FAST_TIMEOUT_MS);
  assert.deepEqual(exit, { code: 1, signal: null }, `stdout: ${spawned.stdout()}\nstderr: ${spawned.stderr()}`);
  assert.doesNotMatch(spawned.stdout(), URL_LINE);
  assert.match(spawned.stderr(), /^dialtone: /);
  return spawned.stderr();
}

describe('the dialtone process', () => {
  it('prints its endpoint, credentials and data dir, serves, stops on SIGTERM and keeps its data across a restart', { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    // Neither an idle connection nor a carrier call in flight may keep the process up: with a carrier that never
    // answers and a shutdown timeout of 10 minutes, only a prompt stop passes.
    const config = writeJson(tempDir(), 'config.json', { shutdownTimeoutMs: 600_000, carrier: { latencyMs: 600_000 } });
    const first = await startDialtone({ DATA_DIR: dataDir, DIALTONE_CONFIG: config }, 'sources');
    let order: PhoneNumberOrder | undefined;
    try {
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(new URL(first.url).port, '0');
      assert.match(first.stdout(), /account 000000000000: access key test \/ secret test\n/);
      assert.ok(first.stdout().includes(`data: ${dataDir}\n`), first.stdout());
      assert.ok(first.stdout().includes(`health: ${first.url}/_dialtone/health`), first.stdout());
      assert.ok(first.stdout().includes(`console: ${first.url}/_dialtone/console/ (loopback only)\n`), first.stdout());

      const health = await fetch(`${first.url}/_dialtone/health`, { signal: AbortSignal.timeout(5_000) });
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });

      const chime = chimeClient(first);
      try {
        const created = await chime.send(
          new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] }),
        );
        assert.equal(created.$metadata.httpStatusCode, 201);
        order = created.PhoneNumberOrder!;
        // SIGTERM at once, with the SDK's idle keep-alive connection open and the order's carrier call in flight.
        const exit = await first.stop();
        assert.deepEqual(exit, { code: 0, signal: null }, first.stderr());
      } finally {
        chime.destroy();
      }
    } finally {
      first.child.kill('SIGKILL');
    }
    assert.equal(first.stderr(), '');

    assert.ok(order?.PhoneNumberOrderId);
    const second = await startDialtone({ DATA_DIR: dataDir }, 'sources');
    try {
      const chime = chimeClient(second);
      try {
        const got = (await chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order.PhoneNumberOrderId }))).PhoneNumberOrder;
        // The same order; its status may have moved on, since the default carrier fulfils orders in the background.
        assert.equal(got?.PhoneNumberOrderId, order.PhoneNumberOrderId);
        assert.equal(got.ProductType, order.ProductType);
        assert.deepEqual(got.CreatedTimestamp, order.CreatedTimestamp);
        assert.deepEqual(got.OrderedPhoneNumbers?.map((n) => n.E164PhoneNumber), ['+12065550100']);
      } finally {
        chime.destroy();
      }
      assert.deepEqual(await second.stop(), { code: 0, signal: null });
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('--help exits 0 and documents the command and its environment', async () => {
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      execFile(process.execPath, [BIN, '--help'], { cwd: ROOT, env: processEnv({}), timeout: FAIL_FAST_TIMEOUT_MS }, (error, out) =>
        error ? reject(error) : resolve({ stdout: out }),
      );
    });
    for (const word of ['serve', 'HOST', 'PORT', 'DATA_DIR', 'DIALTONE_CONFIG', 'DIALTONE_ALLOW_DEFAULT_CREDENTIALS']) {
      assert.ok(stdout.includes(word), `--help should mention ${word}:\n${stdout}`);
    }
  });

  describe('refuses a bad configuration at once, naming the problem', { concurrency: true }, () => {
    const aliceCredentials = [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }];
    const cases: { name: string; env: () => Record<string, string>; message: RegExp }[] = [
      {
        name: 'DIALTONE_CONFIG naming a missing file',
        env: () => ({ DIALTONE_CONFIG: join(tempDir(), 'missing.json') }),
        message: /DIALTONE_CONFIG: cannot read \S*missing\.json: ENOENT/,
      },
      {
        name: 'a config file that is not JSON',
        env: () => ({ DIALTONE_CONFIG: writeJson(tempDir(), 'config.json', '{"accounts": [') }),
        message: /DIALTONE_CONFIG: \S*config\.json is not valid JSON/,
      },
      {
        name: 'an account id that is not 12 digits',
        env: () => ({ DIALTONE_CONFIG: writeJson(tempDir(), 'config.json', { accounts: [{ accountId: '123', credentials: [] }] }) }),
        message: /accounts\.0\.accountId: must be 12 digits/,
      },
      {
        name: 'an unknown key',
        env: () => ({ DIALTONE_CONFIG: writeJson(tempDir(), 'config.json', { acounts: [] }) }),
        message: /invalid:[\s\S]*"acounts"/,
      },
      {
        name: 'the same access key in two accounts',
        env: () => ({
          DIALTONE_CONFIG: writeJson(tempDir(), 'config.json', {
            accounts: [
              { accountId: ALICE.accountId, credentials: aliceCredentials },
              { accountId: BOB.accountId, credentials: aliceCredentials },
            ],
          }),
        }),
        message: /access key AKIDALICE is listed twice/,
      },
      { name: 'PORT=abc', env: () => ({ PORT: 'abc' }), message: /PORT: 'abc' is not a port number/ },
      {
        name: 'HOST=0.0.0.0 with the default test/test key',
        env: () => ({ HOST: '0.0.0.0' }),
        message: /refusing to listen on 0\.0\.0\.0 with the well-known test\/test credentials.*DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true/,
      },
    ];
    for (const c of cases) {
      it(c.name, { timeout: 90_000 }, async () => {
        assert.match(await failingStart(c.env()), c.message);
      });
    }
  });

  it('serves 0.0.0.0 with test/test when DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true', { timeout: 180_000 }, async () => {
    const running = await startDialtone({ DATA_DIR: tempDir(), HOST: '0.0.0.0', DIALTONE_ALLOW_DEFAULT_CREDENTIALS: 'true' }, 'bundle');
    try {
      const url = new URL(running.url);
      assert.equal(url.hostname, '0.0.0.0');
      url.hostname = '127.0.0.1';
      const health = await fetch(new URL('/_dialtone/health', url), { signal: AbortSignal.timeout(5_000) });
      assert.equal(health.status, 200);
      assert.deepEqual(await running.stop(), { code: 0, signal: null });
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('serves an account from DIALTONE_CONFIG with its keys and masks its secret in the banner', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', {
      accounts: [{ accountId: ALICE.accountId, credentials: [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }] }],
    });
    const running = await startDialtone({ DATA_DIR: join(dir, 'data'), DIALTONE_CONFIG: config }, 'bundle');
    try {
      assert.match(running.stdout(), /account 111111111111: access key AKIDALICE \/ secret \*+\n/);
      const chime = chimeClient(running, ALICE);
      try {
        const created = await chime.send(
          new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] }),
        );
        assert.equal(created.$metadata.httpStatusCode, 201);
      } finally {
        chime.destroy();
      }
      assert.deepEqual(await running.stop(), { code: 0, signal: null });
      assert.ok(!running.stdout().includes(ALICE.secretAccessKey), running.stdout());
      assert.ok(!running.stderr().includes(ALICE.secretAccessKey), running.stderr());
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('masks a real secret configured for key "test" of account 000000000000 (only test/test is printed)', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const config = writeJson(dir, 'config.json', {
      defaultAccount: false,
      accounts: [{ accountId: '000000000000', credentials: [{ accessKeyId: 'test', secretAccessKey: 'not-the-well-known-one' }] }],
    });
    const running = await startDialtone({ DATA_DIR: join(dir, 'data'), DIALTONE_CONFIG: config }, 'bundle');
    try {
      assert.match(running.stdout(), /account 000000000000: access key test \/ secret \*+\n/);
      assert.ok(!running.stdout().includes('not-the-well-known-one'), running.stdout());
      assert.deepEqual(await running.stop(), { code: 0, signal: null });
    } finally {
      running.child.kill('SIGKILL');
    }
  });
});

/**
 * `dialtone reset` through its real process (the bundle, as the npm package runs it) on the SQLite database of a
 * server that keeps running: refused without `--yes` when standard input is not a terminal; `--account ID --yes`
 * removes that account's resources, which the running server stops serving at once, and the server refills the
 * account's throttling buckets; on a terminal (a pseudo-terminal from util-linux `script`) a wrong answer removes
 * nothing and typing `reset` removes everything.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { DeletePhoneNumberCommand, ListPhoneNumbersCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { dialtoneBundle, removeDialtoneBundle, startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { orderNumbers, rejection } from '../support/phone-numbers.ts';
import { ALICE, BOB, chimeClient, writeAccountsConfig } from '../support/server.ts';

const COMMAND_TIMEOUT_MS = 30_000;
const SCRIPT = '/usr/bin/script';

/** Runs `dialtone ARGS` with `env` (and PATH, HOME) and standard input from a pipe that is closed at once. */
async function dialtone(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const bundle = await dialtoneBundle();
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [bundle, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env }, timeout: COMMAND_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(`dialtone ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/**
 * Runs `dialtone ARGS` on a pseudo-terminal (`script`), types `answer` and Enter once the question shows, and answers
 * the exit code and everything the terminal showed.
 */
async function dialtoneOnTerminal(args: string[], env: Record<string, string>, answer: string): Promise<{ code: number | null; screen: string }> {
  const bundle = await dialtoneBundle();
  const command = [process.execPath, bundle, ...args].map((word) => `'${word}'`).join(' ');
  const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), SHELL: '/bin/sh', TERM: 'dumb', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let typed = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  const onData = (chunk: Buffer): void => {
    screen += chunk.toString();
    if (!typed && screen.includes('to go on:')) {
      typed = true;
      child.stdin.write(`${answer}\r`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const code = await exited;
  clearTimeout(timer);
  child.stdin.destroy();
  return { code, screen };
}

describe('dialtone reset', () => {
  const dirs: string[] = [];
  let server: BundledDialtone;
  let env: Record<string, string>;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-reset-cli-'));
    dirs.push(dataDir);
    // Three mutating requests per account, then one per 100 s: no bucket refills by itself during the test.
    const config = writeAccountsConfig(dataDir, {
      carrier: { latencyMs: 0 },
      fulfilment: { idleMs: 10 },
      throttling: { mutating: { ratePerSecond: 0.01, burst: 3 } },
    });
    env = { DATA_DIR: dataDir, DIALTONE_CONFIG: config };
    server = await startBundled({ ...env, LOG_LEVEL: 'warn' }, COMMAND_TIMEOUT_MS);
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice?.destroy();
    bob?.destroy();
    if (server) await stopBundled(server);
    await removeDialtoneBundle();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const listed = async (client: ChimeClient): Promise<string[]> =>
    ((await client.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? []).map((n) => n.E164PhoneNumber!).sort();
  const spend = (client: ChimeClient) => client.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065559999' }));

  it('refuses without --yes when standard input is not a terminal, and removes nothing', async () => {
    await orderNumbers(alice, 'VoiceConnector', ['+12065551300', '+12065551301']);
    await orderNumbers(bob, 'VoiceConnector', ['+12065551310']);
    for (const args of [['reset'], ['reset', '--account', ALICE.accountId]]) {
      const result = await dialtone(args, env);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /^dialtone: reset: refusing to wipe (every account|account 111111111111) in \S+ without --yes \(standard input is not a terminal to confirm on\)\n$/);
      assert.equal(result.stdout, '');
    }
    const bad = await dialtone(['reset', '--account', '1111', '--yes'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--account: '1111' must be 12 digits/);
    assert.deepEqual(await listed(alice), ['+12065551300', '+12065551301']);
    assert.deepEqual(await listed(bob), ['+12065551310']);
  });

  it("--account ID --yes removes that account's resources; the running server serves the reset at once and refills its buckets", async () => {
    // Alice and Bob have spent one token each on their order: two more, then the server throttles them.
    for (const client of [alice, bob]) {
      for (let i = 0; i < 2; i++) assert.equal((await rejection(spend(client))).name, 'NotFoundException');
      assert.equal((await rejection(spend(client))).name, 'ThrottledClientException');
    }
    const result = await dialtone(['reset', '--account', ALICE.accountId, '--yes'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^dialtone: reset account ${ALICE.accountId} in ${env.DATA_DIR}; removed:\n`));
    assert.match(result.stdout, /\n {2}orders: 1\n/);
    assert.match(result.stdout, /\n {2}phoneNumbers: 2\n/);
    assert.deepEqual(await listed(alice), []);
    assert.deepEqual(await listed(bob), ['+12065551310']);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const refusal = await rejection(spend(alice));
      if (refusal.name === 'NotFoundException') break;
      assert.equal(refusal.name, 'ThrottledClientException');
      assert.ok(Date.now() < deadline, 'the server never refilled the reset account');
      await sleep(100);
    }
    assert.equal((await rejection(spend(bob))).name, 'ThrottledClientException', "Bob's bucket is untouched");
  });

  it('on a terminal: a wrong answer removes nothing, typing reset removes every account\'s resources', { skip: existsSync(SCRIPT) ? false : `${SCRIPT} (util-linux) is not installed` }, async () => {
    const wrong = await dialtoneOnTerminal(['reset'], env, 'yes');
    assert.equal(wrong.code, 1, wrong.screen);
    assert.match(wrong.screen, /This removes every order, phone number, voice connector, group, SIP media application and SIP rule of every account in \S+; accounts and access keys stay\./);
    assert.match(wrong.screen, /dialtone: reset: not confirmed; nothing was removed/);
    assert.deepEqual(await listed(bob), ['+12065551310']);

    const confirmed = await dialtoneOnTerminal(['reset', '--json'], env, 'reset');
    assert.equal(confirmed.code, 0, confirmed.screen);
    assert.match(confirmed.screen, /"reset": "all"/);
    assert.match(confirmed.screen, /"phoneNumbers": 1/);
    assert.deepEqual(await listed(bob), []);

    const byAccount = await dialtoneOnTerminal(['reset', '--account', BOB.accountId], env, BOB.accountId);
    assert.equal(byAccount.code, 0, byAccount.screen);
    assert.match(byAccount.screen, /Type 222222222222 to go on:/);
  });
});

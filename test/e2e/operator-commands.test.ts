/**
 * The operator's commands through the real process (the bundle, as the npm package runs it): `--version`, the
 * `serve` flags that stand for environment variables, `dialtone status` against a running server and a port where
 * none answers, and `dialtone backup` of a database that is being written, served again by a new server.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreatePhoneNumberOrderCommand, GetPhoneNumberOrderCommand, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { dialtoneBundle, removeDialtoneBundle, startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { ALICE, chimeClient, writeAccountsConfig } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const COMMAND_TIMEOUT_MS = 30_000;
/** Orders stay Processing (nothing changes them between the original and the restored server); no throttling. */
const STEADY = { carrier: { latencyMs: 600_000 }, throttling: { enabled: false }, limits: { maxProcessingOrdersPerAccount: 100_000 } };

const servers = new Set<BundledDialtone>();
const dirs: string[] = [];

after(async () => {
  await Promise.all([...servers].map((s) => stopBundled(s, 'SIGKILL')));
  await removeDialtoneBundle();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-operator-'));
  dirs.push(dir);
  return dir;
}

async function serve(env: Record<string, string>, args: string[] = ['serve']): Promise<BundledDialtone> {
  const server = await startBundled({ LOG_LEVEL: 'warn', ...env }, COMMAND_TIMEOUT_MS, 'bundle', args);
  servers.add(server);
  return server;
}

async function stop(server: BundledDialtone): Promise<void> {
  const exit = await stopBundled(server);
  servers.delete(server);
  assert.deepEqual(exit, { code: 0, signal: null }, server.output());
}

/** Runs `dialtone ARGS` to its end with only `env` (and PATH, HOME). */
async function dialtone(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const bundle = await dialtoneBundle();
  return new Promise((resolve, reject) => {
    const fullEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env };
    execFile(process.execPath, [bundle, ...args], { env: fullEnv, timeout: COMMAND_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`dialtone ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** A port on 127.0.0.1 where nothing listens (one the system just handed out and took back). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('dialtone --version and the serve flags', () => {
  it('prints the version of package.json', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await dialtone([flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${VERSION}\n`);
    }
    const help = await dialtone(['--help']);
    for (const text of ['--port N', '--host ADDRESS', '--data-dir DIR', '--config FILE', 'dialtone status', 'dialtone backup FILE', '--version']) {
      assert.ok(help.stdout.includes(text), `--help lacks ${text}`);
    }
  });

  it('--port, --host, --data-dir and --config win over PORT, HOST, DATA_DIR and DIALTONE_CONFIG', async () => {
    const dir = tempDir();
    const config = writeAccountsConfig(dir);
    const env = { PORT: 'not-a-port', HOST: 'not-an-address', DATA_DIR: join(dir, 'from-env'), DIALTONE_CONFIG: join(dir, 'missing.json') };
    const server = await serve(env, ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', join(dir, 'from-flag'), '--config', config]);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.output().includes(`data: ${join(dir, 'from-flag')}`), server.output());
    assert.ok(server.output().includes(`account ${ALICE.accountId}`), 'the --config file was read');
    assert.ok(existsSync(join(dir, 'from-flag', 'dialtone.sqlite')));
    assert.ok(!existsSync(join(dir, 'from-env')));
    await stop(server);
  });

  it('names the flag in a configuration error', async () => {
    const r = await dialtone(['serve', '--port', 'abc'], { DATA_DIR: tempDir() });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "dialtone: --port: 'abc' is not a port number (0-65535)\n");
    const missing = await dialtone(['serve', '--config', '/nonexistent/dialtone.json'], { DATA_DIR: tempDir() });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^dialtone: --config: cannot read \/nonexistent\/dialtone\.json/);
  });
});

describe('dialtone status', () => {
  it('reports version, database and pending work of a running server; exit 1 where none answers', async () => {
    const dir = tempDir();
    const server = await serve({ DATA_DIR: dir, DIALTONE_CONFIG: writeAccountsConfig(dir, STEADY) });
    const client = chimeClient(server);
    for (const n of ['+12065550100', '+12065550101']) {
      await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [n] }));
    }
    const human = await dialtone(['status', '--url', server.url]);
    assert.equal(human.code, 0, human.stderr);
    assert.ok(human.stdout.startsWith(`dialtone ${VERSION} is up at ${server.url}\n`), human.stdout);
    assert.match(human.stdout, /database: sqlite/);
    assert.match(human.stdout, /pending: 2 orders Processing, 2 jobs/);
    assert.match(human.stdout, new RegExp(`process: pid ${server.child.pid}\n`));

    const port = new URL(server.url).port;
    const json = await dialtone(['status', '--json'], { HOST: '127.0.0.1', PORT: port });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual({ ...report, uptimeSeconds: 0 }, {
      status: 'ok',
      version: VERSION,
      database: 'sqlite',
      worker: 'running',
      uptimeSeconds: 0,
      pid: server.child.pid,
      processes: 1,
      pending: { ordersProcessing: 2, jobs: 2 },
    });
    const flagged = await dialtone(['status', '--port', port], { PORT: '1' });
    assert.equal(flagged.code, 0, flagged.stderr);
    await stop(server);

    const closed = await closedPort();
    const down = await dialtone(['status'], { PORT: String(closed) });
    assert.equal(down.code, 1);
    assert.equal(down.stdout, '');
    assert.equal(down.stderr, `dialtone: no server answers at http://127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed})\n`);
  });
});

describe('dialtone backup', () => {
  it('copies the database while creates run; a new server on the copy serves the same orders', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const server = await serve({ DATA_DIR: data, DIALTONE_CONFIG: writeAccountsConfig(dir, STEADY) });
    const client = chimeClient(server);
    const answered: string[] = [];
    let next = 0;
    let creating = true;
    const creator = async (): Promise<void> => {
      while (creating) {
        const number = `+1206555${String(next++).padStart(4, '0')}`;
        try {
          const { PhoneNumberOrder } = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }));
          answered.push(PhoneNumberOrder!.PhoneNumberOrderId!);
        } catch (error) {
          // Shed on a loaded machine (event-loop lag): nothing was created; the next number is tried.
          if ((error as { name?: string }).name !== 'ServiceUnavailableException') {
            creating = false;
            throw error;
          }
        }
      }
    };
    const creators = [creator(), creator(), creator()];
    // A creator that fails stops the others, so that the test fails at once instead of at the file's timeout.
    const settled = Promise.all(creators);
    settled.catch(() => undefined);
    const backup = join(dir, 'backup.sqlite');
    let before = new Set<string>();
    try {
      while (answered.length < 30 && creating) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!creating) await settled;
      before = new Set(answered);
      const r = await dialtone(['backup', backup, '--data-dir', data]);
      const afterBackup = answered.length;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^dialtone: backed up .*dialtone\.sqlite to .*backup\.sqlite \(\d+ pages\) in \d+\.\d s\n$/);
      while (answered.length < afterBackup + 10 && creating) await new Promise((resolve) => setTimeout(resolve, 50));
      creating = false;
      await settled;
    } finally {
      creating = false;
    }

    const again = await dialtone(['backup', backup, '--data-dir', data]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /backup\.sqlite exists; it is not overwritten/);

    const copy = new Database(backup, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();

    // A new server on the copy alone: every order answered before the backup started is there, as the original serves it.
    const restoredDir = join(dir, 'restored');
    const restoredData = join(restoredDir, 'data');
    mkdirSync(restoredData, { recursive: true });
    copyFileSync(backup, join(restoredData, 'dialtone.sqlite'));
    const restored = await serve({ DATA_DIR: restoredData, DIALTONE_CONFIG: writeAccountsConfig(restoredDir, STEADY) });
    const restoredClient = chimeClient(restored);
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await restoredClient.send(new ListPhoneNumberOrdersCommand({ MaxResults: 99, NextToken: token }));
      listed.push(...(page.PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId!));
      token = page.NextToken;
    } while (token);
    for (const id of before) assert.ok(listed.includes(id), `order ${id} answered before the backup is missing from it`);
    assert.ok(listed.every((id) => answered.includes(id)), 'the copy holds only orders the server stored');
    assert.ok(listed.length < answered.length, `the copy (${listed.length} orders) predates the creates after it (${answered.length})`);
    for (const id of listed) {
      const [original, copied] = await Promise.all([
        client.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: id })),
        restoredClient.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: id })),
      ]);
      assert.deepEqual(copied.PhoneNumberOrder, original.PhoneNumberOrder);
    }
    await Promise.all([stop(server), stop(restored)]);
  });

  it('refuses with PostgreSQL configured, pointing at pg_dump', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'placeholder'), '');
    const r = await dialtone(['backup', join(dir, 'backup.sqlite')], { DATA_DIR: dir, DATABASE_URL: 'postgres://dialtone:secret@127.0.0.1:5432/dialtone' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the state is in PostgreSQL \(postgres:\/\/dialtone@127\.0\.0\.1:5432\/dialtone\).*use pg_dump/);
    assert.ok(!r.stderr.includes('secret'));
    assert.ok(!existsSync(join(dir, 'backup.sqlite')));
  });
});

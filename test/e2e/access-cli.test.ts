/**
 * `dialtone accounts …` and `dialtone keys …` as a user runs them (the bundle that `npm start` and the npm package
 * run, as a real process on a temp DATA_DIR; it starts in a fraction of the CPU time of bin/dialtone.js through tsx),
 * with the keys they print used through the real JS SDK against a server on the same DATA_DIR: changes apply to the
 * running server within the cache TTL; disable → 401, rotate (with and without grace), suspend → 403, delete.
 * Secrets are not readable from a copy of the database files.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { eventually } from '../support/phone-numbers.ts';
import { ALICE, chimeClient, freshDataDir, startTestServer, writeAccountsConfig, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

describe('dialtone accounts / keys on a running server', () => {
  const dataDir = freshDataDir();
  const config = { access: { cacheTtlMs: 100 } };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DATA_DIR: dataDir, DIALTONE_CONFIG: writeAccountsConfig(dataDir, config) };
  let server: TestServer;
  let bundle: string;
  const secrets: string[] = [];

  /** Runs the CLI with --json; resolves with its parsed output, or rejects with its stderr. */
  async function cli(...args: string[]): Promise<unknown> {
    const { stdout } = await run(process.execPath, [bundle, ...args, '--json'], { env, timeout: 30_000 });
    return JSON.parse(stdout) as unknown;
  }
  async function cliFails(...args: string[]): Promise<string> {
    try {
      await run(process.execPath, [bundle, ...args], { env, timeout: 30_000 });
    } catch (error) {
      const e = error as { code?: number; stderr?: string };
      assert.equal(e.code, 1);
      return e.stderr ?? '';
    }
    return assert.fail(`dialtone ${args.join(' ')} should have failed`);
  }
  const status = async (key: { accessKeyId: string; secretAccessKey: string }): Promise<string | number> => {
    const client = chimeClient({ url: server.url }, key);
    try {
      const out = await client.send(new ListPhoneNumberOrdersCommand({}));
      return out.$metadata.httpStatusCode!;
    } catch (error) {
      return (error as Error).name;
    } finally {
      client.destroy();
    }
  };

  before(async () => {
    bundle = await dialtoneBundle();
    server = await startTestServer({ dataDir, config });
  });
  after(async () => {
    await server.close();
    await removeDialtoneBundle();
  });

  it('creates an account and a key whose secret works through the SDK at once', async () => {
    const account = (await cli('accounts', 'create', '444444444444', '--limit', 'maxPhoneNumbersPerAccount=50')) as Record<string, unknown>;
    assert.deepEqual(account, { accountId: '444444444444', enabled: true, origin: 'cli', limits: { maxPhoneNumbersPerAccount: 50 } });
    const key = (await cli('keys', 'create', '--account', '444444444444')) as Key;
    assert.match(key.accessKeyId, /^AKID[A-Z2-7]{16}$/);
    assert.equal(key.secretAccessKey.length, 40);
    secrets.push(key.secretAccessKey);
    assert.equal(await status(key), 200);
    const generated = (await cli('accounts', 'create')) as { accountId: string };
    assert.match(generated.accountId, /^[1-9]\d{11}$/);
    const list = (await cli('accounts', 'list')) as { accountId: string; origin: string; keys: number }[];
    assert.deepEqual(
      list.map((a) => [a.accountId, a.origin, a.keys]),
      [['000000000000', 'config', 1], ['111111111111', 'config', 1], ['222222222222', 'config', 1], ['444444444444', 'cli', 1], [generated.accountId, 'cli', 0]].sort(),
    );
  });

  it('disable → UnauthorizedClientException 401; enable → works again; within the cache TTL of the running server', async () => {
    const key = (await cli('keys', 'create', '--account', '444444444444')) as Key;
    secrets.push(key.secretAccessKey);
    assert.equal(await status(key), 200);
    await cli('keys', 'disable', key.accessKeyId);
    await eventually(async () => assert.equal(await status(key), 'UnauthorizedClientException'), 3000);
    await cli('keys', 'enable', key.accessKeyId);
    await eventually(async () => assert.equal(await status(key), 200), 3000);
  });

  it('rotate: a new secret for the same key id; the old one stops at once, or after --grace seconds', async () => {
    const key = (await cli('keys', 'create', '--account', '444444444444')) as Key;
    const rotated = (await cli('keys', 'rotate', key.accessKeyId)) as Key & { previousSecretValidUntil: string | null };
    secrets.push(key.secretAccessKey, rotated.secretAccessKey);
    assert.equal(rotated.accessKeyId, key.accessKeyId);
    assert.notEqual(rotated.secretAccessKey, key.secretAccessKey);
    assert.equal(rotated.previousSecretValidUntil, null);
    await eventually(async () => assert.equal(await status(key), 'InvalidSignatureException'), 3000);
    assert.equal(await status(rotated), 200);
    const graced = (await cli('keys', 'rotate', key.accessKeyId, '--grace', '60')) as Key & { previousSecretValidUntil: string };
    secrets.push(graced.secretAccessKey);
    assert.ok(Date.parse(graced.previousSecretValidUntil) > Date.now() + 50_000);
    await eventually(async () => assert.equal(await status(graced), 200), 3000);
    assert.equal(await status(rotated), 200, 'the former secret works during the grace period');
    assert.equal(await status(key), 'InvalidSignatureException', 'the secret before it does not');
    const listed = (await cli('keys', 'list', '--account', '444444444444')) as { accessKeyId: string; previousSecretValidUntil?: string }[];
    assert.ok(listed.find((k) => k.accessKeyId === key.accessKeyId)?.previousSecretValidUntil);
    assert.ok(!JSON.stringify(listed).includes(graced.secretAccessKey), 'keys list never shows a secret');
  });

  it('keys for a configuration-file account; allow/deny from the command line', async () => {
    const key = (await cli('keys', 'create', '--account', ALICE.accountId, '--allow', 'chime:Get*,chime:List*', '--deny', 'chime:ListPhoneNumbers')) as Key & { allow: string[]; deny: string[] };
    secrets.push(key.secretAccessKey);
    assert.deepEqual(key.allow, ['chime:Get*', 'chime:List*']);
    assert.deepEqual(key.deny, ['chime:ListPhoneNumbers']);
    assert.equal(await status(key), 200);
    assert.match(await cliFails('keys', 'create', '--account', ALICE.accountId, '--allow', 'chime:Get Order'), /not an action/);
  });

  it('suspend → ForbiddenException 403; resume; delete → UnrecognizedClientException', async () => {
    await cli('accounts', 'create', '555555555555');
    const key = (await cli('keys', 'create', '--account', '555555555555')) as Key;
    secrets.push(key.secretAccessKey);
    assert.equal(await status(key), 200);
    assert.deepEqual(await cli('accounts', 'suspend', '555555555555'), { accountId: '555555555555', enabled: false });
    await eventually(async () => assert.equal(await status(key), 'ForbiddenException'), 3000);
    await cli('accounts', 'resume', '555555555555');
    await eventually(async () => assert.equal(await status(key), 200), 3000);
    assert.deepEqual(await cli('keys', 'delete', key.accessKeyId), { accessKeyId: key.accessKeyId, accountId: '555555555555', deleted: true });
    await eventually(async () => assert.equal(await status(key), 'UnrecognizedClientException'), 3000);
  });

  it('refuses to change what the configuration file defines, and unknown ids, with exit status 1', async () => {
    assert.match(await cliFails('keys', 'disable', 'test'), /access key test is defined in the configuration file/);
    assert.match(await cliFails('accounts', 'suspend', ALICE.accountId), /defined in the configuration file: set "enabled": false there/);
    assert.match(await cliFails('accounts', 'create', ALICE.accountId), /defined in the configuration file/);
    assert.match(await cliFails('accounts', 'create', '444444444444'), /already exists/);
    assert.match(await cliFails('keys', 'create', '--account', '999999999999'), /no account 999999999999/);
    assert.match(await cliFails('keys', 'rotate', 'AKIDNOSUCHKEY'), /no access key AKIDNOSUCHKEY/);
    assert.match(await cliFails('keys', 'frobnicate'), /unknown command 'keys frobnicate'/);
  });

  it('prints readable tables without --json', async () => {
    const { stdout } = await run(process.execPath, [bundle, 'keys', 'list'], { env, timeout: 30_000 });
    assert.match(stdout, /^accessKeyId\s+accountId\s+enabled\s+origin/);
    assert.match(stdout, /AKIDALICE\s+111111111111\s+true\s+config/);
  });

  it('keeps secrets out of the database files: a copy of them alone reveals none', () => {
    assert.ok(secrets.length >= 6);
    const files = readdirSync(dataDir).filter((f) => f.startsWith('dialtone.sqlite'));
    assert.ok(files.length >= 1);
    for (const file of files) {
      const bytes = readFileSync(join(dataDir, file));
      for (const secret of secrets) {
        assert.equal(bytes.indexOf(secret), -1, `${file} holds a secret in the clear`);
        assert.equal(bytes.indexOf(Buffer.from(secret, 'utf16le')), -1);
      }
    }
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
  });
});

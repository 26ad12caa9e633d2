/**
 * `npm run fuzz`: sends mutated requests (default 100,000) to dialtone started as a child process on 127.0.0.1 — the
 * bundle `npm start` runs, a fresh data directory, the test clock on, throttling off so that requests reach the
 * handlers — and reports requests/s, the answers by status and by answering API, the server's RSS before and after,
 * and every finding with what reproduces it. Never part of `npm test`.
 *
 * Requests (test/fuzz/model-requests.ts): every operation of both AWS models in spec/, dialtone's hand-written
 * templates and, rarely, the operator endpoints (moving the test clock forward by up to a month) as seeds, mutated in method, path, query, headers, body, encoding and length, signed after mutation or
 * unsigned, with a wrong secret or tampered with, behind the `/chime-sdk-voice` or `/chime` path prefix or none. Request
 * `i` of seed `s` is generated from (s, i) alone: `--replay i` sends it again.
 *
 * Findings (exit code 1): an answer 5xx; no answer within the deadline (a hang); a connection closed without an
 * answer; the server process ending (a crash: it is restarted on the same data directory and the run goes on); an
 * error answer without `x-amzn-ErrorType` or without a JSON body carrying `Code` and `Message`; a JSON answer that
 * does not parse, or with a `…Timestamp` an SDK cannot read (not ISO 8601 with a four-digit year); the server not
 * stopping with exit code 0 on SIGTERM; an inconsistent database afterwards.
 *
 * Usage: npm run fuzz -- [--seed N] [--requests N] [--concurrency N] [--deadline-ms N] [--max-seconds N]
 *                        [--replay I,J,...] [--entry bundle|sources] [--throttling] [--postgres] [--workers N] [--out DIR]
 *
 * `--postgres` runs the server on a database of an embedded PostgreSQL cluster (`DATABASE_URL`) instead of its SQLite
 * file, and checks that database afterwards. `--workers N` runs it as `serve --workers N` (N processes on one port).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { RssSampler, readMem } from '../../bench/proc.ts';
import { removeDialtoneBundle, startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { wireBytes } from '../support/fuzz-requests.ts';
import { orderConsistencyChecks } from '../support/consistency-checks.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { freshDataDir, keepDataDir, writeAccountsConfig } from '../support/server.ts';
import { exchange, type Exchange } from './exchange.ts';
import { modelTemplates, seededRequests, type Seeded } from './model-requests.ts';

const HELP = `npm run fuzz -- [options]

  --seed N            seed of the requests (default: from the clock, printed); the same seed sends the same requests
  --requests N        how many requests (default 100000)
  --concurrency N     requests in flight at once, each on its own connection (default 32)
  --deadline-ms N     an answer must come within this (default 15000); none is a hang
  --max-seconds N     stop sending after this long, whatever --requests says (default 1800)
  --replay I,J        send only requests I, J (of --seed) to a fresh server, one at a time, and show the answers
  --entry E           bundle (default: what npm start runs) or sources (bin/dialtone.js through tsx)
  --throttling        keep the server's throttling and its shedding for event-loop lag on (default off, so that
                      requests reach the handlers)
  --postgres          run the server on an embedded PostgreSQL cluster (DATABASE_URL) instead of SQLite
  --workers N         run the server as N processes on its port (serve --workers N; default 1)
  --out DIR           where report.json and the findings' request bytes go (default: a temp directory)
`;

const BATCH = 100;
/** How long the server under fuzz keeps finished orders (its default, said here for the database check). */
const ORDER_RETENTION_DAYS = 90;
const DETAILS_PER_KIND = 25;

type FindingKind =
  | '5xx'
  | 'hang'
  | 'no-answer'
  | 'refused'
  | 'crash'
  | 'error-without-type'
  | 'error-body-not-json'
  | 'error-body-shape'
  | 'json-not-parsing'
  | 'bad-timestamp'
  | 'stop'
  | 'database';

interface Finding {
  kind: FindingKind;
  index?: number;
  seed?: string;
  detail: string;
  request?: string;
  file?: string;
}

interface Options {
  seed: number;
  requests: number;
  concurrency: number;
  deadlineMs: number;
  maxSeconds: number;
  replay?: number[];
  entry: 'bundle' | 'sources';
  throttling: boolean;
  postgres: boolean;
  workers: number;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      'deadline-ms': { type: 'string' },
      'max-seconds': { type: 'string' },
      replay: { type: 'string' },
      entry: { type: 'string' },
      throttling: { type: 'boolean' },
      postgres: { type: 'boolean' },
      workers: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const int = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}, not ${value}`);
    return n;
  };
  const seed = int('seed', values.seed, Date.now() % 2 ** 31, -(2 ** 31));
  if (seed >= 2 ** 31) throw new Error('--seed must fit in 32 bits');
  const entry = values.entry ?? 'bundle';
  if (entry !== 'bundle' && entry !== 'sources') throw new Error(`--entry must be bundle or sources, not ${entry}`);
  return {
    seed,
    requests: int('requests', values.requests, 100_000, 1),
    concurrency: int('concurrency', values.concurrency, 32, 1),
    deadlineMs: int('deadline-ms', values['deadline-ms'], 15_000, 100),
    maxSeconds: int('max-seconds', values['max-seconds'], 1800, 1),
    ...(values.replay === undefined ? {} : { replay: values.replay.split(',').map((i) => int('replay', i, 0, 0)) }),
    entry,
    throttling: values.throttling ?? false,
    postgres: values.postgres ?? false,
    workers: int('workers', values.workers, 1, 1),
    out: values.out ?? join(tmpdir(), `dialtone-fuzz-${seed}`),
  };
}

/** Generates request `index` of `seed`: batches of 100 share one fast-check seed derived from (seed, batch). */
class Generator {
  readonly #arbitrary = seededRequests({ longerWeight: 1 });
  readonly #seed: number;
  #batch = -1;
  #values: Seeded[] = [];

  constructor(seed: number) {
    this.#seed = seed;
  }

  at(index: number): Seeded {
    const batch = Math.floor(index / BATCH);
    if (batch !== this.#batch) {
      const seed = createHash('sha256').update(`${this.#seed}:${batch}`).digest().readInt32BE(0);
      this.#values = fc.sample(this.#arbitrary, { seed, numRuns: BATCH });
      this.#batch = batch;
    }
    return this.#values[index % BATCH]!;
  }
}

/** The request as text for a report: request line and headers as sent, the body escaped and cut. */
function describeBytes(bytes: Buffer): string {
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1');
  const body = end < 0 ? Buffer.alloc(0) : bytes.subarray(end + 4);
  const shown = JSON.stringify(body.subarray(0, 600).toString('latin1'));
  return `${head.replace(/\r\n/g, '\n')}\n\nbody (${body.length} bytes): ${shown}${body.length > 600 ? ' …' : ''}`;
}

/** What is wrong with an answer, or undefined. */
function judge(method: string, answer: Extract<Exchange, { kind: 'answer' }>): { kind: FindingKind; detail: string } | undefined {
  const { status, headers, body } = answer;
  const summary = `${status} ${headers['x-amzn-errortype'] ?? ''} ${body.slice(0, 300)}`;
  if (status >= 500) return { kind: '5xx', detail: summary };
  if (method === 'HEAD') return undefined;
  if (status >= 400) {
    if (!headers['x-amzn-errortype']) return { kind: 'error-without-type', detail: summary };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { kind: 'error-body-not-json', detail: summary };
    }
    const { Code, Message } = (parsed ?? {}) as { Code?: unknown; Message?: unknown };
    if (typeof Code !== 'string' || typeof Message !== 'string') return { kind: 'error-body-shape', detail: summary };
    return undefined;
  }
  if (body.length > 0 && /json/.test(headers['content-type'] ?? '')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { kind: 'json-not-parsing', detail: summary };
    }
    const timestamp = badTimestamp(parsed);
    if (timestamp !== undefined) return { kind: 'bad-timestamp', detail: `${status} ${timestamp}: ${body.slice(0, 300)}` };
  }
  return undefined;
}

/** ISO 8601 as the models' `Iso8601Timestamp` members are read by the SDKs: a four-digit year, UTC. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The first `…Timestamp` (or `FocDate`) member of an answer that an SDK could not read, as `Member=value`. */
function badTimestamp(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = badTimestamp(item);
      if (bad !== undefined) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if ((/Timestamp$/.test(key) || key === 'FocDate') && (typeof item !== 'string' || !ISO_8601.test(item))) return `${key}=${JSON.stringify(item)}`;
      const bad = badTimestamp(item);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/** The server under fuzz: restarted on the same data directory when it ends unexpectedly. */
class Server {
  readonly dataDir = freshDataDir();
  readonly env: Record<string, string>;
  proc!: BundledDialtone;
  /** Resolves while the server is up; replaced by a pending promise while it restarts after a crash. */
  ready: Promise<void> = Promise.resolve();
  crashes = 0;
  #stopping = false;

  constructor(
    readonly entry: 'bundle' | 'sources',
    throttling: boolean,
    readonly onCrash: (how: string, output: string) => void,
    /** A PostgreSQL database to run on instead of the SQLite file in the data directory. */
    readonly databaseUrl?: string,
    workers = 1,
  ) {
    this.env = {
      DATA_DIR: this.dataDir,
      ...(workers > 1 ? { DIALTONE_WORKERS: String(workers) } : {}),
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') }),
      LOG_LEVEL: 'warn',
      DIALTONE_CLOCK_CONTROL: 'true',
      DIALTONE_CONFIG: writeAccountsConfig(this.dataDir, {
        ...(throttling ? {} : { throttling: { enabled: false } }),
        carrier: { latencyMs: 0, failRate: 0.2 },
        fulfilment: { idleMs: 10 },
        phoneNumbers: { sweepIntervalMs: 100 },
        orders: { retentionDays: ORDER_RETENTION_DAYS },
        // Shedding for event-loop lag is overload protection, like throttling: off with it, so that a GC pause on a
        // loaded machine is not reported as a 503 finding.
        http: { headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 5000, ...(throttling ? {} : { maxEventLoopLagMs: 0 }) },
      }),
    };
  }

  get url(): URL {
    return new URL(this.proc.url);
  }

  async start(): Promise<void> {
    this.proc = await startBundled(this.env, 60_000, this.entry);
    const proc = this.proc;
    // With --workers, the supervisor starts a worker that ended again and logs it: each such line is a crash too.
    let partial = '';
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"msg":"worker exited; restarting it"')) continue;
        this.crashes += 1;
        this.onCrash('had a worker process end', line);
      }
    });
    void proc.exited.then(({ code, signal }) => {
      if (this.#stopping || proc !== this.proc) return;
      this.crashes += 1;
      this.onCrash(`exited with ${code ?? signal}`, proc.output(4000));
      this.ready = this.start();
    });
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.#stopping = true;
    return stopBundled(this.proc, 'SIGTERM', 30_000);
  }
}

/** Counts the rows a query answers as `n`, in the database a stopped server leaves; `close` ends the connection. */
interface Counter {
  count(sql: string): Promise<number>;
  close(): Promise<void>;
}

async function openCounter(server: Server): Promise<Counter> {
  if (server.databaseUrl !== undefined) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    return {
      count: async (sql) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n),
      close: () => client.end(),
    };
  }
  const db = new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true });
  return {
    count: async (sql) => (db.prepare(sql).get() as { n: number }).n,
    close: async () => void db.close(),
  };
}

/** Checks the database a stopped server leaves (as test/e2e/fuzz.test.ts does); answers what is wrong. */
async function checkDatabase(server: Server): Promise<string[]> {
  const db = await openCounter(server);
  try {
    const retainedSince = await db.count(
      `select ${Date.now()} + coalesce((select cast(value as bigint) from meta where name = 'test-clock-offset-ms'), 0) - ${ORDER_RETENTION_DAYS * 86_400_000} as n`,
    );
    // The operator endpoints move the test clock by months: a number may keep the id of an order the retention deleted.
    const checks = orderConsistencyChecks(retainedSince);
    const found: string[] = [];
    for (const [what, sql] of checks) {
      const count = await db.count(sql);
      if (count > 0) found.push(`${count} ${what}`);
    }
    return found;
  } finally {
    await db.close();
  }
}

const kib = (k: number | undefined): string => (k === undefined || !Number.isFinite(k) ? '?' : `${(k / 1024).toFixed(1)} MiB`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  mkdirSync(join(options.out, 'findings'), { recursive: true });
  const generator = new Generator(options.seed);
  const findings: Finding[] = [];
  const kinds = new Map<FindingKind, number>();
  const inFlight = new Set<number>();
  const addFinding = (finding: Finding, bytes?: Buffer): void => {
    const seen = kinds.get(finding.kind) ?? 0;
    kinds.set(finding.kind, seen + 1);
    if (seen >= DETAILS_PER_KIND) return;
    if (bytes && finding.index !== undefined) {
      finding.file = join(options.out, 'findings', `${finding.kind}-${finding.index}.bin`);
      writeFileSync(finding.file, bytes);
      finding.request = describeBytes(bytes);
    }
    findings.push(finding);
    process.stdout.write(`\nFINDING ${finding.kind}${finding.index === undefined ? '' : ` at request ${finding.index}`}: ${finding.detail.slice(0, 300)}\n`);
  };

  const databaseUrl = options.postgres ? await freshDatabase('fuzz') : undefined;
  const server = new Server(
    options.entry,
    options.throttling,
    (how, output) => addFinding({ kind: 'crash', detail: `the server ${how} with requests ${[...inFlight].sort((a, b) => a - b).join(', ')} in flight\n${output}` }),
    databaseUrl,
    options.workers,
  );
  // However the run ends, the server it started ends with it.
  process.on('exit', () => {
    if (server.proc?.alive()) server.proc.child.kill('SIGKILL');
  });
  const seeds = modelTemplates().length;
  console.log(`fuzz: seed ${options.seed}, ${options.replay ? `replaying ${options.replay.join(', ')}` : `${options.requests} requests`}, ` +
    `concurrency ${options.concurrency}, deadline ${options.deadlineMs} ms, at most ${options.maxSeconds} s; ${seeds} operations of the two models as seeds`);
  console.log(`fuzz: starting dialtone (${options.entry}${options.workers > 1 ? `, ${options.workers} workers` : ''}) on 127.0.0.1, data in ${server.dataDir}${databaseUrl === undefined ? '' : ` and PostgreSQL (${new URL(databaseUrl).pathname.slice(1)} on port ${new URL(databaseUrl).port})`}`);
  await server.start();
  await sleep(1000);
  const rssBefore = readMem(server.proc.pid);
  const sampler = new RssSampler(server.proc.pid, 250);

  const statuses = new Map<string, number>();
  const apis = new Map<string, number>();
  const sources = new Map<string, number>();
  const auths = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  let sent = 0;
  let slowest = 0;

  const sendOne = async (index: number, verbose: boolean): Promise<void> => {
    const { seed, request } = generator.at(index);
    inFlight.add(index);
    try {
      let result: Exchange;
      let bytes: Buffer;
      for (let attempt = 0; ; attempt++) {
        await server.ready;
        const proc = server.proc;
        const url = server.url;
        const host = `${url.hostname}:${url.port}`;
        const headers = request.headers.map(([k, v]) => [k, v.replace('{port}', url.port)] as [string, string]);
        bytes = wireBytes({ ...request, headers }, host, new Date());
        result = await exchange(url.hostname, Number(url.port), bytes, options.deadlineMs);
        // Refused or cut because the server died: the crash is the finding; send the request again once it is back.
        if (result.kind !== 'answer' && attempt < 3) {
          await sleep(500);
          if (!proc.alive() || server.proc !== proc) continue;
        }
        break;
      }
      sent += 1;
      bump(sources, seed === 'implemented' ? 'hand-written templates' : seed.startsWith('operator:') ? 'operator endpoints' : `${seed.split(':')[0]} model`);
      bump(auths, request.auth);
      slowest = Math.max(slowest, result.ms);
      if (verbose) console.log(`\n#${index} (${seed})\n${describeBytes(bytes)}\n→ ${JSON.stringify(result).slice(0, 2000)}`);
      if (result.kind === 'answer') {
        bump(statuses, String(result.status));
        bump(apis, result.headers['x-dialtone-api'] ?? '(none)');
        const wrong = judge(request.method, result);
        if (wrong) addFinding({ ...wrong, index, seed }, bytes);
      } else {
        bump(statuses, result.kind);
        const kind: FindingKind = result.kind === 'closed' ? 'no-answer' : result.kind;
        addFinding({ kind, index, seed, detail: `${result.kind} after ${result.ms} ms${'bytes' in result ? ` (${result.bytes} bytes received)` : ''}${'code' in result ? ` (${result.code})` : ''}` }, bytes);
      }
    } finally {
      inFlight.delete(index);
    }
  };

  const started = performance.now();
  const stopAt = Date.now() + options.maxSeconds * 1000;
  let timedOut = false;
  // Whatever happens, the run ends: a watchdog past the time limit reports what it has and exits.
  const watchdog = setTimeout(() => {
    console.error(`\nfuzz: still running ${options.maxSeconds + 120} s after the start; giving up`);
    server.proc.child.kill('SIGKILL');
    process.exit(1);
  }, (options.maxSeconds + 120) * 1000);
  watchdog.unref();
  const progress = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`fuzz: ${sent} sent, ${(sent / seconds).toFixed(0)} req/s, findings ${JSON.stringify(Object.fromEntries(kinds))}, RSS ${kib(readMem(server.proc.pid)?.rssKiB)}\n`);
  }, 15_000);

  if (options.replay) {
    for (const index of options.replay) await sendOne(index, true);
  } else {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < options.requests) {
        if (Date.now() > stopAt) {
          timedOut = true;
          return;
        }
        await sendOne(next++, false);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(progress);

  // Let fulfilment and the sweep finish what the requests started, then measure and stop.
  await sleep(2000);
  const health = await fetch(new URL('/_dialtone/health', server.url)).then((r) => r.status, (e: Error) => e.message);
  if (health !== 200) addFinding({ kind: 'crash', detail: `GET /_dialtone/health after the run answered ${health}` });
  const rssAfter = readMem(server.proc.pid);
  const peak = sampler.stop();
  const ended = await server.stop();
  if (ended.code !== 0) addFinding({ kind: 'stop', detail: `SIGTERM ended the server with ${ended.code ?? ended.signal}, not exit code 0\n${server.proc.output(2000)}` });
  for (const problem of await checkDatabase(server)) addFinding({ kind: 'database', detail: problem });
  // The embedded cluster goes with its files, findings or not.
  await stopPostgres();
  await removeDialtoneBundle();

  const sorted = (map: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...map].sort(([a], [b]) => (Number(a) || Infinity) - (Number(b) || Infinity) || a.localeCompare(b)));
  const report = {
    seed: options.seed,
    requested: options.replay ? options.replay.length : options.requests,
    sent,
    timedOut,
    seconds: Number(seconds.toFixed(1)),
    requestsPerSecond: Number((sent / seconds).toFixed(1)),
    slowestAnswerMs: slowest,
    statuses: sorted(statuses),
    answeringApi: sorted(apis),
    sources: sorted(sources),
    authentication: sorted(auths),
    rss: { beforeKiB: rssBefore?.rssKiB, afterKiB: rssAfter?.rssKiB, peakKiB: peak.peakRssKiB, hwmKiB: peak.hwmKiB },
    crashes: server.crashes,
    findings: Object.fromEntries(kinds),
    details: findings,
    dataDir: server.dataDir,
  };
  writeFileSync(join(options.out, 'report.json'), JSON.stringify(report, null, 2));

  console.log(`\nfuzz report (seed ${options.seed})`);
  console.log(`  requests   ${sent} of ${report.requested} in ${report.seconds} s: ${report.requestsPerSecond} req/s${timedOut ? ` (stopped at --max-seconds ${options.maxSeconds})` : ''}; slowest answer ${slowest} ms`);
  console.log(`  statuses   ${JSON.stringify(report.statuses)}`);
  console.log(`  api        ${JSON.stringify(report.answeringApi)}`);
  console.log(`  seeds      ${JSON.stringify(report.sources)} (${seeds} operations)`);
  console.log(`  auth       ${JSON.stringify(report.authentication)}`);
  const restarted = server.crashes > 0 ? ' (before and peak: the first process; after: the last one)' : '';
  console.log(`  server RSS before ${kib(rssBefore?.rssKiB)}, after ${kib(rssAfter?.rssKiB)}, peak ${kib(peak.peakRssKiB)}${restarted}; crashes ${server.crashes}; SIGTERM → ${ended.code ?? ended.signal}`);
  const total = [...kinds.values()].reduce((a, b) => a + b, 0);
  if (total === 0) {
    console.log('  findings   none');
  } else {
    console.log(`  findings   ${total}: ${JSON.stringify(report.findings)}`);
    for (const f of findings) {
      console.log(`\n  [${f.kind}]${f.index === undefined ? '' : ` request ${f.index} (${f.seed}); reproduce: npm run fuzz -- --seed ${options.seed} --replay ${f.index}`}`);
      console.log(`    ${f.detail.split('\n').join('\n    ')}`);
      if (f.request) console.log(`    request (bytes in ${f.file}):\n      ${f.request.split('\n').join('\n      ')}`);
    }
  }
  // The data directory is kept for a run with findings (the report names it), removed after a clean one.
  if (total === 0) rmSync(server.dataDir, { recursive: true, force: true });
  else keepDataDir(server.dataDir);
  console.log(`\n  report: ${join(options.out, 'report.json')}${total === 0 ? '' : `; the server's data: ${server.dataDir}`}`);
  return total === 0 ? 0 : 1;
}

// Exit explicitly: the server's pipes and the timers must not keep a finished (or failed) run alive.
process.exit(
  await main().catch((error: unknown) => {
    console.error(error);
    return 2;
  }),
);

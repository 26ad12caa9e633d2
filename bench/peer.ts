/**
 * Issue 14's table measured again on this host: dialtone beside the bare `node:http` ceilings and beside the in-memory
 * peer the issue compared it with, the Twilio emulator of `emulate` 0.8.0 (a devDependency, run from node_modules).
 *
 *   node --import tsx bench/peer.ts [--runs 3] [--duration 10] [--warmup 2] [--connections 50] [--owned 7118]
 *       [--out bench/results/peer.md]
 *
 * The same method as the issue and `npm run bench`: each server pinned to one core and the load generator (this
 * process, autocannon) to the other (pinning.ts), 50 keep-alive connections, a warm-up, then a window; server CPU per
 * request = the server's CPU time in the window ÷ the responses completed in it. Rows:
 * - the ceilings: a bare `node:http` server answering a fixed body to a GET, and to a POST signed like a create;
 * - the emulator buying a number (`POST …/IncomingPhoneNumbers.json`, a fresh number each, basic auth), on a fresh
 *   emulator each run;
 * - dialtone's CreatePhoneNumberOrder of one fresh number (the default carrier, fulfilment running; also its CPU per
 *   order end to end, fulfilment included), GetPhoneNumberOrder, and ListPhoneNumbers of 50 in an account owning
 *   `--owned` numbers (seeded by `dialtone seed`);
 * - the emulator's list of 50 (`GET …/IncomingPhoneNumbers.json?PageSize=50`) of an account owning `--owned` numbers,
 *   bought through its API before the load.
 * The rows alternate run by run; the table gives medians. Loopback only; every load is bounded by its window plus 20 s,
 * the emulator's purchases before its list by 120 s.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { startCeiling } from './ceiling.ts';
import { installExitHandlers, registerTemp, removeTemp, startChild, stopChild } from './children.ts';
import { freePort } from '../test/support/free-port.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { pinBench } from './pinning.ts';
import { REQUEST_SCENARIOS, runCeiling, runRequestScenario, type ScenarioRun } from './scenarios.ts';
import { selfCheck } from './sigv4.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    owned: { type: 'string', default: '7118' },
    out: { type: 'string', default: join(import.meta.dirname, 'results', 'peer.md') },
  },
});
const RUNS = Number(values.runs);
const OWNED = Number(values.owned);
const o = { connections: Number(values.connections), durationS: Number(values.duration), warmupS: Number(values.warmup), orders: 300 };
for (const [name, value] of Object.entries({ runs: RUNS, owned: OWNED, ...o })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: ${value} must be a positive whole number`);
}

/** The emulator's default account and token (emulate's Twilio seeds them when no config is given). */
const ACCOUNT = `AC${'0'.repeat(32)}`;
const CREDENTIALS = Buffer.from(`${ACCOUNT}:twilio_test_auth_token`).toString('base64');
/**
 * emulate answers 403 to a token's 5,001st request within an hour (a rate limit of its own, kept per Authorization
 * value). The same credentials written with more spaces before them (which base64 decoding skips) make another
 * value: each serves at most 4,000 requests, so that a run of tens of thousands is measured as the issue measured it.
 */
let sent = 0;
const authorization = (): string => `Basic${' '.repeat(1 + Math.floor(sent++ / 4_000))}${CREDENTIALS}`;
const NUMBERS_PATH = `/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`;

interface Emulator {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

async function startEmulator(cpu: string | undefined): Promise<Emulator> {
  const bin = fileURLToPath(import.meta.resolve('emulate/cli'));
  const root = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-emulate-')));
  const port = await freePort();
  const started = await startChild({
    args: [bin, 'start', '--service', 'twilio', '--port', String(port)],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root },
    logDir: root,
    urlPattern: /twilio\s+(http:\/\/\S+)/,
    timeoutMs: 20_000,
    ...(cpu !== undefined && { cpu }),
  });
  return {
    pid: started.pid,
    // It prints localhost; the load goes to the loopback address itself, as for the other servers.
    url: started.url.replace('localhost', '127.0.0.1'),
    async stop() {
      await stopChild(started, 2_000);
      removeTemp(root);
    },
  };
}

// autocannon sends the headers given, and only those: the Host header too.
const buy = (url: string, numbers: NumberSource) => (): LoadRequest => ({
  method: 'POST',
  path: NUMBERS_PATH,
  headers: { host: new URL(url).host, authorization: authorization(), 'content-type': 'application/x-www-form-urlencoded' },
  body: `PhoneNumber=${encodeURIComponent(numbers.next())}`,
});

/** Buys `count` numbers through the emulator's API, 20 at a time, within 120 s; throws on any refusal. */
async function buyNumbers(url: string, numbers: NumberSource, count: number): Promise<void> {
  const next = buy(url, numbers);
  const signal = AbortSignal.timeout(120_000);
  let left = count;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      const request = next();
      const headers = { ...request.headers };
      delete headers.host;
      const response = await fetch(url + request.path, { method: 'POST', headers, body: request.body ?? null, signal });
      if (response.status !== 201) throw new Error(`the emulator answered ${response.status} to a purchase: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}

async function emulatorRun(kind: 'buy' | 'list', cpu: string | undefined, numbers: NumberSource): Promise<ScenarioRun> {
  const emulator = await startEmulator(cpu);
  try {
    if (kind === 'list') await buyNumbers(emulator.url, numbers, OWNED);
    const host = new URL(emulator.url).host;
    const next = kind === 'buy' ? buy(emulator.url, numbers) : (): LoadRequest => ({ method: 'GET', path: `${NUMBERS_PATH}?PageSize=50`, headers: { host, authorization: authorization() } });
    const load = await runLoad({ url: emulator.url, ...o, next, budgetMs: (o.warmupS + o.durationS) * 1000 + 20_000, serverPid: emulator.pid });
    return { status: load.timedOut ? 'timeout' : 'ok', load };
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  } finally {
    await emulator.stop();
  }
}

const ROWS = [
  'bare `node:http`, static GET (the ceiling)',
  'bare `node:http`, POST signed like a create',
  'the in-memory Twilio emulator (emulate 0.8.0): buy a number',
  'dialtone `CreatePhoneNumberOrder`, 1 fresh number, default carrier',
  'dialtone `GetPhoneNumberOrder`',
  `dialtone \`ListPhoneNumbers\`, 50 per page, ${OWNED.toLocaleString('en-US')} numbers owned`,
  `the emulator's list, 50 per page, ${OWNED.toLocaleString('en-US')} numbers owned`,
] as const;
type Row = (typeof ROWS)[number];

async function main(): Promise<void> {
  installExitHandlers();
  selfCheck();
  const pinning = pinBench();
  const cpu = pinning.server;
  const entry = await buildBundle();
  const load = { ...o, entry, cpu };
  const dialtoneNumbers = new NumberSource('206');
  const ceilingNumbers = new NumberSource('425');
  const emulatorNumbers = new NumberSource('312');
  const list = { ...REQUEST_SCENARIOS['numbers-list-1k'], title: ROWS[5], seed: { numbers: OWNED } };
  const results = new Map<Row, ScenarioRun[]>(ROWS.map((row) => [row, []]));
  console.log(`peer: ${pinning.server !== undefined ? `servers on CPU ${pinning.server}, load on CPU ${pinning.load}` : `NOT pinned (${pinning.reason})`}; node ${process.version}`);
  for (let run = 1; run <= RUNS; run++) {
    const ceiling = await startCeiling(10_000, cpu);
    try {
      results.get(ROWS[0])!.push(await runCeiling('ceiling-get', ceiling, load, ceilingNumbers));
      results.get(ROWS[1])!.push(await runCeiling('ceiling-post', ceiling, load, ceilingNumbers));
    } finally {
      await ceiling.stop();
    }
    results.get(ROWS[2])!.push(await emulatorRun('buy', cpu, emulatorNumbers));
    results.get(ROWS[3])!.push(await runRequestScenario('create', load, dialtoneNumbers));
    results.get(ROWS[4])!.push(await runRequestScenario('get', load, dialtoneNumbers));
    results.get(ROWS[5])!.push(await runRequestScenario('numbers-list-1k', load, dialtoneNumbers, { scenario: list }));
    results.get(ROWS[6])!.push(await emulatorRun('list', cpu, emulatorNumbers));
    for (const row of ROWS) console.log(`[${run}/${RUNS}] ${describe(results.get(row)!.at(-1)!)}  ${row}`);
  }
  const md = table(results, pinning.server !== undefined);
  console.log(`\n${md}`);
  writeFileSync(values.out, md);
  console.log(`peer: wrote ${values.out}`);
}

function describe(run: ScenarioRun): string {
  const l = run.load;
  if (!l) return `${run.status}: ${run.error?.split('\n')[0] ?? ''}`;
  const e2e = run.endToEnd?.usPerOrder !== undefined ? ` (${run.endToEnd.usPerOrder.toFixed(0)} µs end to end)` : '';
  return `${l.rps.toFixed(0).padStart(6)} req/s ${(l.serverCpuUsPerRequest ?? NaN).toFixed(0).padStart(5)} µs/req${e2e} p99 ${l.p99Ms.toFixed(1)} ms statuses ${JSON.stringify(l.statusCodes)}`;
}

function table(results: Map<Row, ScenarioRun[]>, pinned: boolean): string {
  const fmt = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
  const loads = (runs: ScenarioRun[]): LoadResult[] => runs.flatMap((r) => (r.load && r.status === 'ok' ? [r.load] : []));
  const lines = [
    `# Issue 14's table on this host — ${new Date().toISOString()}`,
    '',
    `node ${process.version}; ${pinned ? 'each server pinned to one core, the load generator to the other' : 'NOT pinned'}; autocannon, ` +
      `${o.connections} connections, ${o.warmupS} s warm-up, ${o.durationS} s window; medians of ${RUNS} run(s), the rows alternated ` +
      '(`node --import tsx bench/peer.ts`).',
    '',
    '| scenario | req/s | server CPU per request | p99 ms | non-2xx | runs (µs/request) |',
    '|---|--:|--:|--:|--:|---|',
  ];
  for (const row of ROWS) {
    const runs = results.get(row)!;
    const ok = loads(runs);
    const cpu = ok.map((l) => l.serverCpuUsPerRequest ?? NaN);
    const e2e = runs.flatMap((r) => (r.endToEnd?.usPerOrder !== undefined ? [r.endToEnd.usPerOrder] : []));
    const cell = `${fmt(median(cpu))} µs${e2e.length > 0 ? ` (${fmt(median(e2e))} µs per order end to end)` : ''}`;
    const failed = runs.length - ok.length;
    lines.push(
      `| ${row} | ${fmt(median(ok.map((l) => l.rps)))} | ${cell} | ${fmt(median(ok.map((l) => l.p99Ms)), 1)} | ${ok.reduce((a, l) => a + l.non2xx, 0)} | ` +
        `${cpu.map((c) => fmt(c)).join(' / ')}${failed > 0 ? ` (${failed} run(s) failed: ${runs.find((r) => r.status !== 'ok')?.error?.split('\n')[0] ?? ''})` : ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

await main();

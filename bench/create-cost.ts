/**
 * What a create costs the server, fulfilment included: signed CreatePhoneNumberOrder (1 fresh number each) at N
 * connections, the server's CPU time over the window from /proc/<pid>/stat (utime + stime) ÷ creates answered 201 in
 * it, with req/s and latencies; and, once every order created has settled, the server's CPU from the first request to
 * then ÷ all creates answered 201 (the fulfilment of each order counted in full). The server runs with the carrier of the config (default latency 500 ms, or
 * `--carrier-latency-ms`), so the job worker fulfils orders in the same process while the load runs.
 *
 *   taskset -c 0 node --import tsx bench/create-cost.ts [--runs 3] [--warmup 2] [--duration 10] [--connections 50]
 *       [--pin 1] [--carrier-latency-ms 600000 --rounds 4 --duration 6] [--entry bundle|bin|path/to/dialtone.js]
 *       [--profile] [--fulfilment-batch N] [--cache-mib N]
 *
 * `--pin CPU` moves the server (every thread) onto that core with `taskset -a -p -c`; run the bench itself under
 * `taskset -c` on another core. `--rounds R` keeps one server for R back-to-back windows of `--duration` without a
 * warm-up (the slow-carrier question: does a create cost more with more orders in flight?), and reports each round
 * with the orders Processing before and after it. Otherwise every run is a fresh server, warm-up then one window.
 * `--profile` adds one run under `node --cpu-prof` (the profile stays in bench/results/profiles/, not committed) and
 * lists the hottest functions inside its (last) window.
 * Loopback only; bounded by the windows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { installExitHandlers } from './children.ts';
import { startDialtone, type DialtoneServer } from './dialtone.ts';
import { createOrderBody } from './http.ts';
import { runLoad, type LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { readCpuSeconds, readThreadCpu, type ThreadKind } from './proc.ts';
import { summarizeProfile } from './profile.ts';
import { selfCheck } from './sigv4.ts';

interface Window {
  rps: number;
  ok: number;
  non2xx: number;
  cpuUsPerCreate: number;
  /** Server CPU from the first request until every order created had settled (fulfilment included) ÷ creates answered 201. */
  e2eUsPerCreate: number;
  serverCpuPct: number;
  p50: number;
  p99: number;
  otherCpuPct: number;
  processingBefore: number;
  processingAfter: number;
  /** The server's CPU from the first request to the end (all settled, or the window's end), % by kind of thread. */
  threads: Record<ThreadKind, number> | undefined;
  load: LoadResult;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    pin: { type: 'string' },
    'carrier-latency-ms': { type: 'string' },
    'fulfilment-batch': { type: 'string' },
    'cache-mib': { type: 'string' },
    rounds: { type: 'string' },
    entry: { type: 'string', default: 'bundle' },
    profile: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const warmupS = Number(values.warmup);
const durationS = Number(values.duration);
const connections = Number(values.connections);
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
const latency = values['carrier-latency-ms'] === undefined ? undefined : Number(values['carrier-latency-ms']);

installExitHandlers();
selfCheck();
const entry = values.entry === 'bundle' ? await buildBundle() : values.entry === 'bin' ? undefined : values.entry;
const config = {
  ...(latency === undefined ? {} : { carrier: { latencyMs: latency } }),
  ...(values['fulfilment-batch'] === undefined ? {} : { fulfilment: { batchSize: Number(values['fulfilment-batch']) } }),
  ...(values['cache-mib'] === undefined ? {} : { database: { sqliteCacheMiB: Number(values['cache-mib']) } }),
};
let npa = 206;

async function server(nodeFlags: string[] = []): Promise<{ server: DialtoneServer; numbers: NumberSource }> {
  const numbers = new NumberSource(String(npa++));
  const s = await startDialtone({ config, numbers, timeoutMs: 60_000, probe: false, nodeFlags, ...(entry === undefined ? {} : { entry }) });
  if (values.pin !== undefined) execFileSync('taskset', ['-a', '-p', '-c', values.pin, String(s.pid)], { stdio: 'ignore' });
  return { server: s, numbers };
}

async function window(s: DialtoneServer, numbers: NumberSource, warmup: number, drain: boolean): Promise<Window> {
  const processingBefore = s.db().progress().processing;
  const cpuStart = readCpuSeconds(s.pid) ?? NaN;
  const threadsStart = readThreadCpu(s.pid);
  const load = await runLoad({
    url: s.url,
    connections,
    durationS,
    warmupS: warmup,
    budgetMs: (warmup + durationS + 20) * 1000,
    serverPid: s.pid,
    next: () => {
      const body = createOrderBody([numbers.next()]);
      return { method: 'POST', path: '/phone-number-orders', headers: s.signer.sign('POST', '/phone-number-orders', body), body };
    },
  });
  const processingAfter = s.db().progress().processing;
  const cpuS = ((load.serverCpuPct ?? NaN) / 100) * load.windowS;
  let e2eUsPerCreate = NaN;
  if (drain) {
    const { settled } = await s.db().waitSettled(0, 120_000, 100);
    const created = load.statusCodes['201'] ?? 0;
    if (settled) e2eUsPerCreate = (((readCpuSeconds(s.pid) ?? NaN) - cpuStart) / created) * 1e6;
  }
  const threadsEnd = readThreadCpu(s.pid);
  return {
    rps: load.rps,
    ok: load.ok,
    non2xx: load.non2xx,
    cpuUsPerCreate: (cpuS / load.ok) * 1e6,
    e2eUsPerCreate,
    serverCpuPct: load.serverCpuPct ?? NaN,
    p50: load.p50Ms,
    p99: load.p99Ms,
    otherCpuPct: load.otherCpuPct ?? NaN,
    processingBefore,
    processingAfter,
    threads: threadsStart && threadsEnd ? threadShares(threadsStart, threadsEnd) : undefined,
    load,
  };
}

/** Each kind of thread's share of the CPU the server's threads spent between two readings, %. */
function threadShares(before: Record<ThreadKind, number>, after: Record<ThreadKind, number>): Record<ThreadKind, number> {
  const kinds = Object.keys(after) as ThreadKind[];
  const spent = kinds.map((k) => Math.max(0, after[k] - before[k]));
  const total = spent.reduce((a, b) => a + b, 0);
  return Object.fromEntries(kinds.map((k, i) => [k, total > 0 ? (spent[i]! / total) * 100 : NaN])) as Record<ThreadKind, number>;
}

async function once(nodeFlags: string[] = []): Promise<Window[]> {
  const { server: s, numbers } = await server(nodeFlags);
  try {
    if (rounds === undefined) return [await window(s, numbers, warmupS, latency === undefined || latency < 10_000)];
    const out: Window[] = [];
    for (let r = 0; r < rounds; r++) out.push(await window(s, numbers, 0, false));
    return out;
  } finally {
    await s.stop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const row = (label: string, w: Window): string =>
  `| ${label} | ${f(w.rps)} | ${f(w.cpuUsPerCreate)} | ${Number.isNaN(w.e2eUsPerCreate) ? '' : f(w.e2eUsPerCreate)} | ${f(w.serverCpuPct)} % | ${f(w.p50, 1)} | ${f(w.p99, 1)} | ${w.non2xx} | ${f(w.processingBefore)} → ${f(w.processingAfter)} | ${f(w.otherCpuPct)} % | ${threadCell(w.threads)} |`;
const threadCell = (t: Window['threads']): string => (t ? `${f(t.main)} / ${f(t.v8)} / ${f(t.pool)} / ${f(t.other)}` : '');

const all: Window[][] = [];
for (let r = 0; r < runs; r++) all.push(await once());
const load = execFileSync('cat', ['/proc/loadavg']).toString().trim();
process.stdout.write(
  `\ncreate, ${connections} connections, ${rounds === undefined ? `${warmupS} s warm-up + ${durationS} s window` : `${rounds} rounds of ${durationS} s`}, ` +
    `carrier latency ${latency ?? 'default'} ms, server pinned to ${values.pin ?? 'no core'}, entry ${values.entry}; node ${process.version}; loadavg after: ${load}\n\n` +
    '| run | creates/s | server CPU µs per create (window) | … until all settled | server CPU | p50 ms | p99 ms | non-2xx | orders Processing before → after | other CPU | server threads: main / V8 / pool / other % |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n',
);
all.forEach((ws, i) => ws.forEach((w, j) => process.stdout.write(`${row(rounds === undefined ? `${i + 1}` : `${i + 1}.${j + 1}`, w)}\n`)));
const width = all[0]?.length ?? 0;
for (let j = 0; j < width; j++) {
  const pick = (k: keyof Window): number => median(all.map((ws) => ws[j]![k] as number));
  process.stdout.write(
    `| median${width > 1 ? ` round ${j + 1}` : ''} | ${f(pick('rps'))} | ${f(pick('cpuUsPerCreate'))} | ${Number.isNaN(pick('e2eUsPerCreate')) ? '' : f(pick('e2eUsPerCreate'))} | ${f(pick('serverCpuPct'))} % | ${f(pick('p50'), 1)} | ${f(pick('p99'), 1)} | | | | |\n`,
  );
}
if (values.profile) {
  const dir = join(import.meta.dirname, 'results', 'profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const ws = await once(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const last = ws[ws.length - 1]!;
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && !before.has(name));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const summary = summarizeProfile(join(dir, file), 30, last.load.windowHrUs);
  process.stdout.write(`\nProfile ${join(dir, file)} (${f(last.rps)} creates/s; ${summary.totalMs} ms sampled in the last window)\n\n| self ms | % | function | where |\n|---|---|---|---|\n`);
  for (const t of summary.top) process.stdout.write(`| ${t.selfMs} | ${t.selfPct} | ${t.function} | ${t.location} |\n`);
  process.stdout.write('\n| area | self ms | % |\n|---|---|---|\n');
  for (const a of summary.areas) process.stdout.write(`| ${a.area} | ${a.selfMs} | ${a.selfPct} |\n`);
}
process.exit(0);

/**
 * `dialtone serve --workers N` against one process: reads (signed GetPhoneNumberOrder of 200 existing orders) and
 * creates (signed CreatePhoneNumberOrder, one fresh number each) on one SQLite file, with 1 process and with 2 workers
 * (the kernel handing connections to the workers, and node:cluster's round robin through the primary), fresh server
 * per run, medians. Also the CPU of each process inside the window (how evenly the workers share the load, and what
 * the primary costs) and the RSS of them all. Never part of `npm test`.
 *
 *   node --import tsx bench/workers.ts [--runs 3] [--duration 10] [--connections 50] [--layouts 1,2,2rr]
 *
 * Writes bench/results/workers.json and prints a Markdown table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { installExitHandlers } from './children.ts';
import { prepareState, startDialtone, type DialtoneServer } from './dialtone.ts';
import { createOrderBody } from './http.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { readCpuSeconds, readMachineBusySeconds, readMem } from './proc.ts';
import { median, round } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    layouts: { type: 'string', default: '1,2,2rr' },
    scenarios: { type: 'string', default: 'get,create' },
  },
});
const RUNS = Number(values.runs);
const DURATION_S = Number(values.duration);
const WARMUP_S = Number(values.warmup);
const CONNECTIONS = Number(values.connections);

interface Layout {
  name: string;
  workers: number;
  /** node:cluster's NODE_CLUSTER_SCHED_POLICY: `none` (the kernel; dialtone's default) or `rr` (the primary). */
  policy?: 'none' | 'rr';
}
const LAYOUTS: Record<string, Layout> = {
  '1': { name: '1 process', workers: 1 },
  '2': { name: '2 workers (kernel)', workers: 2, policy: 'none' },
  '2rr': { name: '2 workers (round robin)', workers: 2, policy: 'rr' },
};
type Scenario = 'get' | 'create';

interface Run {
  layout: string;
  scenario: Scenario;
  run: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Every answer's status, whole run (warm-up included). */
  statusCodes: Record<string, number>;
  errors: number;
  /** CPU inside the window, % of one core: the primary (or the single process), then each worker. */
  primaryCpuPct: number;
  workerCpuPct: number[];
  otherCpuPct: number;
  clientCpuPct: number;
  rssMiB: number;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function once(entry: string, layout: Layout, scenario: Scenario, run: number): Promise<Run> {
  // Every run has a database of its own: one area code serves them all.
  const numbers = new NumberSource('206');
  const state = prepareState({ logging: { level: 'warn' } });
  state.env.DIALTONE_WORKERS = String(layout.workers);
  if (layout.policy) state.env.NODE_CLUSTER_SCHED_POLICY = layout.policy;
  const server: DialtoneServer = await startDialtone({ config: {}, numbers, timeoutMs: 120_000, state, probe: false, entry });
  try {
    const workers = layout.workers > 1 ? childrenOf(server.pid) : [];
    let next: () => LoadRequest;
    if (scenario === 'get') {
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) {
        const reply = await server.api.send('POST', '/phone-number-orders', createOrderBody([numbers.next()]));
        if (reply.status !== 201) throw new Error(`set-up create: ${reply.status} ${reply.body}`);
        ids.push((JSON.parse(reply.body) as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId);
      }
      let i = 0;
      next = () => {
        const path = `/phone-number-orders/${ids[i++ % ids.length]}`;
        return { method: 'GET', path, headers: server.signer.sign('GET', path) };
      };
    } else {
      next = () => {
        const body = createOrderBody([numbers.next()]);
        return { method: 'POST', path: '/phone-number-orders', headers: server.signer.sign('POST', '/phone-number-orders', body), body };
      };
    }
    const pids = [server.pid, ...workers];
    let cpuOpen: (number | undefined)[] = [];
    let machineOpen: number | undefined;
    let openedAt = 0;
    const opener = setTimeout(() => {
      cpuOpen = pids.map(readCpuSeconds);
      machineOpen = readMachineBusySeconds();
      openedAt = performance.now();
    }, WARMUP_S * 1000);
    let cpuClose: (number | undefined)[] = [];
    let machineClose: number | undefined;
    let closedAt = 0;
    const closer = setTimeout(() => {
      cpuClose = pids.map(readCpuSeconds);
      machineClose = readMachineBusySeconds();
      closedAt = performance.now();
    }, (WARMUP_S + DURATION_S) * 1000);
    const load: LoadResult = await runLoad({ url: server.url, connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, next, budgetMs: (WARMUP_S + DURATION_S + 20) * 1000 });
    clearTimeout(opener);
    clearTimeout(closer);
    const elapsedS = (closedAt - openedAt) / 1000;
    const pct = (i: number): number => round((((cpuClose[i] ?? NaN) - (cpuOpen[i] ?? NaN)) / elapsedS) * 100, 0);
    const serverPct = pids.reduce((sum, _, i) => sum + pct(i), 0);
    const machinePct = machineClose !== undefined && machineOpen !== undefined ? ((machineClose - machineOpen) / elapsedS) * 100 : NaN;
    return {
      layout: layout.name,
      scenario,
      run,
      rps: load.rps,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      non2xx: load.non2xx,
      statusCodes: load.statusCodes,
      errors: load.socketErrors,
      primaryCpuPct: pct(0),
      workerCpuPct: workers.map((_, i) => pct(i + 1)),
      otherCpuPct: round(Math.max(0, machinePct - serverPct - load.clientCpuPct), 0),
      clientCpuPct: load.clientCpuPct,
      rssMiB: round(pids.reduce((sum, pid) => sum + (readMem(pid)?.rssKiB ?? 0), 0) / 1024, 0),
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  installExitHandlers();
  const entry = await buildBundle();
  const layouts = values.layouts.split(',').map((key) => LAYOUTS[key] ?? (() => { throw new Error(`unknown layout ${key}`); })());
  const scenarios = values.scenarios.split(',') as Scenario[];
  const runs: Run[] = [];
  const loadAtStart = loadavg().map((l) => round(l, 1));
  console.log(`bench/workers: ${cpus().length} CPUs, load avg ${loadAtStart.join(' ')}, ${CONNECTIONS} connections, ${WARMUP_S} s + ${DURATION_S} s, ${RUNS} runs`);
  // Layouts alternate within each round, so that the machine's changing load falls on all of them alike.
  for (let run = 1; run <= RUNS; run++) {
    for (const scenario of scenarios) {
      for (const layout of layouts) {
        const r = await once(entry, layout, scenario, run);
        runs.push(r);
        console.log(
          `[${run}/${RUNS}] ${scenario.padEnd(6)} ${layout.name.padEnd(24)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50Ms} p99 ${r.p99Ms} ms  ` +
            `non2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)} err ${r.errors}  cpu primary ${r.primaryCpuPct}% workers ${r.workerCpuPct.join('/') || '-'}% client ${r.clientCpuPct}% other ${r.otherCpuPct}%  rss ${r.rssMiB} MiB`,
        );
      }
    }
  }
  const rows: string[] = [
    '| scenario | layout | req/s | p50 ms | p99 ms | CPU primary % | CPU per worker % | CPU others % | RSS MiB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of scenarios) {
    for (const layout of layouts) {
      const mine = runs.filter((r) => r.scenario === scenario && r.layout === layout.name);
      const m = (pick: (r: Run) => number): number => round(median(mine.map(pick)), 1);
      const perWorker = layout.workers > 1 ? Array.from({ length: layout.workers }, (_, i) => m((r) => [...r.workerCpuPct].sort((a, b) => b - a)[i] ?? NaN)).join(' / ') : '-';
      rows.push(`| ${scenario} | ${layout.name} | ${m((r) => r.rps)} | ${m((r) => r.p50Ms)} | ${m((r) => r.p99Ms)} | ${m((r) => r.primaryCpuPct)} | ${perWorker} | ${m((r) => r.otherCpuPct)} | ${m((r) => r.rssMiB)} |`);
    }
  }
  console.log(`\nmedians of ${RUNS} (load avg at start ${loadAtStart.join(' ')}, at end ${loadavg().map((l) => round(l, 1)).join(' ')}):\n`);
  console.log(rows.join('\n'));
  writeFileSync(join(import.meta.dirname, 'results', 'workers.json'), `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAtStart, loadAtEnd: loadavg(), options: values, runs }, null, 2)}\n`);
}

await main();
process.exit(0);

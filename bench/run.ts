/**
 * `npm run bench`: dialtone against the ceiling, in one run. See bench/README.md and `npm run bench -- --help`.
 * Never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseOptions, USAGE, type BenchOptions } from './args.ts';
import { startCeiling } from './ceiling.ts';
import { renderChart } from './chart.ts';
import { installExitHandlers } from './children.ts';
import type { Startup } from './dialtone.ts';
import { runFulfilment, runWorkerOnly, type FulfilRun } from './fulfilment.ts';
import type { LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { summarizeProfile } from './profile.ts';
import {
  evaluateGoals,
  markdown,
  summarizeFulfilment,
  summarizeScenario,
  summarizeStartup,
  type Machine,
  type Results,
  type ScenarioSummary,
} from './report.ts';
import { REQUEST_SCENARIOS, runCeiling, runRequestScenario, type CeilingName, type RequestScenarioName, type ScenarioRun } from './scenarios.ts';
import { selfCheck } from './sigv4.ts';
import { pinBench, type Pinning } from './pinning.ts';
import { stopBenchPostgres } from './postgres.ts';
import { buildBundle } from './bundle.ts';
import { appliedOverrides } from './config.ts';
import { DIALTONE_BIN, startDialtone } from './dialtone.ts';

const ROOT = join(import.meta.dirname, '..');

function machineInfo(pinning: Pinning): Machine {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  let dirty: boolean | null = null;
  try {
    execFileSync('git', ['diff-index', '--quiet', 'HEAD', '--'], { cwd: ROOT, stdio: 'ignore' });
    dirty = false;
  } catch (error) {
    if ((error as { status?: number }).status === 1) dirty = true;
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    totalMemGiB: Math.round(totalmem() / 2 ** 30),
    loadAvgAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD') ?? 'unknown',
    dirty,
    pinning,
  };
}

function line(name: string, run: number, runs: number, r: ScenarioRun): string {
  const head = `[${run}/${runs}] ${name.padEnd(16)}`;
  if (!r.load) return `${head} ${r.status}: ${r.error?.split('\n')[0] ?? ''}`;
  const l = r.load;
  const rss = l.peakRssKiB !== undefined ? ` rss ${(l.peakRssKiB / 1024).toFixed(0)} MiB` : '';
  const faults = l.serverFaultsPerRequest !== undefined ? ` flt ${l.serverFaultsPerRequest.toFixed(2)}/req` : '';
  const perRequest = l.serverCpuUsPerRequest !== undefined ? `${l.serverCpuUsPerRequest.toFixed(0).padStart(5)} µs/req  ` : '';
  const start = r.startup ? ` start→201 ${r.startup.firstCreatedMs.toFixed(0)} ms, idle ${(r.startup.idleRssKiB / 1024).toFixed(0)} MiB` : '';
  return (
    `${head} ${perRequest}${l.rps.toFixed(0).padStart(6)} req/s  p50 ${l.p50Ms.toFixed(2)} p99 ${l.p99Ms.toFixed(2)} ms  non2xx ${l.non2xx} err ${l.socketErrors}` +
    `${rss}${faults} cpu srv ${l.serverCpuPct ?? '?'}% cli ${l.clientCpuPct}% other ${l.otherCpuPct ?? '?'}%${start}${r.status === 'ok' ? '' : ` ${r.status}`}`
  );
}

async function main(options: BenchOptions): Promise<void> {
  installExitHandlers();
  selfCheck();
  const pinning = pinBench();
  const machine = machineInfo(pinning);
  console.log(`bench: ${machine.cpus} CPUs, node ${machine.node}, commit ${machine.commit.slice(0, 12)}${machine.dirty ? ' (dirty)' : ''}, load avg ${machine.loadAvgAtStart.join(' ')}`);
  console.log(
    pinning.server !== undefined
      ? `bench: servers pinned to CPU ${pinning.server}, the load generator (this process) to CPU ${pinning.load}`
      : `bench: NOT pinned (${pinning.reason}): the load generator shares the CPU with the server`,
  );
  const bundle = await buildBundle();
  const entries = { bin: DIALTONE_BIN, bundle };
  const entry = entries[options.entry];
  const otherEntry = options.entry === 'bin' ? 'bundle' : 'bin';
  console.log(`bench: dialtone runs as ${options.entry} (${entry})`);
  const cpu = pinning.server;
  const o = { connections: options.connections, durationS: options.durationS, warmupS: options.warmupS, orders: options.orders, entry, cpu };
  const createNumbers = new NumberSource('206');
  const ceilingNumbers = new NumberSource('425');
  const probeNumbers = new NumberSource('253');

  const requestNames = options.scenarios.filter((s): s is RequestScenarioName => s in REQUEST_SCENARIOS);
  const order: (RequestScenarioName | CeilingName)[] = [];
  for (const ceiling of ['ceiling-post', 'ceiling-get'] as const) {
    const mine = requestNames.filter((s) => REQUEST_SCENARIOS[s].ceiling === ceiling);
    if (mine.length > 0) order.push(ceiling, ...mine);
  }
  const runs = new Map<string, ScenarioRun[]>(order.map((name) => [name, []]));
  const startups: Startup[] = [];
  if (order.length > 0) {
    const ceiling = await startCeiling(10_000, cpu);
    try {
      for (let run = 1; run <= options.runs; run++) {
        for (const name of order) {
          const result = name.startsWith('ceiling')
            ? await runCeiling(name as CeilingName, ceiling, o, ceilingNumbers)
            : await runRequestScenario(name as RequestScenarioName, o, createNumbers);
          runs.get(name)!.push(result);
          if (result.startup) startups.push(result.startup);
          console.log(line(name, run, options.runs, result));
        }
      }
    } finally {
      await ceiling.stop();
    }
  }

  const fulfilRuns: FulfilRun[] = [];
  if (options.scenarios.includes('fulfilment')) {
    for (let run = 1; run <= options.runs; run++) {
      const fo = { numbers: options.fulfilNumbers, connections: options.connections, timeoutS: options.fulfilTimeoutS, entry, cpu };
      const r = await runFulfilment(fo, run - 1, probeNumbers);
      r.workerOnly = await runWorkerOnly(fo, probeNumbers);
      fulfilRuns.push(r);
      if (r.startup) startups.push(r.startup);
      console.log(
        `[${run}/${options.runs}] fulfilment    ${r.status}: ${r.acquiredPerS ?? '?'} acquired numbers/s (${r.acquired ?? '?'} acquired, ${r.failed ?? '?'} failed in ${r.elapsedS ?? '?'} s); ` +
          `create ${r.createNumbersPerS ?? '?'} numbers/s p99 ${r.create?.p99Ms ?? '?'} ms; peak rss ${r.peakRssKiB !== undefined ? (r.peakRssKiB / 1024).toFixed(0) : '?'} MiB${r.error ? `; ${r.error.split('\n')[0]}` : ''}; ` +
          `worker only (seeded): ${r.workerOnly.status} ${r.workerOnly.acquiredPerS ?? '?'} numbers/s in ${r.workerOnly.elapsedS ?? '?'} s${r.workerOnly.error ? ` ${r.workerOnly.error.split('\n')[0]}` : ''}`,
      );
    }
  }

  // Start-up and idle memory of the other entry point, for comparison.
  const otherStartups: Startup[] = [];
  for (let run = 1; run <= options.runs; run++) {
    try {
      const server = await startDialtone({ config: {}, numbers: probeNumbers, timeoutMs: 60_000, entry: entries[otherEntry], ...(cpu !== undefined && { cpu }) });
      otherStartups.push(server.startup);
      await server.stop();
      const st = server.startup;
      console.log(`[${run}/${options.runs}] start-up as ${otherEntry}: URL ${st.listenMs.toFixed(0)} ms, first 201 ${st.firstCreatedMs.toFixed(0)} ms, idle RSS ${(st.idleRssKiB / 1024).toFixed(1)} MiB`);
    } catch (error) {
      console.log(`[${run}/${options.runs}] start-up as ${otherEntry}: error ${(error as Error).message.split('\n')[0]}`);
    }
  }

  let profile: Results['profile'] = null;
  if (options.profile) profile = await profileScenario(options.profileScenario, o, createNumbers);
  await stopBenchPostgres();

  const ceilings = new Map<string, ScenarioSummary>();
  const scenarios: ScenarioSummary[] = [];
  for (const name of order) {
    const summary = summarizeScenario(name, runs.get(name)!, ceilings);
    if (name.startsWith('ceiling')) ceilings.set(name, summary);
    scenarios.push(summary);
  }
  // Report order: the scenarios, then the ceilings.
  scenarios.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'request' ? -1 : 1));
  const shown: Omit<BenchOptions, 'outDir'> = { ...options };
  delete (shown as Partial<BenchOptions>).outDir;
  const partial: Omit<Results, 'goals'> = {
    machine,
    options: shown,
    scenarios,
    startup: summarizeStartup(startups),
    startupOther: otherStartups.length > 0 ? { entry: otherEntry, ...summarizeStartup(otherStartups)! } : null,
    configOverrides: appliedOverrides(),
    fulfilment: fulfilRuns.length > 0 ? summarizeFulfilment(options.fulfilNumbers, fulfilRuns) : null,
    profile,
  };
  const results: Results = { ...partial, goals: evaluateGoals(partial) };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  writeFileSync(join(options.outDir, 'latest.md'), md);
  writeFileSync(join(options.outDir, 'latest.svg'), renderChart(results));
  console.log(`\n${md}`);
  console.log(`bench: wrote ${['latest.json', 'latest.md', 'latest.svg'].map((f) => join(options.outDir, f)).join(', ')}`);
}

async function profileScenario(
  scenario: RequestScenarioName,
  o: { connections: number; durationS: number; warmupS: number; orders: number; cpu?: string },
  numbers: NumberSource,
): Promise<Results['profile']> {
  const dir = join(ROOT, 'bench', 'results', 'profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  let load: LoadResult | undefined;
  // No --cpu-prof-name: tsx's loader runs in a worker thread that writes a profile of its own; the default names
  // (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile) keep them apart, and the main thread is thread 0.
  const run = await runRequestScenario(scenario, o, numbers, {
    nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir],
    onWindow: (l) => (load = l),
  });
  console.log(line(`${scenario} (prof)`, 1, 1, run));
  const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  const main = fresh.find((f) => run.serverPid !== undefined && f.includes(`.${run.serverPid}.0.`));
  if (!main) {
    return { scenario, file: dir, windowed: false, totalMs: 0, top: [], areas: [], load, error: `no main-thread profile was written (${run.status}: ${run.error ?? ''})` };
  }
  const name = `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
  renameSync(join(dir, main), join(dir, name));
  for (const other of fresh) if (other !== main) rmSync(join(dir, other), { force: true });
  const summary = summarizeProfile(join(dir, name), 15, load?.windowHrUs);
  console.log(`\nprofile of ${scenario} (${summary.windowed ? 'measuring window' : 'whole process'}, ${summary.totalMs} ms of samples): top 15 self time`);
  for (const t of summary.top) console.log(`  ${t.selfMs.toFixed(1).padStart(8)} ms ${t.selfPct.toFixed(1).padStart(5)} %  ${t.function}  ${t.location}`);
  console.log(`  by area: ${summary.areas.map((a) => `${a.area} ${a.selfPct}%`).join(', ')}`);
  return { ...summary, scenario, load };
}

let options: BenchOptions | undefined;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  process.stdout.write(USAGE);
} else {
  main(options).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Medians, goals, and the JSON / Markdown reports. */
import { REQUEST_SCENARIO_NAMES, type BenchOptions } from './args.ts';
import type { Startup } from './dialtone.ts';
import type { FulfilRun } from './fulfilment.ts';
import type { LoadResult } from './load.ts';
import type { Pinning } from './pinning.ts';
import type { ProfileSummary } from './profile.ts';
import { ASSOCIATE_BATCH, CEILING_TITLES, REQUEST_SCENARIOS, type CeilingName, type RequestScenarioName, type ScenarioRun } from './scenarios.ts';
import { median, round } from './stats.ts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  totalMemGiB: number;
  loadAvgAtStart: number[];
  node: string;
  platform: string;
  date: string;
  commit: string;
  /** The work tree differed from the commit (other sessions edit it concurrently). */
  dirty: boolean | null;
  /** Which cores the servers and the load generator ran on. */
  pinning: Pinning;
}

export interface ScenarioSummary {
  name: string;
  title: string;
  kind: 'ceiling' | 'request';
  ceiling?: CeilingName;
  runs: ScenarioRun[];
  median: {
    rps: number;
    ceilingRps?: number;
    ratio?: number;
    p50Ms: number;
    p90Ms: number;
    p99Ms: number;
    peakRssMiB?: number;
    serverCpuPct?: number;
    /** Server CPU time per request completed inside the window, µs: dialtone's, and on PostgreSQL its database's too. */
    serverCpuUs?: number;
    /** Of it, the PostgreSQL processes' (scenarios on PostgreSQL). */
    databaseCpuUs?: number;
    /** The same of the scenario's ceiling. */
    ceilingCpuUs?: number;
    /** create: CPU per order end to end, its fulfilment included (bench/end-to-end.ts), µs. */
    endToEndUs?: number;
    clientCpuPct?: number;
    otherCpuPct?: number;
    /** The server's minor page faults per request completed inside the window. */
    faultsPerRequest?: number;
    logBytesPerRequest?: number;
    /** The pass over the scenario's distinct rows before its warm-up (see RequestScenario.firstPass). */
    firstPass?: { requests: number; seconds: number; serverCpuUs: number };
  };
  /** Sums over all runs. */
  errors: { non2xx: number; socketErrors: number; timeouts: number };
  okRuns: number;
  failures: string[];
}

export interface FulfilSummary {
  numbers: number;
  orders: number;
  runs: FulfilRun[];
  median: { acquiredPerS: number; createNumbersPerS: number; createP99Ms: number; elapsedS: number; peakRssMiB: number; workerOnlyPerS: number };
  maxPeakRssMiB: number;
  errors: { non2xx: number; socketErrors: number };
  acquired: number[];
  failed: number[];
  okRuns: number;
  failures: string[];
}

export interface GoalResult {
  goal: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

export interface Results {
  machine: Machine;
  options: Omit<BenchOptions, 'outDir'>;
  scenarios: ScenarioSummary[];
  startup: { samples: Startup[]; median: Record<keyof Startup, number> } | null;
  /** The same start-up measurement with the other entry point (bin ↔ bundle). */
  startupOther: { entry: string; samples: Startup[]; median: Record<keyof Startup, number> } | null;
  /** What the bench added to each dialtone config file. */
  configOverrides: string[];
  fulfilment: FulfilSummary | null;
  goals: GoalResult[];
  profile: (ProfileSummary & { scenario: string; load?: LoadResult; error?: string }) | null;
}

const mib = (kib: number | undefined): number | undefined => (kib === undefined ? undefined : round(kib / 1024, 1));
const med = (values: (number | undefined)[]): number => median(values.filter((v): v is number => v !== undefined));

/** The service's CPU per request: dialtone's, plus its database's when that runs in processes of its own (PostgreSQL). */
export function serviceCpuUs(load: { serverCpuUsPerRequest?: number; databaseCpuUsPerRequest?: number }): number | undefined {
  if (load.serverCpuUsPerRequest === undefined) return undefined;
  return round(load.serverCpuUsPerRequest + (load.databaseCpuUsPerRequest ?? 0), 1);
}

export function summarizeScenario(name: string, runs: ScenarioRun[], ceilings: Map<string, ScenarioSummary>): ScenarioSummary {
  const isCeiling = name.startsWith('ceiling');
  const loads = runs.filter((r) => r.status === 'ok' && r.load).map((r) => r.load!);
  const scenario = isCeiling ? undefined : REQUEST_SCENARIOS[name as RequestScenarioName];
  const rps = med(loads.map((l) => l.rps));
  const ceilingRps = scenario ? ceilings.get(scenario.ceiling)?.median.rps : undefined;
  const ceilingCpuUs = scenario ? ceilings.get(scenario.ceiling)?.median.serverCpuUs : undefined;
  const cpuUs = med(loads.map(serviceCpuUs));
  const databaseUs = med(loads.map((l) => l.databaseCpuUsPerRequest));
  const endToEndUs = med(runs.filter((r) => r.status === 'ok').map((r) => r.endToEnd?.usPerOrder));
  const logBytes = runs.map((r) => r.logBytesPerRequest);
  const passes = runs.map((r) => r.firstPass).filter((p) => p !== undefined);
  return {
    name,
    title: isCeiling ? CEILING_TITLES[name as CeilingName] : scenario!.title,
    kind: isCeiling ? 'ceiling' : 'request',
    ceiling: scenario?.ceiling,
    runs,
    median: {
      rps,
      ceilingRps,
      ratio: ceilingRps ? round(rps / ceilingRps, 3) : undefined,
      p50Ms: round(med(loads.map((l) => l.p50Ms)), 3),
      p90Ms: round(med(loads.map((l) => l.p90Ms)), 3),
      p99Ms: round(med(loads.map((l) => l.p99Ms)), 3),
      peakRssMiB: mib(med(loads.map((l) => l.peakRssKiB))),
      serverCpuPct: med(loads.map((l) => l.serverCpuPct)),
      serverCpuUs: Number.isFinite(cpuUs) ? round(cpuUs, 1) : undefined,
      databaseCpuUs: Number.isFinite(databaseUs) ? round(databaseUs, 1) : undefined,
      ceilingCpuUs,
      endToEndUs: Number.isFinite(endToEndUs) ? round(endToEndUs, 1) : undefined,
      clientCpuPct: med(loads.map((l) => l.clientCpuPct)),
      otherCpuPct: med(loads.map((l) => l.otherCpuPct)),
      faultsPerRequest: loads.some((l) => l.serverFaultsPerRequest !== undefined) ? round(med(loads.map((l) => l.serverFaultsPerRequest)), 3) : undefined,
      logBytesPerRequest: logBytes.some((b) => b !== undefined) ? med(logBytes) : undefined,
      firstPass:
        passes.length > 0
          ? { requests: med(passes.map((p) => p.requests)), seconds: round(med(passes.map((p) => p.seconds)), 2), serverCpuUs: round(med(passes.map(serviceCpuUs)), 1) }
          : undefined,
    },
    errors: {
      non2xx: sum(runs.map((r) => r.load?.non2xx ?? 0)),
      socketErrors: sum(runs.map((r) => r.load?.socketErrors ?? 0)),
      timeouts: sum(runs.map((r) => r.load?.timeouts ?? 0)),
    },
    okRuns: loads.length,
    failures: runs.filter((r) => r.status !== 'ok').map((r) => `${r.status}: ${r.error ?? 'load generator budget exceeded'}`),
  };
}

export function summarizeFulfilment(numbers: number, runs: FulfilRun[]): FulfilSummary {
  const ok = runs.filter((r) => r.status === 'ok');
  return {
    numbers,
    orders: runs.find((r) => r.orders !== undefined)?.orders ?? 0,
    runs,
    median: {
      acquiredPerS: med(ok.map((r) => r.acquiredPerS)),
      createNumbersPerS: med(ok.map((r) => r.createNumbersPerS)),
      createP99Ms: med(ok.map((r) => r.create?.p99Ms)),
      elapsedS: med(ok.map((r) => r.elapsedS)),
      peakRssMiB: mib(med(ok.map((r) => r.peakRssKiB))) ?? NaN,
      workerOnlyPerS: med(runs.filter((r) => r.workerOnly?.status === 'ok').map((r) => r.workerOnly!.acquiredPerS)),
    },
    maxPeakRssMiB: mib(Math.max(...runs.map((r) => r.peakRssKiB ?? 0))) ?? NaN,
    errors: { non2xx: sum(runs.map((r) => r.create?.non2xx ?? 0)), socketErrors: sum(runs.map((r) => r.create?.socketErrors ?? 0)) },
    acquired: runs.map((r) => r.acquired ?? NaN),
    failed: runs.map((r) => r.failed ?? NaN),
    okRuns: ok.length,
    failures: runs.filter((r) => r.status !== 'ok').map((r) => `${r.status}: ${r.error ?? ''}`),
  };
}

export function summarizeStartup(samples: Startup[]): Results['startup'] {
  if (samples.length === 0) return null;
  const keys: (keyof Startup)[] = ['listenMs', 'listenRssKiB', 'listenCpuMs', 'firstCreatedMs', 'firstCreatedCpuMs', 'firstSettledMs', 'idleRssKiB', 'idleHwmKiB'];
  return { samples, median: Object.fromEntries(keys.map((k) => [k, round(median(samples.map((s) => s[k])), 1)])) as Record<keyof Startup, number> };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const pct = (ratio: number | undefined): string => (ratio === undefined || !Number.isFinite(ratio) ? 'n/a' : `${(ratio * 100).toFixed(0)} %`);
const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function evaluateGoals(r: Omit<Results, 'goals'>): GoalResult[] {
  const goals: GoalResult[] = [];
  const at = r.options.connections === 50 ? '' : ` (measured at ${r.options.connections} connections, goal is at 50)`;
  const byName = new Map(r.scenarios.map((s) => [s.name, s]));
  const clean = (s: ScenarioSummary): boolean => s.errors.non2xx === 0 && s.errors.socketErrors === 0 && s.okRuns > 0;
  for (const name of REQUEST_SCENARIO_NAMES) {
    const goal = REQUEST_SCENARIOS[name].goal;
    if (!goal) continue;
    const s = byName.get(name);
    const target = `server CPU ≤ ${goal.maxCpuUs} µs/request${at}`;
    if (!s) {
      goals.push({ goal: name, target, measured: 'not run', pass: null });
      continue;
    }
    const errs = clean(s) ? '' : `, ${s.errors.non2xx} non-2xx / ${s.errors.socketErrors} socket errors`;
    // A create is judged end to end, its fulfilment included, when the run measured it (the larger of the two).
    const window = s.median.serverCpuUs;
    const endToEnd = s.median.endToEndUs;
    const cpu = endToEnd === undefined || window === undefined ? window : Math.max(window, endToEnd);
    const measured = endToEnd === undefined ? `${fmt(window, 1)} µs` : `${fmt(endToEnd, 1)} µs per order end to end (${fmt(window, 1)} µs in the window)`;
    goals.push({
      goal: name,
      target,
      measured: `${measured} (ceiling ${fmt(s.median.ceilingCpuUs, 1)} µs; ${fmt(s.median.rps)} req/s, p99 ${fmt(s.median.p99Ms, 2)} ms)${errs}`,
      pass: cpu !== undefined && cpu <= goal.maxCpuUs && clean(s),
    });
  }
  const st = r.startup?.median;
  goals.push({
    goal: 'start-up to first 201',
    target: '≤ 0.3 s',
    measured: st ? `${fmt(st.firstCreatedMs / 1000, 2)} s (median of ${r.startup!.samples.length} starts)` : 'not run',
    pass: st ? st.firstCreatedMs <= 300 : null,
  });
  goals.push({
    goal: 'idle RSS',
    target: '≤ 80 MiB',
    measured: st ? `${fmt(st.idleRssKiB / 1024, 1)} MiB (median; peak during start-up ${fmt(st.idleHwmKiB / 1024, 1)} MiB)` : 'not run',
    pass: st ? st.idleRssKiB / 1024 <= 80 : null,
  });
  const f = r.fulfilment;
  goals.push({
    goal: 'fulfilment',
    target: '≥ 50,000 numbers/s, peak RSS ≤ 200 MiB',
    measured: f
      ? `${fmt(f.median.acquiredPerS)} numbers/s end to end (worker alone: ${fmt(f.median.workerOnlyPerS)}/s), peak RSS ${fmt(f.maxPeakRssMiB, 1)} MiB (max of runs)${f.okRuns < f.runs.length ? `, ${f.runs.length - f.okRuns} run(s) failed` : ''}`
      : 'not run',
    pass: f ? f.okRuns > 0 && f.median.acquiredPerS >= 50_000 && f.maxPeakRssMiB <= 200 : null,
  });
  return goals;
}

/**
 * The bare `node:http` GET of issue 14's table (51,734 req/s) cost 18 µs of server CPU on the host that measured it.
 * The goals' CPU figures are absolute; this host's own GET ceiling says how much slower or faster it runs the same
 * work.
 */
export const ISSUE_CEILING_GET_US = 18;

/**
 * A paragraph for information: this host's GET ceiling against the issue's, and each CPU goal's figure divided by that
 * factor (what it would be on the issue's host if everything scaled alike). The goals stay judged on the figures
 * measured here.
 */
export function hostSpeed(r: Pick<Results, 'scenarios' | 'goals'>): string | null {
  const ceiling = r.scenarios.find((s) => s.name === 'ceiling-get')?.median.serverCpuUs;
  if (ceiling === undefined || !Number.isFinite(ceiling) || ceiling <= 0) return null;
  const factor = ceiling / ISSUE_CEILING_GET_US;
  const scaled: string[] = [];
  for (const s of r.scenarios) {
    const goal = s.kind === 'ceiling' ? undefined : REQUEST_SCENARIOS[s.name as RequestScenarioName]?.goal;
    const window = s.median.serverCpuUs;
    if (!goal || window === undefined) continue;
    const cpu = s.median.endToEndUs === undefined ? window : Math.max(window, s.median.endToEndUs);
    scaled.push(`${s.name} ${fmt(cpu / factor, 1)} (goal ${goal.maxCpuUs})`);
  }
  return (
    `Host speed, for information: this host's GET ceiling cost ${fmt(ceiling, 1)} µs of server CPU per request, ` +
    `${fmt(factor, 2)} × the ${ISSUE_CEILING_GET_US} µs of the host that measured issue 14's table. ` +
    `The goals above are judged on the figures measured here; divided by that factor, µs per request: ${scaled.join(', ')}.`
  );
}

function workerOnly(run: FulfilRun): string {
  const w = run.workerOnly;
  if (!w) return 'n/a';
  if (w.status !== 'ok') return `${w.status}${w.error ? `: ${w.error.split('\n')[0]}` : ''}`;
  return `${fmt(w.acquiredPerS)} (${fmt(w.elapsedS, 2)} s, ${fmt(w.acquired)} acquired, seeded in ${fmt(w.seedS, 1)} s, peak RSS ${fmt(mib(w.peakRssKiB), 1)} MiB)`;
}

export function markdown(r: Results): string {
  const m = r.machine;
  const o = r.options;
  const lines: string[] = [];
  lines.push(`# dialtone benchmark — ${m.date}`);
  lines.push('');
  lines.push(
    `Commit \`${m.commit.slice(0, 12)}\`${m.dirty ? ' (work tree differed from it)' : ''}; node ${m.node}; ${m.cpus} × ${m.cpuModel}; ` +
      `load average at start ${m.loadAvgAtStart.map((l) => l.toFixed(2)).join(' / ')}.`,
  );
  lines.push(
    m.pinning.server !== undefined
      ? `Servers (dialtone and the ceilings) pinned to CPU ${m.pinning.server} with taskset, the load generator to CPU ${m.pinning.load}.`
      : `⚠ Not pinned (${m.pinning.reason ?? 'unknown'}): the load generator shares the CPU with the server.`,
  );
  lines.push(
    `Load: autocannon in the bench process, ${o.connections} keep-alive connections, ${o.warmupS} s warm-up + ${o.durationS} s window, ` +
      `${o.runs} run(s) per scenario, medians shown. Every request is signed (SigV4) when it is sent; each dialtone run is a fresh process and database ` +
      `(${o.entry === 'bin' ? '`node bin/dialtone.js`' : 'the esbuild bundle of `npm start`'}). ` +
      `Config added by the bench: ${r.configOverrides.length > 0 ? r.configOverrides.map((c) => `\`${c}\``).join(', ') : 'nothing'} (capacity, not quotas).`,
  );
  lines.push('');
  lines.push('## Goals');
  lines.push('');
  lines.push('| Goal | Target | Measured | |');
  lines.push('|---|---|---|---|');
  for (const g of r.goals) lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.pass === null ? 'n/a' : g.pass ? '**PASS**' : '**MISS**'} |`);
  lines.push('');
  const host = hostSpeed(r);
  if (host) {
    lines.push(host);
    lines.push('');
  }
  lines.push('## Request scenarios (medians)');
  lines.push('');
  lines.push('| Scenario | server CPU µs/request | of it, PostgreSQL | ceiling µs/request | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MiB | server CPU | client CPU | other CPU | server page faults/request | runs (µs/request) |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|');
  for (const s of r.scenarios) {
    const runs = s.runs.map((run) => (run.status === 'ok' && run.load ? fmt(serviceCpuUs(run.load), 1) : run.status)).join(' / ');
    lines.push(
      `| ${s.name} | ${fmt(s.median.serverCpuUs, 1)} | ${s.median.databaseCpuUs === undefined ? '' : fmt(s.median.databaseCpuUs, 1)} | ${s.kind === 'ceiling' ? '' : fmt(s.median.ceilingCpuUs, 1)} | ${fmt(s.median.rps)} | ${s.kind === 'ceiling' ? '(ceiling)' : `${pct(s.median.ratio)} of ${s.ceiling}`} | ${fmt(s.median.p50Ms, 2)} | ${fmt(s.median.p99Ms, 2)} | ` +
        `${s.errors.non2xx} | ${s.errors.socketErrors} | ${fmt(s.median.peakRssMiB, 1)} | ${fmt(s.median.serverCpuPct)} % | ${fmt(s.median.clientCpuPct)} % | ${fmt(s.median.otherCpuPct)} % | ${fmt(s.median.faultsPerRequest, 2)} | ${runs} |`,
    );
  }
  const noisy = r.scenarios.filter((s) => (s.median.otherCpuPct ?? 0) > 25);
  if (noisy.length > 0) {
    lines.push('');
    lines.push(
      `⚠ Other processes on this shared machine used more than a quarter of a core during ${noisy.length} of ${r.scenarios.length} scenarios ` +
        `(median "other CPU" up to ${fmt(Math.max(...noisy.map((s) => s.median.otherCpuPct ?? 0)))} %): those figures are depressed and vary run to run.`,
    );
  }
  lines.push('');
  lines.push('Server CPU µs/request: the server process\'s CPU time (user + system, /proc/<pid>/stat) inside the window ÷ the responses completed inside it; for the scenarios on PostgreSQL (`-pg`, one node: an embedded PostgreSQL cluster on the servers\' core, a fresh database per run, `synchronous_commit` off) the CPU time of the cluster\'s processes is added, and shown again in its own column. Errors are sums over all runs (warm-up included). CPU is % of one core inside the window (server: /proc/<pid>/stat; client: the bench process, which generates the load and signs every request; other: every other process on the machine, from /proc/stat — neighbours on a shared machine). Server page faults/request: the server\'s minor page faults (minflt in /proc/<pid>/stat) inside the window ÷ the responses completed inside it; the kernel serves each in 0.1–0.3 µs on most machines and in about 10 µs on some virtual machines, so the same work costs more CPU per request there.');
  for (const s of r.scenarios) {
    const pass = s.median.firstPass;
    lines.push(
      `- **${s.name}**: ${s.title}.${s.median.logBytesPerRequest !== undefined ? ` Server log output: ${fmt(s.median.logBytesPerRequest)} bytes/request.` : ''}` +
        (pass ? ` Before the warm-up, one pass over its ${fmt(pass.requests)} distinct rows (a fresh server's first reads of them): ${fmt(pass.serverCpuUs, 1)} µs/request, ${fmt(pass.seconds, 2)} s.` : ''),
    );
    for (const f of s.failures) lines.push(`  - ⚠ ${f.split('\n')[0]}`);
  }
  for (const create of r.scenarios.filter((s) => s.name.startsWith('create'))) {
    const backlog = create.runs.map((run) => run.processingAtEnd).filter((v): v is number => v !== undefined);
    if (backlog.length === 0) continue;
    const dups = create.runs.map((run) => run.duplicateNumbers ?? 0);
    const ends = create.runs.map((run) => run.endToEnd);
    const each = (value: (e: NonNullable<(typeof ends)[number]>) => number | undefined, digits = 0): string =>
      ends.map((e) => (e === undefined || value(e) === undefined ? '–' : fmt(value(e)!, digits))).join(' / ');
    lines.push(
      `- ${create.name} runs with the default carrier (500 ms latency), so fulfilment works alongside; orders still Processing when the load stopped: ${backlog.map((b) => fmt(b)).join(' / ')}. ` +
        `Duplicate numbers stored: ${dups.join(' / ')} (must be 0: every request ordered a fresh number).` +
        (ends.some((e) => e !== undefined)
          ? ` End to end, the backlog drained after the load (bench/end-to-end.ts): ${each((e) => e.usPerOrder, 1)} µs of CPU per order, fulfilment included ` +
            `(the drain: ${each((e) => e.fulfilUsPerOrder, 1)} µs per order fulfilled, in ${each((e) => e.drainS, 1)} s).`
          : ''),
    );
  }
  const associate = r.scenarios.find((s) => s.name === 'associate');
  if (associate && associate.okRuns > 0) {
    const made = associate.runs.map((run) => run.associatedNumbers).filter((v): v is number => v !== undefined);
    lines.push(
      `- associate: ${fmt(associate.median.rps * ASSOCIATE_BATCH)} numbers/s (median req/s × ${ASSOCIATE_BATCH}); numbers on the connector after each run: ` +
        `${made.map((m) => fmt(m)).join(' / ')}${associate.runs.some((run) => run.error) ? ' (⚠ a run wrapped around the unassigned numbers)' : ''}.`,
    );
  }
  if (r.startup) {
    const s = r.startup.median;
    lines.push('');
    lines.push(`## Start-up (median of ${r.startup.samples.length} server starts)`);
    lines.push('');
    lines.push('| spawn → URL printed | RSS then | spawn → first 201 | spawn → first order settled | idle RSS | VmHWM at idle |');
    lines.push('|--:|--:|--:|--:|--:|--:|');
    lines.push(
      `| ${fmt(s.listenMs)} ms | ${fmt(s.listenRssKiB / 1024, 1)} MiB | ${fmt(s.firstCreatedMs)} ms | ${fmt(s.firstSettledMs)} ms | ${fmt(s.idleRssKiB / 1024, 1)} MiB | ${fmt(s.idleHwmKiB / 1024, 1)} MiB |`,
    );
    const other = r.startupOther;
    if (other) {
      const t = other.median;
      lines.push(
        `| ${fmt(t.listenMs)} ms | ${fmt(t.listenRssKiB / 1024, 1)} MiB | ${fmt(t.firstCreatedMs)} ms | ${fmt(t.firstSettledMs)} ms | ${fmt(t.idleRssKiB / 1024, 1)} MiB | ${fmt(t.idleHwmKiB / 1024, 1)} MiB |`,
      );
    }
    lines.push('');
    lines.push(
      `First row: dialtone as the scenarios ran it (${r.options.entry === 'bin' ? '`node bin/dialtone.js`, the sources through tsx' : 'the esbuild bundle that `npm start` runs'}; the goals are judged on it)` +
        (other ? `; second row: ${other.entry === 'bundle' ? 'the esbuild bundle that `npm start` runs' : '`node bin/dialtone.js` (tsx)'}, ${other.samples.length} starts, for comparison.` : '.'),
    );
    lines.push('Start-up samples come from the scenario runs on an empty SQLite database (seeded ones and those on PostgreSQL are left out). Idle RSS is read 500 ms after the first order settled.');
  }
  const f = r.fulfilment;
  if (f) {
    lines.push('');
    lines.push(`## Fulfilment (carrier latency 0, batchSize 200, maxInFlight 4; ${fmt(f.numbers)} numbers in ${fmt(f.orders)} orders of 50)`);
    lines.push('');
    lines.push('| run | create numbers/s | create p99 ms | acquired | failed | first create → all settled | acquired numbers/s | peak RSS MiB | status | worker only: numbers/s (settled in) |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|---|--:|');
    f.runs.forEach((run, i) => {
      lines.push(
        `| ${i + 1} | ${fmt(run.createNumbersPerS)} | ${fmt(run.create?.p99Ms, 1)} | ${fmt(run.acquired)} | ${fmt(run.failed)} | ${fmt(run.elapsedS, 2)} s (polled: ${fmt(run.detectedS, 2)} s) | ` +
          `${fmt(run.acquiredPerS)} | ${fmt(mib(run.peakRssKiB), 1)} | ${run.status}${run.error ? `: ${run.error.split('\n')[0]}` : ''} | ${workerOnly(run)} |`,
      );
    });
    lines.push(
      `| **median** | **${fmt(f.median.createNumbersPerS)}** | **${fmt(f.median.createP99Ms, 1)}** | | | **${fmt(f.median.elapsedS, 2)} s** | **${fmt(f.median.acquiredPerS)}** | **${fmt(f.median.peakRssMiB, 1)}** | | **${fmt(f.median.workerOnlyPerS)}** |`,
    );
    lines.push('');
    lines.push(
      `Creates: ${f.errors.non2xx} non-2xx, ${f.errors.socketErrors} socket errors. Completion is polled in the server's SQLite file (read-only) every 200 ms; ` +
        'the rate uses the last order\'s `updated_at`, so it is not rounded up to the poll. ' +
        '"Worker only": the same number of orders seeded with `dialtone seed` before the server starts, timed from its URL line to the last `updated_at` ' +
        '(the goal is judged on the end-to-end figure).',
    );
  }
  const p = r.profile;
  if (p) {
    lines.push('');
    lines.push(`## Profile of \`${p.scenario}\` (--cpu-prof, ${p.windowed ? 'samples inside the measuring window' : 'whole process life'}: ${fmt(p.totalMs)} ms)`);
    lines.push('');
    if (p.error) lines.push(`⚠ ${p.error}`);
    if (p.load) lines.push(`Profiled run: ${fmt(p.load.rps)} req/s, p99 ${fmt(p.load.p99Ms, 2)} ms (not counted above).`);
    lines.push('');
    lines.push('| # | self ms | self % | function | location |');
    lines.push('|--:|--:|--:|---|---|');
    p.top.forEach((t, i) => lines.push(`| ${i + 1} | ${fmt(t.selfMs, 1)} | ${t.selfPct.toFixed(1)} | \`${t.function}\` | ${t.location ? `\`${t.location}\`` : ''} |`));
    lines.push('');
    lines.push('Self time by area: ' + p.areas.map((a) => `${a.area} ${a.selfPct.toFixed(1)} %`).join(', ') + '.');
  }
  lines.push('');
  return lines.join('\n');
}

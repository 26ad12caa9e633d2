/**
 * What a request costs dialtone in instructions, counted by valgrind's callgrind rather than timed: a figure that the
 * machine's other work does not move, for comparing two builds on a shared host whose CPU time per request moves by
 * up to twice from one run to the next (docs/performance.md). A measurement to run by hand; it needs valgrind
 * (Debian: `apt-get install valgrind`).
 *
 *   node --import tsx bench/instructions.ts [--scenarios get,search,create,list] [--requests 2000] [--connections 8]
 *     [--warmups 4] [--rounds 5] [--ceiling] [--compare DIR] [--node-flags='…'] [--keep DIR [--names]]
 *
 * For each scenario of bench/scenarios.ts, a fresh server runs the bundle under `valgrind --tool=callgrind`, about
 * fifty times slower than natively, and is set up as the bench sets it up. Then rounds of `--requests` requests, sent
 * by this process (not counted) on `--connections` connections: callgrind's counters are zeroed before a round
 * (`callgrind_control --zero`) and dumped after it (`--dump`), once a create's orders have all settled, so that a
 * create's figure includes its fulfilment.
 * Each round gives two figures, divided by the requests answered: the main thread's instructions (the event loop:
 * node:http, SigV4, the handlers, SQLite), which repeat within a few per cent once V8 has optimized what the requests
 * run, and all threads' (V8's background compilers and the collector's helpers as well), which do not. The warm-up
 * rounds, at least `--warmups` and until two rounds in a row agree on the main thread (see `measure`), are not
 * reported. The kernel's work (system calls) is not counted. With `--compare DIR`, another checkout's bundle is
 * measured the same way, by this checkout's harness, scenario by scenario after this one's. `--ceiling` measures the
 * bare node:http server (bench/ceiling-server.mjs) answering the list's GET, for scale. `--keep DIR` keeps the last
 * round's dumps of each server in DIR/<scenario>-<checkout>/ for `callgrind_annotate` (native functions by name:
 * node's, V8's, SQLite's; JavaScript's compiled code is anonymous to callgrind). `--names` with it starts the servers
 * with `--perf-basic-prof`, names their compiled JavaScript in the kept dumps by V8's perf map (callgrind-names.ts), and
 * writes functions.txt beside them: what each function of the main thread executed itself, per request.
 *
 * A scenario on PostgreSQL (`get-pg`, …) runs on a fresh database of the bench's embedded cluster (postgres.ts),
 * seeded as the bench seeds it, and counts dialtone's process alone: the cluster's work, in its own processes, is not
 * counted, nor are the system calls that carry each statement. Under valgrind the server is slower and the cluster is
 * not, so a coalesced read (src/storage/coalesced-reads.ts) gathers fewer requests than natively.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REQUEST_SCENARIO_NAMES } from './args.ts';
import { buildBundle } from './bundle.ts';
import { describeCosts, nameDump, readPerfMap, selfCosts } from './callgrind-names.ts';
import { startCeiling } from './ceiling.ts';
import { installExitHandlers, registerTemp } from './children.ts';
import type { DialtoneServer } from './dialtone.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { NumberSource } from './numbers.ts';
import { merged } from './config.ts';
import { stopBenchPostgres } from './postgres.ts';
import { ceilingRequests, REQUEST_SCENARIOS, scenarioPostgres, seededState, startScenarioServer, type RequestScenarioName } from './scenarios.ts';
import { median } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'get,search,create,list' },
    requests: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '8' },
    warmups: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '5' },
    ceiling: { type: 'boolean', default: false },
    compare: { type: 'string' },
    'node-flags': { type: 'string', default: '' },
    keep: { type: 'string' },
    names: { type: 'boolean', default: false },
  },
});
const ROOT = resolve(import.meta.dirname, '..');
const requests = Number(args.requests);
const connections = Number(args.connections);
const warmups = Number(args.warmups);
const rounds = Number(args.rounds);
const nodeFlags = args['node-flags'].split(' ').filter((flag) => flag !== '');
if (args.names && args.keep === undefined) throw new Error('--names names the code in the dumps that --keep keeps: give --keep DIR');
/** Where V8 writes a server's perf map: its dumps' directory where V8 takes the path (Node 22 and later), else /tmp. */
const perfMapInDumps = args.names && execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).includes('--perf-basic-prof-path');
/** Every step under valgrind (a start, a set-up, a round) may take this long. */
const STEP_MS = 600_000;

const names = args.scenarios.split(',').filter((name) => name !== '');
for (const name of names) {
  if (!(REQUEST_SCENARIO_NAMES as readonly string[]).includes(name)) throw new Error(`no request scenario ${name} (bench/args.ts)`);
}
try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
}

/** One measured server: its process and where callgrind writes its dumps. */
interface Counted {
  pid: number;
  dumps: string;
}

/**
 * `callgrind_control` on the server. vgdb finds a valgrind process by files whose names hold the user and host that
 * the process read from its environment (`USER` or `LOGNAME`, `HOST`: dialtone's is the address it listens on), so the
 * command runs with the server's own values of these (from /proc/<pid>/environ).
 */
function control(server: Counted, command: '--zero' | '--dump'): void {
  const served = new Map(
    readFileSync(`/proc/${server.pid}/environ`, 'utf8')
      .split('\0')
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const),
  );
  const env = { ...process.env };
  for (const name of ['USER', 'LOGNAME', 'HOST']) {
    const value = served.get(name);
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  execFileSync('callgrind_control', [command, String(server.pid)], { env, stdio: 'ignore', timeout: STEP_MS });
}

/** valgrind's callgrind, writing its dumps into a directory of their own, a file per thread. */
function callgrind(): { wrapper: string[]; dumps: string; flags: string[] } {
  const dumps = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-callgrind-')));
  const wrapper = [
    'valgrind',
    '--tool=callgrind',
    // JIT code is written and rewritten in anonymous memory: --smc-check tells callgrind to notice.
    '--smc-check=all-non-file',
    '--separate-threads=yes',
    `--callgrind-out-file=${join(dumps, 'callgrind.out')}`,
  ];
  const perfMap = args.names ? ['--perf-basic-prof', ...(perfMapInDumps ? [`--perf-basic-prof-path=${dumps}`] : [])] : [];
  return { wrapper, dumps, flags: [...nodeFlags, ...perfMap] };
}

/** What one dump counted: the main thread's instructions (the event loop, JavaScript, SQLite) and all threads'. */
interface Count {
  main: number;
  all: number;
}

/**
 * The files of the newest dump in `dumps`, each with its thread: callgrind writes dump N of thread T as
 * callgrind.out.N-TT, the main thread first (01).
 */
function newestDump(dumps: string): { file: string; thread: number }[] {
  const files = readdirSync(dumps)
    .map((file) => /^callgrind\.out\.(\d+)-(\d+)$/.exec(file))
    .filter((match) => match !== null);
  if (files.length === 0) throw new Error(`no callgrind dump in ${dumps}`);
  const newest = Math.max(...files.map((match) => Number(match[1])));
  return files.filter((match) => Number(match[1]) === newest).map((match) => ({ file: match[0], thread: Number(match[2]) }));
}

/** What the newest dump in `dumps` counted (see {@link newestDump}). */
function newestCount(dumps: string): Count {
  const count = { main: 0, all: 0 };
  for (const { file, thread } of newestDump(dumps)) {
    const text = readFileSync(join(dumps, file), 'utf8');
    const total = /^totals:\s*(\d+)/m.exec(text) ?? /^summary:\s*(\d+)/m.exec(text);
    if (!total) throw new Error(`no totals line in ${file}`);
    count.all += Number(total[1]);
    if (thread === 1) count.main = Number(total[1]);
  }
  return count;
}

/** Two rounds' main-thread counts within this fraction of each other end the warm-up (see `measure`). */
const SETTLED = 0.03;

/**
 * Instructions per request of each round after the warm-up. The warm-up is at least `--warmups` rounds, and goes on,
 * up to three times as many, until two rounds in a row count within 3 % of each other on the main thread: V8 goes on
 * optimizing functions for thousands of requests. `settled` waits, after a round's requests, until the work they left
 * behind is done (a create's fulfilment).
 */
async function measure(server: Counted, url: string, next: () => LoadRequest, settled?: () => Promise<void>): Promise<Count[]> {
  const perRequest: Count[] = [];
  let previous: Count | undefined;
  let warm = 0;
  while (perRequest.length < rounds) {
    control(server, '--zero');
    const load = await runLoad({ url, connections, durationS: 0, warmupS: 0, amount: requests, next, budgetMs: STEP_MS });
    const round = warm + perRequest.length + 1;
    if (load.timedOut) throw new Error(`round ${round} did not end within ${STEP_MS / 1000} s`);
    if (load.non2xx > 0 || load.socketErrors > 0) throw new Error(`round ${round}: ${load.non2xx} non-2xx answers (${JSON.stringify(load.statusCodes)}), ${load.socketErrors} socket errors`);
    await settled?.();
    control(server, '--dump');
    const counted = newestCount(server.dumps);
    const count = { main: counted.main / load.ok, all: counted.all / load.ok };
    const steady = previous !== undefined && Math.abs(count.main - previous.main) <= SETTLED * previous.main;
    if (perRequest.length > 0 || (warm >= warmups && steady) || warm >= 3 * warmups) perRequest.push(count);
    else warm++;
    previous = count;
  }
  return perRequest;
}

/**
 * Copies the newest dump's files (the last round's, every thread's) to `--keep`'s directory, under `label`; with
 * `--names`, names the compiled JavaScript in them by the perf map of the server `pid` and writes functions.txt.
 */
function keep(dumps: string, label: string, pid: number): void {
  if (args.keep === undefined) return;
  const dir = join(resolve(args.keep), label);
  mkdirSync(dir, { recursive: true });
  const kept = newestDump(dumps).map(({ file, thread }) => {
    copyFileSync(join(dumps, file), join(dir, file));
    return { path: join(dir, file), thread };
  });
  if (!args.names) return;
  const map = join(perfMapInDumps ? dumps : tmpdir(), `perf-${pid}.map`);
  const codes = readPerfMap(map);
  if (!perfMapInDumps) rmSync(map, { force: true });
  for (const { path } of kept) nameDump(path, codes);
  const main = kept.find(({ thread }) => thread === 1);
  if (main !== undefined) writeFileSync(join(dir, 'functions.txt'), describeCosts(selfCosts(main.path), requests));
}

/**
 * Scenario `name`'s config for a count: no shedding (under valgrind the event loop runs late by design), and the
 * background work that runs by the clock rather than by the requests made rare: the number and order sweeps, the
 * webhook dispatcher's look for due deliveries and, but for a create (whose fulfilment it is), the job worker's idle
 * wait. A round under valgrind lasts about fifty times longer than natively, and a longer one on a busier host, so
 * these would count for about fifty times their native share of a request, more when the host is busy
 * (docs/performance.md, the thirty-eighth round).
 */
function countedConfig(name: RequestScenarioName, config: object | undefined): object {
  return merged(structuredClone(config ?? {}) as Record<string, unknown>, {
    http: { maxEventLoopLagMs: 0 },
    phoneNumbers: { sweepIntervalMs: 3_600_000 },
    orders: { sweepIntervalMs: 3_600_000 },
    webhooks: { pollIntervalMs: 60_000 },
    ...(!name.startsWith('create') && { fulfilment: { idleMs: 60_000 } }),
  });
}

/** Measures scenario `name` on the bundle `entry`; `label` names its kept dumps. */
async function scenario(name: RequestScenarioName, entry: string, label: string): Promise<Count[]> {
  const base = REQUEST_SCENARIOS[name];
  const spec = { ...base, config: countedConfig(name, base.config) };
  const { wrapper, dumps, flags } = callgrind();
  const numbers = new NumberSource('206');
  const load = { connections, durationS: 0, warmupS: 0, orders: 300, entry };
  let server: DialtoneServer | undefined;
  try {
    const prepared = spec.seed && !spec.postgres ? seededState(spec.seed, spec.config, entry) : undefined;
    const databaseUrl = (await scenarioPostgres(spec, undefined, entry))?.url;
    const { next } = await startScenarioServer({
      name,
      load,
      scenario: spec,
      numbers,
      ...(prepared !== undefined && { prepared }),
      ...(databaseUrl !== undefined && { databaseUrl }),
      wrapper,
      nodeFlags: flags,
      timeoutMs: STEP_MS,
      started: (started) => (server = started),
      alive: () => server!,
    });
    const running = server!;
    const settled = name.startsWith('create')
      ? async () => {
          const { orders } = await running.orders.progress();
          const done = await running.orders.waitSettled(orders, STEP_MS);
          if (!done.settled) throw new Error(`the round's orders did not settle: ${JSON.stringify(done.progress)}`);
        }
      : undefined;
    const counts = await measure({ pid: running.pid, dumps }, running.url, next, settled);
    keep(dumps, label, running.pid);
    return counts;
  } finally {
    await server?.stop();
  }
}

async function ceiling(): Promise<Count[]> {
  const { wrapper, dumps, flags } = callgrind();
  const server = await startCeiling(STEP_MS, undefined, wrapper, flags);
  try {
    const counts = await measure({ pid: server.pid, dumps }, server.url, ceilingRequests('ceiling-get', server, new NumberSource('425')));
    keep(dumps, 'ceiling-get', server.pid);
    return counts;
  } finally {
    await server.stop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** The median of the rounds, then each round, on the main thread and on all threads. */
function describe(counts: Count[]): string {
  const of = (key: keyof Count): string => `${fmt(median(counts.map((c) => c[key])))} (${counts.map((c) => fmt(c[key])).join(' / ')})`;
  return `main thread ${of('main')}; all threads ${of('all')}`;
}

installExitHandlers();
const checkouts = [
  { label: 'this checkout', root: ROOT, name: 'this' },
  ...(args.compare ? [{ label: args.compare, root: resolve(args.compare), name: 'compared' }] : []),
];
const entries = new Map<string, string>();
for (const checkout of checkouts) entries.set(checkout.root, await buildBundle(checkout.root));
console.log(
  `instructions per request, counted by callgrind: ${requests} requests a round on ${connections} connections, at least ` +
    `${warmups} warm-up rounds, then ${rounds} rounds: their median (each round)` +
    (nodeFlags.length > 0 ? `; the servers' node flags: ${nodeFlags.join(' ')}` : ''),
);
if (args.ceiling) console.log(`ceiling-get (bare node:http): ${describe(await ceiling())}`);
for (const name of names as RequestScenarioName[]) {
  for (const checkout of checkouts) {
    console.log(`${name}, ${checkout.label}: ${describe(await scenario(name, entries.get(checkout.root)!, `${name}-${checkout.name}`))}`);
  }
}
await stopBenchPostgres();

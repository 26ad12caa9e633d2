/**
 * Start-up and idle memory alone (issue 14: spawn → first 201 ≤ 0.3 s, idle RSS ≤ 80 MB):
 *
 *   node --import tsx bench/startup.ts [--runs 5] [--compare /other/checkout] [--node-modules DIR] [--node-flags "FLAGS" ...]
 *
 * Starts this checkout's bundle (built as bench/bundle.ts builds it) `--runs` times on a fresh data directory, pinned
 * to one core when it can (see pinning.ts), and reports the medians of spawn → URL printed, spawn → first 201, idle
 * RSS (500 ms after the first order settled) and VmHWM, then the latency of the process's first search.
 * `--compare DIR` also builds DIR's bundle and alternates the two. The server runs on the node that runs the bench;
 * `--node-modules DIR` gives the bundles that node_modules instead of the checkout's (for another Node.js line: one
 * whose better-sqlite3 is built for it); each `--node-flags "FLAGS"` adds this checkout's bundle started with those
 * flags on node's command line (V8's flags among them) to the alternation. The CPU figures are the server's user +
 * system time from /proc/<pid>/stat when the URL line and the first 201 were seen: steadier than wall time on a shared
 * machine. Bounded: each start has 60 s.
 */
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { installExitHandlers } from './children.ts';
import { startDialtone, type Startup } from './dialtone.ts';
import type { ApiClient } from './http.ts';
import { NumberSource } from './numbers.ts';
import { pinBench } from './pinning.ts';
import { median, round } from './stats.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, compare: { type: 'string' }, 'node-modules': { type: 'string' }, 'node-flags': { type: 'string', multiple: true } },
});
const runs = Number(values.runs);

async function main(): Promise<void> {
  installExitHandlers();
  const pinning = pinBench();
  console.log(pinning.server !== undefined ? `startup: server on CPU ${pinning.server}` : `startup: NOT pinned (${pinning.reason})`);
  const modules = values['node-modules'];
  console.log(`startup: node ${process.version}${modules ? `, node_modules ${modules}` : ''}`);
  const own = await buildBundle(undefined, modules);
  const entries: [string, string, string[]][] = [['this checkout', own, []]];
  if (values.compare) entries.push([values.compare, await buildBundle(values.compare, modules), []]);
  for (const flags of values['node-flags'] ?? []) entries.push([`this checkout, node ${flags}`, own, flags.split(' ').filter(Boolean)]);
  const numbers = new NumberSource('206');
  const samples = new Map<string, Sample[]>(entries.map(([name]) => [name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const [name, entry, nodeFlags] of entries) {
      const server = await startDialtone({ config: {}, numbers, timeoutMs: 60_000, entry, nodeFlags, ...(pinning.server !== undefined && { cpu: pinning.server }) });
      let firstSearchMs: number;
      try {
        firstSearchMs = await firstSearch(server.api);
      } finally {
        await server.stop();
      }
      const s = { ...server.startup, firstSearchMs };
      samples.get(name)!.push(s);
      console.log(
        `[${run}/${runs}] ${name}: URL ${s.listenMs.toFixed(0)} ms (CPU ${s.listenCpuMs.toFixed(0)} ms), first 201 ${s.firstCreatedMs.toFixed(0)} ms (CPU ${s.firstCreatedCpuMs.toFixed(0)} ms), ` +
          `first search ${firstSearchMs.toFixed(1)} ms, idle RSS ${(s.idleRssKiB / 1024).toFixed(1)} MiB, VmHWM ${(s.idleHwmKiB / 1024).toFixed(1)} MiB`,
      );
    }
  }
  console.log('\n| bundle | CPU ms to URL | CPU ms to first 201 | spawn → URL ms | spawn → first 201 ms | URL → first 201 ms | first search ms | idle RSS MiB | VmHWM MiB |');
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const [name, list] of samples) {
    const m = (pick: (s: Sample) => number): number => round(median(list.map(pick)), 1);
    console.log(
      `| ${name} | ${m((s) => s.listenCpuMs)} | ${m((s) => s.firstCreatedCpuMs)} | ${m((s) => s.listenMs)} | ${m((s) => s.firstCreatedMs)} | ${m((s) => s.firstCreatedMs - s.listenMs)} | ` +
        `${m((s) => s.firstSearchMs)} | ${m((s) => s.idleRssKiB / 1024)} | ${m((s) => s.idleHwmKiB / 1024)} |`,
    );
  }
}

/** A start's figures, and the latency of the process's first SearchAvailablePhoneNumbers (after the first order settled). */
type Sample = Startup & { firstSearchMs: number };

/** The latency of one signed search of 10 numbers in area code 312 (the first of the process). */
async function firstSearch(api: ApiClient): Promise<number> {
  const started = performance.now();
  const reply = await api.send('GET', '/search?type=phone-numbers&area-code=312&max-results=10', undefined, 30_000);
  if (reply.status !== 200) throw new Error(`the first search answered ${reply.status}: ${reply.body}`);
  return performance.now() - started;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`startup: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/**
 * Start-up and idle memory alone (issue 14: spawn → first 201 ≤ 0.3 s, idle RSS ≤ 80 MB):
 *
 *   node --import tsx bench/startup.ts [--runs 5] [--compare /other/checkout]
 *
 * Starts this checkout's bundle (built as bench/bundle.ts builds it) `--runs` times on a fresh data directory, pinned
 * to one core when it can (see pinning.ts), and reports the medians of spawn → URL printed, spawn → first 201, idle
 * RSS (500 ms after the first order settled) and VmHWM. `--compare DIR` also builds DIR's bundle and alternates the
 * two. Bounded: each start has 60 s.
 */
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { installExitHandlers } from './children.ts';
import { startDialtone, type Startup } from './dialtone.ts';
import { NumberSource } from './numbers.ts';
import { pinBench } from './pinning.ts';
import { median, round } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, compare: { type: 'string' } } });
const runs = Number(values.runs);

async function main(): Promise<void> {
  installExitHandlers();
  const pinning = pinBench();
  console.log(pinning.server !== undefined ? `startup: server on CPU ${pinning.server}` : `startup: NOT pinned (${pinning.reason})`);
  const entries: [string, string][] = [['this checkout', await buildBundle()]];
  if (values.compare) entries.push([values.compare, await buildBundle(values.compare)]);
  const numbers = new NumberSource('206');
  const samples = new Map<string, Startup[]>(entries.map(([name]) => [name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const [name, entry] of entries) {
      const server = await startDialtone({ config: {}, numbers, timeoutMs: 60_000, entry, ...(pinning.server !== undefined && { cpu: pinning.server }) });
      await server.stop();
      const s = server.startup;
      samples.get(name)!.push(s);
      console.log(`[${run}/${runs}] ${name}: URL ${s.listenMs.toFixed(0)} ms, first 201 ${s.firstCreatedMs.toFixed(0)} ms, idle RSS ${(s.idleRssKiB / 1024).toFixed(1)} MiB, VmHWM ${(s.idleHwmKiB / 1024).toFixed(1)} MiB`);
    }
  }
  console.log('\n| bundle | spawn → URL ms | spawn → first 201 ms | idle RSS MiB | VmHWM MiB |');
  console.log('|---|--:|--:|--:|--:|');
  for (const [name, list] of samples) {
    const m = (pick: (s: Startup) => number): number => round(median(list.map(pick)), 1);
    console.log(`| ${name} | ${m((s) => s.listenMs)} | ${m((s) => s.firstCreatedMs)} | ${m((s) => s.idleRssKiB / 1024)} | ${m((s) => s.idleHwmKiB / 1024)} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`startup: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/**
 * One request scenario on this checkout and on another (`--compare DIR`) at the same time, in interleaved slices: both
 * servers run side by side, pinned to the same core, and the load (from the other core) goes to one, then the other,
 * slice after slice. A machine whose speed drifts (a shared host) then slows both alike, and the paired ratio of
 * each slice shows the change that whole runs minutes apart cannot. A measurement to run by hand; not part of
 * `npm test`.
 *
 *   node --import tsx bench/interleave.ts --compare DIR [--scenario numbers-list-1k] [--slices 8] [--slice 3]
 *                                         [--warmup 3] [--connections 50]
 *
 * Each checkout runs as its own bundle (see bundle.ts) on its own copy of the scenario's seeded state; a get scenario
 * first reads each row of its sample once (see RequestScenario.firstPass), then warms up. Reported: per
 * checkout, the server CPU µs per request of each slice and their median, and the median of the slices' ratios
 * (this checkout ÷ the other). Bounded: slices × 2 × (slice + 1 s) after the warm-ups; the servers stop at the end.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { REQUEST_SCENARIO_NAMES } from './args.ts';
import { buildBundle } from './bundle.ts';
import { installExitHandlers } from './children.ts';
import type { DialtoneServer } from './dialtone.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { NumberSource } from './numbers.ts';
import { pinBench } from './pinning.ts';
import { REQUEST_SCENARIOS, runFirstPass, seededState, startScenarioServer, type RequestScenarioName } from './scenarios.ts';
import { median } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    compare: { type: 'string' },
    scenario: { type: 'string', default: 'numbers-list-1k' },
    slices: { type: 'string', default: '8' },
    slice: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
  },
});
if (args.compare === undefined) throw new Error('--compare DIR: the other checkout (with its node_modules) is required');
const name = args.scenario as RequestScenarioName;
if (!(REQUEST_SCENARIO_NAMES as readonly string[]).includes(name)) throw new Error(`--scenario: one of ${REQUEST_SCENARIO_NAMES.join(', ')}`);
const scenario = REQUEST_SCENARIOS[name];
// Its servers run on SQLite: a scenario on PostgreSQL would silently measure SQLite.
if (scenario.postgres) throw new Error(`--scenario: ${name} runs on PostgreSQL, which interleave.ts does not start`);
const [slices, sliceS, warmupS, connections] = [Number(args.slices), Number(args.slice), Number(args.warmup), Number(args.connections)];

installExitHandlers();
const pinning = pinBench();
if (pinning.server === undefined) console.log(`interleave: NOT pinned (${pinning.reason})`);
const checkouts = [resolve(import.meta.dirname, '..'), resolve(args.compare)];
const servers: { checkout: string; server: DialtoneServer; next: () => LoadRequest; samples: number[] }[] = [];
try {
  for (const [i, checkout] of checkouts.entries()) {
    const entry = await buildBundle(checkout);
    const o = { connections, durationS: sliceS, warmupS, orders: 300, entry, cpu: pinning.server };
    const prepared = scenario.seed ? seededState(scenario.seed, scenario.config ?? {}, entry) : undefined;
    let server: DialtoneServer | undefined;
    const { next, firstPass } = await startScenarioServer({
      name,
      load: o,
      numbers: new NumberSource(['206', '425'][i]!),
      ...(prepared !== undefined && { prepared }),
      started: (s) => (server = s),
      alive: () => server!,
    });
    servers.push({ checkout, server: server!, next, samples: [] });
    if (firstPass > 0) await runFirstPass(server!, o, next, firstPass);
  }
  const load = (entry: (typeof servers)[number], durationS: number, warm: number) =>
    runLoad({ url: entry.server.url, connections, durationS, warmupS: warm, next: entry.next, budgetMs: (durationS + warm) * 1000 + 20_000, serverPid: entry.server.pid });
  for (const entry of servers) await load(entry, warmupS, 0);
  for (let slice = 0; slice < slices; slice++) {
    // Alternate which checkout goes first, so that neither always follows the other's load.
    const order = slice % 2 === 0 ? servers : [...servers].reverse();
    for (const entry of order) {
      const result = await load(entry, sliceS, 1);
      if (result.non2xx > 0 || result.socketErrors > 0) throw new Error(`${entry.checkout}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`);
      entry.samples.push(result.serverCpuUsPerRequest ?? Number.NaN);
    }
  }
  console.log(`${name}: ${scenario.title}`);
  console.log(`${slices} interleaved slices of ${sliceS} s (after 1 s of load each), ${connections} connections; server CPU µs per request:`);
  for (const { checkout, samples } of servers) {
    console.log(`  ${checkout.padEnd(28)} ${median(samples).toFixed(1).padStart(8)}   (${samples.map((v) => v.toFixed(1)).join(' / ')})`);
  }
  const [head, other] = servers as [(typeof servers)[number], (typeof servers)[number]];
  const ratios = head.samples.map((v, i) => v / other.samples[i]!);
  console.log(`  ratio (this ÷ other), median of slices: ${median(ratios).toFixed(3)}   (${ratios.map((r) => r.toFixed(2)).join(' / ')})`);
} finally {
  for (const { server } of servers) await server.stop();
}

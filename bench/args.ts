/** Command-line options of `npm run bench -- [options]`. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The request scenarios, in report order (see scenarios.ts). */
export const REQUEST_SCENARIO_NAMES = [
  'create',
  'create-scattered',
  'get',
  'list',
  'search',
  'search-state',
  'create-pg',
  'get-pg',
  'list-pg',
  'search-pg',
  'number-get-pg',
  'numbers-list-pg',
  ...(['1k', '1m'] as const).flatMap((size) => [`create-${size}`, `order-get-${size}`, `orders-list-${size}`, `number-get-${size}`, `numbers-list-${size}`, `search-${size}`] as const),
  'numbers-list',
  'numbers-get',
  'numbers-list-vc',
  'associate',
] as const;
export const ALL_SCENARIOS = [...REQUEST_SCENARIO_NAMES, 'fulfilment'] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

export interface BenchOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  runs: number;
  scenarios: ScenarioName[];
  fulfilNumbers: number;
  fulfilTimeoutS: number;
  orders: number;
  profile: boolean;
  profileScenario: (typeof REQUEST_SCENARIO_NAMES)[number];
  /** bin: node bin/dialtone.js (the sources through tsx); bundle: the esbuild bundle npm start runs. */
  entry: 'bin' | 'bundle';
  outDir: string;
}

export const USAGE = `Usage: npm run bench -- [options]

Benchmarks dialtone (a fresh child process per scenario run) against the ceiling: a bare node:http server driven by
the same in-process load generator (autocannon), the same connections and duration. Never part of npm test.

Options:
  --duration S          measuring window per run, seconds (default 10)
  --warmup S            load before the window opens, seconds (default 2)
  --connections N       concurrent keep-alive connections (default 50)
  --runs N              runs per scenario; medians are reported (default 3)
  --scenarios a,b       any of ${ALL_SCENARIOS.join(',')} (default: all)
  --fulfil-numbers N    numbers ordered in the fulfilment scenario, 50 per order (default 100000)
  --fulfil-timeout S    budget of one fulfilment run, seconds (default 180)
  --orders N            orders created before get/list (default 300)
  --profile             also run create once under --cpu-prof and print the top 15 self-time functions
                        (the .cpuprofile stays in bench/results/profiles/, which is not committed)
  --profile-scenario S  profile another request scenario instead of create
  --entry bundle|bin    what dialtone runs as: the esbuild bundle that npm start runs (default; built into a temp
                        dir), or bin/dialtone.js, the sources through tsx; start-up and idle RSS are also
                        measured for the other one
  --out DIR             where latest.{json,md,svg} go (default bench/results)
  -h, --help            this text
`;

function positive(name: string, text: string | undefined, fallback: number, integer = true): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name}: '${text}' must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return value;
}

function profileScenario(text: string | undefined): BenchOptions['profileScenario'] {
  const known = REQUEST_SCENARIO_NAMES;
  if (text === undefined) return 'create';
  const found = known.find((k) => k === text);
  if (!found) throw new Error(`--profile-scenario: '${text}' must be one of ${known.join(', ')}`);
  return found;
}

function entryOf(text: string | undefined): BenchOptions['entry'] {
  if (text === undefined || text === 'bundle') return 'bundle';
  if (text === 'bin') return 'bin';
  throw new Error(`--entry: '${text}' must be bin or bundle`);
}

/** @returns undefined when --help was asked. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      runs: { type: 'string' },
      scenarios: { type: 'string' },
      'fulfil-numbers': { type: 'string' },
      'fulfil-timeout': { type: 'string' },
      orders: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-scenario': { type: 'string' },
      out: { type: 'string' },
      entry: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const scenarios = (values.scenarios ?? ALL_SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of scenarios) {
    if (!(ALL_SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios: unknown scenario '${s}' (known: ${ALL_SCENARIOS.join(', ')})`);
  }
  const warmupS = values.warmup === '0' ? 0 : positive('warmup', values.warmup, 2, false);
  return {
    durationS: positive('duration', values.duration, 10, false),
    warmupS,
    connections: positive('connections', values.connections, 50),
    runs: positive('runs', values.runs, 3),
    scenarios: ALL_SCENARIOS.filter((s) => scenarios.includes(s)),
    fulfilNumbers: positive('fulfil-numbers', values['fulfil-numbers'], 100_000),
    fulfilTimeoutS: positive('fulfil-timeout', values['fulfil-timeout'], 180, false),
    orders: positive('orders', values.orders, 300),
    profile: (values.profile ?? false) || values['profile-scenario'] !== undefined,
    profileScenario: profileScenario(values['profile-scenario']),
    entry: entryOf(values.entry),
    outDir: values.out ?? join(import.meta.dirname, 'results'),
  };
}

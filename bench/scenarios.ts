/**
 * The request scenarios (each against a fresh dialtone) and the two ceilings (the bare node:http server, driven
 * with requests of the same shape: a signed POST with a fresh body, or a signed GET).
 */
import type { REQUEST_SCENARIO_NAMES } from './args.ts';
import type { CeilingServer } from './ceiling.ts';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { removeTemp } from './children.ts';
import { DIALTONE_BIN, onPostgresEnv, prepareState, startDialtone, type DialtoneServer, type Startup, type State } from './dialtone.ts';
import { createOrderBody } from './http.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { benchPostgres, type BenchPostgres } from './postgres.ts';
import { EndToEndMeter, type EndToEnd } from './end-to-end.ts';
import { readCpuSeconds } from './proc.ts';
import type { FastSigner } from './sigv4.ts';

export type RequestScenarioName = (typeof REQUEST_SCENARIO_NAMES)[number];

/** Owned numbers seeded (with `dialtone seed`, not through the API) before the owned-number scenarios. */
export const SEEDED_NUMBERS = 1_000_000;
/** Of those, how many `numbers-list-vc` puts on one voice connector. */
export const ON_CONNECTOR = 100_000;
/** Numbers per AssociatePhoneNumbersWithVoiceConnector call in `associate`. */
export const ASSOCIATE_BATCH = 100;
export type CeilingName = 'ceiling-post' | 'ceiling-get';

/** The goals (issue 14): server CPU time per request, measured with the server pinned to its own core. */
export interface Goal {
  /** Most server CPU per request, microseconds. */
  maxCpuUs: number;
}

/** Per-request CPU goals of issue 14. */
export const GOALS = {
  create: { maxCpuUs: 200 },
  get: { maxCpuUs: 40 },
  list: { maxCpuUs: 200 },
  search: { maxCpuUs: 100 },
} as const satisfies Record<string, Goal>;

/** What `dialtone seed` puts into the account before the server starts (see {@link seededState}). */
export interface Seed {
  numbers?: number;
  /** Of the seeded numbers, put this many on one voice connector (`--on-voice-connector`). */
  onConnector?: number;
  /** Orders of one number each (`--orders N --per-order 1`), left Processing: the scenario parks the worker. */
  orders?: number;
}

/**
 * Config for scenarios on seeded orders: the worker claims one job and waits on a carrier that answers after 10
 * minutes, so that fulfilling a million seeded orders does not run beside the load (the orders stay Processing).
 */
const PARKED_WORKER = { carrier: { latencyMs: 600_000 }, fulfilment: { batchSize: 1, maxInFlight: 1, leaseMs: 3_600_000 } };

export interface RequestScenario {
  title: string;
  ceiling: CeilingName;
  /** No goal: shown for information. */
  goal?: Goal;
  /** Orders to create through the API (and let settle) before the load. */
  needsOrders: boolean;
  /** Seeded into the database before the server starts. */
  seed?: Seed;
  /** Config of the server (the bench adds its overrides, see config.ts). */
  config?: object;
  /** Create a voice connector through the API before the load. */
  needsConnector?: boolean;
  /** Run on a fresh database of the bench's PostgreSQL cluster (one node) instead of SQLite. */
  postgres?: boolean;
  requests(ctx: ScenarioContext): () => LoadRequest;
  /**
   * The requests of one pass over the distinct orders or numbers that `requests` cycles through. The bench sends that
   * pass before the warm-up (a fresh server's first reads of those rows' pages, and its code's first runs) and reports
   * its cost apart, so that the window measures the server once every row it reads has been read once. Without it, a
   * 1,000,000 scenario's 10,000 first reads ran into the window on a slow host state and not on a fast one.
   */
  firstPass?(ctx: ScenarioContext): number;
}

interface ScenarioContext {
  signer: FastSigner;
  numbers: NumberSource;
  orderIds: string[];
  /** A sample of the seeded numbers, spread over the whole range. */
  owned: string[];
  /** A sample of the seeded orders' ids, spread over the whole range. */
  seededOrders: string[];
  /** The seeded numbers still `Unassigned`, in E.164 order (scenarios with `needsConnector`). */
  unassigned: string[];
  /** The voice connector: seeded (`seedOnConnector`) or created (`needsConnector`). */
  connectorId?: string;
}

const signed = (signer: FastSigner, method: string, path: string, body?: string): LoadRequest => ({ method, path, headers: signer.sign(method, path, body), body });

const createRequests = (ctx: { signer: FastSigner; numbers: NumberSource }) => (): LoadRequest =>
  signed(ctx.signer, 'POST', '/phone-number-orders', createOrderBody([ctx.numbers.next()]));
const getPath = (path: string) => (ctx: { signer: FastSigner }) => (): LoadRequest => signed(ctx.signer, 'GET', path);

export const LIST_PATH = '/phone-number-orders?max-results=10';

/** Numbers or orders per page in the list scenarios of the goals. */
export const PAGE = 50;

const label = (count: number): string => count.toLocaleString('en-US');

/**
 * A prime step through a sample: request i reads item (i × STRIDE) mod n, so every item once in n requests (for any
 * n up to the sample's 10,000 but 7,919 itself), and neighbours in the sample far apart in time.
 */
const STRIDE = 7919;

/** Gets of `path(row)` for the rows of a sample in STRIDE order (each row once in every `rows.length` requests), and their first pass. */
function sampledGets(rows: (ctx: ScenarioContext) => string[], path: (row: string) => string): Pick<RequestScenario, 'requests' | 'firstPass'> {
  return {
    requests: (ctx) => {
      const sample = rows(ctx);
      let i = 0;
      return () => signed(ctx.signer, 'GET', path(sample[(i++ * STRIDE) % sample.length]!));
    },
    firstPass: (ctx) => rows(ctx).length,
  };
}

const orderPath = (id: string): string => `/phone-number-orders/${id}`;
const numberPath = (e164: string): string => `/phone-numbers/${encodeURIComponent(e164)}`;

type SizedScenario = 'create' | 'order-get' | 'orders-list' | 'number-get' | 'numbers-list' | 'search';

/**
 * The scenarios of issue 14's read goals, against an account holding `count` seeded numbers (gets, lists and search
 * of numbers) or `count` seeded orders of one number each (gets and lists of orders), and creates (with fulfilment
 * running, as `create`) in an account that owns `count` numbers: each fulfilled number goes into the indexes of
 * the owned numbers.
 */
function sizedScenarios<S extends '1k' | '1m'>(size: S, count: number): Record<`${SizedScenario}-${S}`, RequestScenario> {
  const orders = { orders: count };
  const numbers = { numbers: count };
  const all: Record<string, RequestScenario> = {
    [`create-${size}`]: {
      title: `signed CreatePhoneNumberOrder, 1 fresh number, in an account owning ${label(count)} numbers`,
      ceiling: 'ceiling-post',
      goal: GOALS.create,
      needsOrders: false,
      seed: numbers,
      requests: createRequests,
    },
    [`order-get-${size}`]: {
      title: `signed GetPhoneNumberOrder of random orders among ${label(count)} seeded in the account`,
      ceiling: 'ceiling-get',
      goal: GOALS.get,
      needsOrders: false,
      seed: orders,
      config: PARKED_WORKER,
      ...sampledGets(({ seededOrders }) => seededOrders, orderPath),
    },
    [`orders-list-${size}`]: {
      title: `signed ListPhoneNumberOrders, max-results=${PAGE}, first page of an account with ${label(count)} orders`,
      ceiling: 'ceiling-get',
      goal: GOALS.list,
      needsOrders: false,
      seed: orders,
      config: PARKED_WORKER,
      requests: getPath(`/phone-number-orders?max-results=${PAGE}`),
    },
    [`number-get-${size}`]: {
      title: `signed GetPhoneNumber of random numbers among ${label(count)} owned`,
      ceiling: 'ceiling-get',
      goal: GOALS.get,
      needsOrders: false,
      seed: numbers,
      ...sampledGets(({ owned }) => owned, numberPath),
    },
    [`numbers-list-${size}`]: {
      title: `signed ListPhoneNumbers, max-results=${PAGE}, first page of an account owning ${label(count)} numbers`,
      ceiling: 'ceiling-get',
      goal: GOALS.list,
      needsOrders: false,
      seed: numbers,
      requests: getPath(`/phone-numbers?max-results=${PAGE}`),
    },
    [`search-${size}`]: {
      title: `signed SearchAvailablePhoneNumbers, max-results=10, in the area code of the ${label(count)} numbers the account owns`,
      ceiling: 'ceiling-get',
      goal: GOALS.search,
      needsOrders: false,
      seed: numbers,
      requests: ({ signer, owned }) => getPath(`/search?type=phone-numbers&area-code=${owned[0]!.slice(2, 5)}&max-results=10`)({ signer }),
    },
  };
  return all as Record<`${SizedScenario}-${S}`, RequestScenario>;
}

/**
 * The scenarios `create`, `get`, `list` and `search` on PostgreSQL (one node): `create-pg` and so on; and the gets and
 * pages of numbers of an account owning 1,000 (`number-get-pg`, `numbers-list-pg`), seeded into each run's database.
 */
type PostgresScenario = 'create' | 'get' | 'list' | 'search' | 'number-get' | 'numbers-list';
function onPostgres(
  scenarios: Pick<Record<RequestScenarioName, RequestScenario>, 'create' | 'get' | 'list' | 'search' | 'number-get-1k' | 'numbers-list-1k'>,
): Record<`${PostgresScenario}-pg`, RequestScenario> {
  const on = (scenario: RequestScenario): RequestScenario => ({ ...scenario, title: `${scenario.title}; on PostgreSQL (one node)`, postgres: true });
  return {
    'create-pg': on(scenarios.create),
    'get-pg': on(scenarios.get),
    'list-pg': on(scenarios.list),
    'search-pg': on(scenarios.search),
    'number-get-pg': on(scenarios['number-get-1k']),
    'numbers-list-pg': on(scenarios['numbers-list-1k']),
  };
}

/** The numbers of `create-scattered`, from an area code of their own, made on first use. */
let scatteredNumbers: NumberSource | undefined;

const SQLITE_SCENARIOS = {
  create: {
    title: 'signed CreatePhoneNumberOrder, 1 fresh number',
    ceiling: 'ceiling-post',
    goal: GOALS.create,
    needsOrders: false,
    requests: createRequests,
  },
  'create-scattered': {
    title: 'signed CreatePhoneNumberOrder, 1 fresh number, scattered over an area code as numbers picked from searches are (create orders consecutive ones)',
    ceiling: 'ceiling-post',
    goal: GOALS.create,
    needsOrders: false,
    requests: ({ signer }) => createRequests({ signer, numbers: (scatteredNumbers ??= new NumberSource('509', 'scattered')) }),
  },
  get: {
    title: 'signed GetPhoneNumberOrder of existing orders (300 created through the API)',
    ceiling: 'ceiling-get',
    goal: GOALS.get,
    needsOrders: true,
    requests: ({ signer, orderIds }) => {
      let i = 0;
      return () => signed(signer, 'GET', `/phone-number-orders/${orderIds[i++ % orderIds.length]}`);
    },
    firstPass: ({ orderIds }) => orderIds.length,
  },
  list: {
    title: `signed ListPhoneNumberOrders, ${LIST_PATH.split('?')[1]}`,
    ceiling: 'ceiling-get',
    needsOrders: true,
    requests: getPath(LIST_PATH),
  },
  search: {
    title: 'signed SearchAvailablePhoneNumbers, area-code=206, max-results=10',
    ceiling: 'ceiling-get',
    goal: GOALS.search,
    needsOrders: false,
    requests: getPath('/search?type=phone-numbers&area-code=206&max-results=10'),
  },
  'search-state': {
    title: 'signed SearchAvailablePhoneNumbers, state=CA, max-results=10',
    ceiling: 'ceiling-get',
    goal: GOALS.search,
    needsOrders: false,
    requests: getPath('/search?type=phone-numbers&state=CA&max-results=10'),
  },
  'numbers-list': {
    title: `signed ListPhoneNumbers, max-results=99, first page of an account owning ${SEEDED_NUMBERS.toLocaleString('en-US')} numbers`,
    ceiling: 'ceiling-get',
    needsOrders: false,
    seed: { numbers: SEEDED_NUMBERS },
    requests: getPath('/phone-numbers?max-results=99'),
  },
  'numbers-get': {
    title: `signed GetPhoneNumber of random numbers among ${SEEDED_NUMBERS.toLocaleString('en-US')} owned`,
    ceiling: 'ceiling-get',
    goal: GOALS.get,
    needsOrders: false,
    seed: { numbers: SEEDED_NUMBERS },
    ...sampledGets(({ owned }) => owned, numberPath),
  },
  'numbers-list-vc': {
    title:
      `signed ListPhoneNumbers, filter-name=VoiceConnectorId, max-results=99, first page; ${ON_CONNECTOR.toLocaleString('en-US')} of ` +
      `${SEEDED_NUMBERS.toLocaleString('en-US')} owned numbers on the connector`,
    ceiling: 'ceiling-get',
    needsOrders: false,
    seed: { numbers: SEEDED_NUMBERS, onConnector: ON_CONNECTOR },
    requests: ({ signer, connectorId }) => getPath(`/phone-numbers?max-results=99&filter-name=VoiceConnectorId&filter-value=${connectorId}`)({ signer }),
  },
  associate: {
    title: `signed AssociatePhoneNumbersWithVoiceConnector, ${ASSOCIATE_BATCH} fresh numbers per call (numbers/s = req/s × ${ASSOCIATE_BATCH}), ${SEEDED_NUMBERS.toLocaleString('en-US')} owned`,
    ceiling: 'ceiling-post',
    needsOrders: false,
    seed: { numbers: SEEDED_NUMBERS },
    needsConnector: true,
    requests: ({ signer, connectorId, unassigned }) => {
      let next = 0;
      const path = `/voice-connectors/${connectorId}?operation=associate-phone-numbers`;
      return () => {
        const batch: string[] = [];
        // Wraps around when every seeded number is on the connector: re-associating is a cheaper no-op, so a run that
        // wraps is flagged (see the check of the associations made after the run).
        for (let i = 0; i < ASSOCIATE_BATCH; i++) batch.push(unassigned[next++ % unassigned.length]!);
        return signed(signer, 'POST', path, JSON.stringify({ E164PhoneNumbers: batch, ForceAssociate: false }));
      };
    },
  },
  ...sizedScenarios('1k', 1_000),
  ...sizedScenarios('1m', 1_000_000),
} satisfies Record<Exclude<RequestScenarioName, `${string}-pg`>, RequestScenario>;

export const REQUEST_SCENARIOS: Record<RequestScenarioName, RequestScenario> = { ...SQLITE_SCENARIOS, ...onPostgres(SQLITE_SCENARIOS) };

export const CEILING_TITLES: Record<CeilingName, string> = {
  'ceiling-post': 'bare node:http, fixed 290-byte JSON; signed POST with a fresh body (as create)',
  'ceiling-get': 'bare node:http, fixed 290-byte JSON; signed GET (as list)',
};

export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Orders created before get/list. */
  orders: number;
  /** What node runs for dialtone (default bin/dialtone.js). */
  entry?: string;
  /** The core the servers run on (see pinning.ts); undefined: not pinned. */
  cpu?: string;
}

export interface ScenarioRun {
  status: 'ok' | 'timeout' | 'error';
  error?: string;
  /** The server's pid (dialtone runs). */
  serverPid?: number;
  load?: LoadResult;
  startup?: Startup;
  /** Bytes the server wrote to stdout/stderr per request in the run (its logs). */
  logBytesPerRequest?: number;
  /** create: ordered numbers that appear more than once in the database (must be 0). */
  duplicateNumbers?: number;
  /** create: fulfilment backlog (orders still Processing) when the load stopped. */
  processingAtEnd?: number;
  /** create: CPU per order end to end, its fulfilment included (end-to-end.ts). */
  endToEnd?: EndToEnd;
  /** associate: numbers on the connector after the run (warm-up included). */
  associatedNumbers?: number;
  /** The pass over the scenario's distinct rows sent before the warm-up (see RequestScenario.firstPass). */
  firstPass?: FirstPass;
}

export interface FirstPass {
  requests: number;
  seconds: number;
  /** Server CPU time of the pass ÷ its responses, µs. */
  serverCpuUsPerRequest?: number;
  /** The database's (PostgreSQL's processes), the same way. */
  databaseCpuUsPerRequest?: number;
}

/**
 * One request for each distinct row the scenario reads, before its warm-up: a cold server reads those rows' pages
 * from the file for the first time here. Bounded like a load (60 s more than a pass at 200 requests/s would take).
 */
export async function runFirstPass(
  server: DialtoneServer,
  o: LoadOptions,
  next: () => LoadRequest,
  requests: number,
  databaseCpuSeconds?: () => number | undefined,
): Promise<FirstPass> {
  const load = await runLoad({
    url: server.url,
    connections: o.connections,
    durationS: 0,
    warmupS: 0,
    amount: requests,
    next,
    budgetMs: 60_000 + requests * 5,
    serverPid: server.pid,
    ...(databaseCpuSeconds !== undefined && { databaseCpuSeconds }),
  });
  if (load.timedOut || load.non2xx > 0 || load.socketErrors > 0) {
    throw new Error(`first pass: ${load.timedOut ? 'timed out, ' : ''}${load.non2xx} non-2xx, ${load.socketErrors} socket errors`);
  }
  return {
    requests: load.completed,
    seconds: load.windowS,
    ...(load.serverCpuUsPerRequest !== undefined && { serverCpuUsPerRequest: load.serverCpuUsPerRequest }),
    ...(load.databaseCpuUsPerRequest !== undefined && { databaseCpuUsPerRequest: load.databaseCpuUsPerRequest }),
  };
}

const budgetMs = (o: LoadOptions): number => (o.warmupS + o.durationS) * 1000 + 20_000;

/** The requests of a ceiling: creates for `ceiling-post`, the list's GET for `ceiling-get`, signed for `ceiling`. */
export function ceilingRequests(name: CeilingName, ceiling: CeilingServer, numbers: NumberSource): () => LoadRequest {
  return name === 'ceiling-post' ? createRequests({ signer: ceiling.signer, numbers }) : getPath(LIST_PATH)({ signer: ceiling.signer });
}

export async function runCeiling(name: CeilingName, ceiling: CeilingServer, o: LoadOptions, numbers: NumberSource): Promise<ScenarioRun> {
  const next = ceilingRequests(name, ceiling, numbers);
  try {
    const load = await runLoad({ url: ceiling.url, connections: o.connections, durationS: o.durationS, warmupS: o.warmupS, next, budgetMs: budgetMs(o), serverPid: ceiling.pid });
    return { status: load.timedOut ? 'timeout' : 'ok', load };
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  }
}

/** Starts a fresh dialtone, prepares, loads it, checks what it stored, stops it. `nodeFlags` e.g. for --cpu-prof. */
export async function runRequestScenario(
  name: RequestScenarioName,
  o: LoadOptions,
  numbers: NumberSource,
  extra: { nodeFlags?: string[]; onWindow?: (load: LoadResult) => void; scenario?: RequestScenario } = {},
): Promise<ScenarioRun> {
  const scenario = extra.scenario ?? REQUEST_SCENARIOS[name];
  const state: { server?: DialtoneServer; expired: boolean } = { expired: false };
  let timer: NodeJS.Timeout | undefined;
  const overall = 60_000 + 120_000 + budgetMs(o);
  const alive = (): DialtoneServer => {
    if (state.expired || !state.server) throw new Error('scenario budget exceeded');
    return state.server;
  };
  const config = scenario.config ?? {};
  // Before the budget starts: the first seed of a bench run (a million orders take minutes) is not the scenario's time.
  let prepared: State | undefined;
  try {
    prepared = scenario.seed && !scenario.postgres ? seededState(scenario.seed, config, o.entry) : undefined;
  } catch (error) {
    return { status: 'error', error: `seeding failed: ${(error as Error).message}` };
  }
  const work = async (): Promise<ScenarioRun> => {
    const database = await scenarioPostgres(scenario, o.cpu, o.entry);
    const databaseUrl = database?.url;
    const databaseCpuSeconds = database ? () => database.postgres.cpuSeconds() : undefined;
    const { next, unassigned, firstPass } = await startScenarioServer({
      name,
      load: o,
      numbers,
      ...(prepared !== undefined && { prepared }),
      ...(databaseUrl !== undefined && { databaseUrl }),
      ...(extra.nodeFlags !== undefined && { nodeFlags: extra.nodeFlags }),
      ...(extra.scenario !== undefined && { scenario: extra.scenario }),
      started: (server) => (state.server = server),
      alive,
    });
    const server = alive();
    const first = firstPass > 0 ? await runFirstPass(server, o, next, firstPass, databaseCpuSeconds) : undefined;
    const logBefore = server.logBytes();
    const meter = name.startsWith('create')
      ? new EndToEndMeter(() => (readCpuSeconds(server.pid) ?? NaN) + (databaseCpuSeconds?.() ?? 0), () => server.orders.progress())
      : undefined;
    const load = await runLoad({
      url: server.url,
      connections: o.connections,
      durationS: o.durationS,
      warmupS: o.warmupS,
      next,
      budgetMs: budgetMs(o),
      serverPid: server.pid,
      ...(databaseCpuSeconds !== undefined && { databaseCpuSeconds }),
      ...(meter !== undefined && { onStart: () => meter.openAfter(o.warmupS * 1000) }),
    });
    extra.onWindow?.(load);
    const run: ScenarioRun = { status: load.timedOut ? 'timeout' : 'ok', serverPid: server.pid, load, ...(first !== undefined && { firstPass: first }) };
    // Start-up figures come from fresh, empty servers on SQLite only (a seeded database is not a first start, and the
    // goal is `npm start`'s, on embedded SQLite; a start on PostgreSQL migrates a fresh database over the network).
    if (!scenario.seed && !scenario.postgres) run.startup = server.startup;
    const requests = load.ok + load.non2xx;
    if (requests > 0) run.logBytesPerRequest = Math.round((server.logBytes() - logBefore) / requests);
    if (name === 'associate') {
      run.associatedNumbers = await server.orders.associationCount();
      if (run.associatedNumbers < load.ok * ASSOCIATE_BATCH) run.error = `wrapped around the ${unassigned.length} unassigned numbers`;
    }
    if (meter) {
      const endToEnd = await meter.close();
      if (endToEnd) run.endToEnd = endToEnd;
      const counts = await server.orders.numberCounts();
      run.duplicateNumbers = counts.total - counts.distinct;
      run.processingAtEnd = endToEnd?.backlog ?? (await server.orders.progress()).processing;
    }
    return run;
  };
  const budget = new Promise<ScenarioRun>((resolve) => {
    timer = setTimeout(() => {
      state.expired = true;
      resolve({ status: 'timeout', error: `scenario exceeded its budget of ${overall / 1000} s` });
    }, overall);
  });
  const working = work();
  // A late server (started after the budget ran out) is stopped as soon as it is there.
  working.catch(() => undefined).finally(() => (state.expired ? state.server?.stop() : undefined)).catch(() => undefined);
  try {
    return await Promise.race([working, budget]);
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    await state.server?.stop();
  }
}

/**
 * Starts dialtone for a scenario on `prepared` (its seeded state, if any) and makes what its requests need (orders,
 * a voice connector); answers the scenario's request maker. `started` receives the server as soon as it runs, and
 * `alive` answers it while the scenario may still use it.
 */
export interface ScenarioServerOptions {
  name: RequestScenarioName;
  /** The scenario itself, when it is not `name`'s (bench/peer.ts measures one of its own under a known name). */
  scenario?: RequestScenario;
  load: LoadOptions;
  numbers: NumberSource;
  /** A state directory prepared beforehand (seeded); a fresh one when absent. */
  prepared?: State;
  /** The PostgreSQL database to run on (scenarios with `postgres`). */
  databaseUrl?: string;
  nodeFlags?: string[];
  /** A command node runs under (see children.ts `StartSpec.wrapper`). */
  wrapper?: string[];
  /** How long the start and each step of the set-up may take (default 60 s). */
  timeoutMs?: number;
  /** Told the server as soon as it runs, so that the caller can stop it whatever happens during the set-up. */
  started(server: DialtoneServer): void;
  /** The running server, or a throw once the caller's budget has run out (asked between the set-up's steps). */
  alive(): DialtoneServer;
}

export async function startScenarioServer(options: ScenarioServerOptions): Promise<{ next: () => LoadRequest; unassigned: string[]; firstPass: number }> {
  const { name, load: o, numbers, prepared, databaseUrl, nodeFlags, wrapper, timeoutMs = 60_000, started, alive } = options;
  const scenario = options.scenario ?? REQUEST_SCENARIOS[name];
  started(
    await startDialtone({
      config: scenario.config ?? {},
      numbers,
      nodeFlags,
      ...(wrapper !== undefined && { wrapper }),
      timeoutMs,
      entry: o.entry,
      state: prepared,
      ...(databaseUrl !== undefined && { databaseUrl }),
      // The parked worker never settles an order, and a million seeded Processing orders leave no room for one more.
      ...(scenario.seed?.orders !== undefined && { probe: false }),
      ...(o.cpu !== undefined && { cpu: o.cpu }),
    }),
  );
  const owned = !scenario.seed?.numbers ? [] : databaseUrl === undefined ? ownedNumbers(alive().dbPath) : await alive().orders.numberSample(SAMPLE);
  const seededOrders = scenario.seed?.orders ? seededOrderIds(alive().dbPath) : [];
  const unassigned = scenario.needsConnector ? unassignedNumbers(alive().dbPath) : [];
  const connectorId = scenario.needsConnector ? await createConnector(alive()) : scenario.seed?.onConnector ? seededConnector(alive().dbPath) : undefined;
  const orderIds = scenario.needsOrders ? await createOrders(alive(), numbers, o.orders) : [];
  if (scenario.needsOrders) {
    const settled = await alive().orders.waitSettled(o.orders + 1, timeoutMs);
    if (!settled.settled) throw new Error(`set-up orders did not settle: ${JSON.stringify(settled.progress)}`);
  }
  const ctx: ScenarioContext = { signer: alive().signer, numbers, orderIds, owned, seededOrders, unassigned, ...(connectorId !== undefined && { connectorId }) };
  return { next: scenario.requests(ctx), unassigned, firstPass: scenario.firstPass?.(ctx) ?? 0 };
}

/** Seeded databases of this bench run, by seed and entry: seeding a million rows once, copying the file per run. */
const templates = new Map<string, string>();

/**
 * A fresh state directory (with `config`) whose database holds what `seed` asks, seeded with `dialtone seed` into a
 * template directory the first time and copied from it afterwards.
 */
export function seededState(seed: Seed, config: object, entry: string | undefined): State {
  const key = JSON.stringify([seed.numbers ?? 0, seed.onConnector ?? 0, seed.orders ?? 0, entry ?? DIALTONE_BIN]);
  let template = templates.get(key);
  if (template === undefined) {
    const made = prepareState({});
    const args = [entry ?? DIALTONE_BIN, 'seed'];
    if (seed.numbers) args.push('--numbers', String(seed.numbers));
    if (seed.onConnector) args.push('--on-voice-connector', String(seed.onConnector));
    if (seed.orders) args.push('--orders', String(seed.orders), '--per-order', '1');
    const started = performance.now();
    execFileSync(process.execPath, args, { env: made.env, stdio: 'ignore', timeout: 1_200_000 });
    console.log(`bench: seeded ${args.slice(2).join(' ')} in ${((performance.now() - started) / 1000).toFixed(1)} s (copied for every run)`);
    template = made.dataDir;
    templates.set(key, template);
  }
  const prepared = prepareState(config);
  for (const file of readdirSync(template)) copyFileSync(join(template, file), join(prepared.dataDir, file));
  return prepared;
}

/**
 * A scenario on PostgreSQL: a fresh database of the bench's cluster (its postmaster on `cpu`), seeded as the scenario
 * asks; none for a scenario on SQLite.
 */
export async function scenarioPostgres(
  scenario: Pick<RequestScenario, 'postgres' | 'seed'>,
  cpu: string | undefined,
  entry: string | undefined,
): Promise<{ postgres: BenchPostgres; url: string } | undefined> {
  if (!scenario.postgres) return undefined;
  const postgres = await benchPostgres(cpu);
  const url = await postgres.newDatabase();
  if (scenario.seed) await seedPostgres(scenario.seed, url, entry);
  return { postgres, url };
}

/**
 * Seeds `seed` with `dialtone seed` into the PostgreSQL database at `url` (a fresh one per run: PostgreSQL's files are
 * not copied as SQLite's are); the seed gathers the planner's statistics, and this function again. Numbers only: the
 * scenarios on PostgreSQL seed no orders.
 */
async function seedPostgres(seed: Seed, url: string, entry: string | undefined): Promise<void> {
  if (seed.orders || seed.onConnector) throw new Error('seeding PostgreSQL: numbers only');
  const made = prepareState({});
  const started = performance.now();
  try {
    execFileSync(process.execPath, [entry ?? DIALTONE_BIN, 'seed', '--numbers', String(seed.numbers ?? 0)], { env: onPostgresEnv(made.env, url), stdio: 'ignore', timeout: 600_000 });
  } finally {
    removeTemp(made.root);
  }
  // The planner's statistics of the seeded tables, which `dialtone seed` gathers itself since it analyzes after its
  // load; gathered here too so that a bundle from before that (`--entry`) is measured alike. Without them the planner
  // reads the listings of a batch by sequential scans (numbers-list-pg: 341 µs of the cluster's CPU per page instead of
  // 143, one run each).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
  console.log(`bench: seeded --numbers ${seed.numbers} on PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function readDb<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Up to 900,000 of the seeded numbers that are still `Unassigned`, in E.164 order. */
function unassignedNumbers(dbPath: string): string[] {
  return readDb(dbPath, (db) =>
    (db.prepare("select e164 from phone_numbers where active = 1 and status = 'Unassigned' order by e164 limit 900000").all() as { e164: string }[]).map((r) => r.e164),
  );
}

/** The voice connector that `dialtone seed --on-voice-connector` made. */
function seededConnector(dbPath: string): string {
  return readDb(dbPath, (db) => (db.prepare('select id from voice_connectors limit 1').get() as { id: string }).id);
}

async function createConnector(server: DialtoneServer): Promise<string> {
  const reply = await server.api.send('POST', '/voice-connectors', JSON.stringify({ Name: 'bench', RequireEncryption: true }));
  if (reply.status !== 201) throw new Error(`CreateVoiceConnector answered ${reply.status}: ${reply.body}`);
  return (JSON.parse(reply.body) as { VoiceConnector: { VoiceConnectorId: string } }).VoiceConnector.VoiceConnectorId;
}

/** Orders or numbers read by the get scenarios: all of 1,000, every hundredth of 1,000,000. */
const SAMPLE = 10_000;

/**
 * Every `step`-th row of `table` by rowid, up to SAMPLE of them spread over the whole table, the step chosen from
 * its size (1 for 1,000 rows: all of them).
 */
function sample(db: Database.Database, table: 'orders' | 'phone_numbers', column: 'id' | 'e164'): string[] {
  const { rows } = db.prepare(`select max(rowid) as rows from ${table}`).get() as { rows: number | null };
  const step = Math.max(1, Math.floor((rows ?? 0) / SAMPLE));
  return db.prepare(`select ${column} from ${table} where rowid % ? = 0 limit ?`).pluck().all(step, SAMPLE) as string[];
}

/** A sample of the seeded orders' ids, spread over the whole range. */
function seededOrderIds(dbPath: string): string[] {
  return readDb(dbPath, (db) => sample(db, 'orders', 'id'));
}

/** A sample of the seeded numbers, spread over the whole range. */
function ownedNumbers(dbPath: string): string[] {
  return readDb(dbPath, (db) => sample(db, 'phone_numbers', 'e164'));
}

async function createOrders(server: DialtoneServer, numbers: NumberSource, count: number): Promise<string[]> {
  const ids: string[] = [];
  let made = 0;
  const worker = async (): Promise<void> => {
    while (made < count) {
      made += 1;
      const reply = await server.api.send('POST', '/phone-number-orders', createOrderBody([numbers.next()]));
      if (reply.status !== 201) throw new Error(`set-up create answered ${reply.status}: ${reply.body}`);
      ids.push((JSON.parse(reply.body) as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

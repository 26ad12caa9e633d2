/**
 * The request scenarios (each against a fresh dialtone) and the two ceilings (the bare node:http server, driven
 * with requests of the same shape: a signed POST with a fresh body, or a signed GET).
 */
import type { REQUEST_SCENARIO_NAMES } from './args.ts';
import type { CeilingServer } from './ceiling.ts';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { DIALTONE_BIN, prepareState, startDialtone, type DialtoneServer, type Startup, type State } from './dialtone.ts';
import { createOrderBody } from './http.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import type { NumberSource } from './numbers.ts';
import type { FastSigner } from './sigv4.ts';

export type RequestScenarioName = (typeof REQUEST_SCENARIO_NAMES)[number];

/** Owned numbers seeded (with `dialtone seed`, not through the API) before the owned-number scenarios. */
export const SEEDED_NUMBERS = 1_000_000;
/** Of those, how many `numbers-list-vc` puts on one voice connector. */
export const ON_CONNECTOR = 100_000;
/** Numbers per AssociatePhoneNumbersWithVoiceConnector call in `associate`. */
export const ASSOCIATE_BATCH = 100;
export type CeilingName = 'ceiling-post' | 'ceiling-get';

export interface Goal {
  /** Minimum share of the ceiling's req/s. */
  minRatio: number;
  maxP99Ms?: number;
}

interface RequestScenario {
  title: string;
  ceiling: CeilingName;
  goal: Goal;
  /** Orders to create (and let settle) before the load. */
  needsOrders: boolean;
  /** Seed this many owned numbers into the database before the server starts. */
  seedNumbers?: number;
  /** Of the seeded numbers, put this many on one voice connector (`dialtone seed --on-voice-connector`). */
  seedOnConnector?: number;
  /** Create a voice connector through the API before the load. */
  needsConnector?: boolean;
  requests(ctx: ScenarioContext): () => LoadRequest;
}

interface ScenarioContext {
  signer: FastSigner;
  numbers: NumberSource;
  orderIds: string[];
  /** A sample of the seeded numbers, spread over the whole range. */
  owned: string[];
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

export const REQUEST_SCENARIOS: Record<RequestScenarioName, RequestScenario> = {
  create: {
    title: 'signed CreatePhoneNumberOrder, 1 fresh number',
    ceiling: 'ceiling-post',
    goal: { minRatio: 0.5, maxP99Ms: 10 },
    needsOrders: false,
    requests: createRequests,
  },
  get: {
    title: 'signed GetPhoneNumberOrder of existing orders',
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.6 },
    needsOrders: true,
    requests: ({ signer, orderIds }) => {
      let i = 0;
      return () => signed(signer, 'GET', `/phone-number-orders/${orderIds[i++ % orderIds.length]}`);
    },
  },
  list: {
    title: `signed ListPhoneNumberOrders, ${LIST_PATH.split('?')[1]}`,
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.6 },
    needsOrders: true,
    requests: getPath(LIST_PATH),
  },
  search: {
    title: 'signed SearchAvailablePhoneNumbers, area-code=206, max-results=10',
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.5, maxP99Ms: 10 },
    needsOrders: false,
    requests: getPath('/search?type=phone-numbers&area-code=206&max-results=10'),
  },
  'search-state': {
    title: 'signed SearchAvailablePhoneNumbers, state=CA, max-results=10',
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.5, maxP99Ms: 10 },
    needsOrders: false,
    requests: getPath('/search?type=phone-numbers&state=CA&max-results=10'),
  },
  'numbers-list': {
    title: `signed ListPhoneNumbers, max-results=99, first page of an account owning ${SEEDED_NUMBERS.toLocaleString('en-US')} numbers`,
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.6, maxP99Ms: 10 },
    needsOrders: false,
    seedNumbers: SEEDED_NUMBERS,
    requests: getPath('/phone-numbers?max-results=99'),
  },
  'numbers-get': {
    title: `signed GetPhoneNumber of random numbers among ${SEEDED_NUMBERS.toLocaleString('en-US')} owned`,
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.6, maxP99Ms: 10 },
    needsOrders: false,
    seedNumbers: SEEDED_NUMBERS,
    requests: ({ signer, owned }) => {
      let i = 0;
      return () => signed(signer, 'GET', `/phone-numbers/${encodeURIComponent(owned[(i++ * 7919) % owned.length]!)}`);
    },
  },
  'numbers-list-vc': {
    title:
      `signed ListPhoneNumbers, filter-name=VoiceConnectorId, max-results=99, first page; ${ON_CONNECTOR.toLocaleString('en-US')} of ` +
      `${SEEDED_NUMBERS.toLocaleString('en-US')} owned numbers on the connector`,
    ceiling: 'ceiling-get',
    goal: { minRatio: 0.6, maxP99Ms: 10 },
    needsOrders: false,
    seedNumbers: SEEDED_NUMBERS,
    seedOnConnector: ON_CONNECTOR,
    requests: ({ signer, connectorId }) => getPath(`/phone-numbers?max-results=99&filter-name=VoiceConnectorId&filter-value=${connectorId}`)({ signer }),
  },
  associate: {
    title: `signed AssociatePhoneNumbersWithVoiceConnector, ${ASSOCIATE_BATCH} fresh numbers per call (numbers/s = req/s × ${ASSOCIATE_BATCH}), ${SEEDED_NUMBERS.toLocaleString('en-US')} owned`,
    ceiling: 'ceiling-post',
    goal: { minRatio: 0.1 },
    needsOrders: false,
    seedNumbers: SEEDED_NUMBERS,
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
};

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
  /** associate: numbers on the connector after the run (warm-up included). */
  associatedNumbers?: number;
}

const budgetMs = (o: LoadOptions): number => (o.warmupS + o.durationS) * 1000 + 20_000;

export async function runCeiling(name: CeilingName, ceiling: CeilingServer, o: LoadOptions, numbers: NumberSource): Promise<ScenarioRun> {
  const next = name === 'ceiling-post' ? createRequests({ signer: ceiling.signer, numbers }) : getPath(LIST_PATH)({ signer: ceiling.signer });
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
  extra: { nodeFlags?: string[]; onWindow?: (load: LoadResult) => void } = {},
): Promise<ScenarioRun> {
  const scenario = REQUEST_SCENARIOS[name];
  const state: { server?: DialtoneServer; expired: boolean } = { expired: false };
  let timer: NodeJS.Timeout | undefined;
  const overall = 60_000 + 120_000 + budgetMs(o);
  const alive = (): DialtoneServer => {
    if (state.expired || !state.server) throw new Error('scenario budget exceeded');
    return state.server;
  };
  const work = async (): Promise<ScenarioRun> => {
    const prepared = scenario.seedNumbers ? seedState(scenario.seedNumbers, scenario.seedOnConnector ?? 0, o.entry) : undefined;
    state.server = await startDialtone({ config: {}, numbers, nodeFlags: extra.nodeFlags, timeoutMs: 60_000, entry: o.entry, state: prepared });
    const owned = prepared ? ownedNumbers(alive().dbPath) : [];
    const unassigned = scenario.needsConnector ? unassignedNumbers(alive().dbPath) : [];
    const connectorId = scenario.needsConnector ? await createConnector(alive()) : scenario.seedOnConnector ? seededConnector(alive().dbPath) : undefined;
    const orderIds = scenario.needsOrders ? await createOrders(alive(), numbers, o.orders) : [];
    if (scenario.needsOrders) {
      const settled = await alive().db().waitSettled(o.orders + 1, 60_000);
      if (!settled.settled) throw new Error(`set-up orders did not settle: ${JSON.stringify(settled.progress)}`);
    }
    const server = alive();
    const logBefore = server.logBytes();
    const load = await runLoad({
      url: server.url,
      connections: o.connections,
      durationS: o.durationS,
      warmupS: o.warmupS,
      next: scenario.requests({ signer: server.signer, numbers, orderIds, owned, unassigned, ...(connectorId !== undefined && { connectorId }) }),
      budgetMs: budgetMs(o),
      serverPid: server.pid,
    });
    extra.onWindow?.(load);
    const run: ScenarioRun = { status: load.timedOut ? 'timeout' : 'ok', serverPid: server.pid, load, startup: server.startup };
    const requests = load.ok + load.non2xx;
    if (requests > 0) run.logBytesPerRequest = Math.round((server.logBytes() - logBefore) / requests);
    if (name === 'associate') {
      run.associatedNumbers = server.db().associationCount();
      if (run.associatedNumbers < load.ok * ASSOCIATE_BATCH) run.error = `wrapped around the ${unassigned.length} unassigned numbers`;
    }
    if (name === 'create') {
      const counts = server.db().numberCounts();
      run.duplicateNumbers = counts.total - counts.distinct;
      run.processingAtEnd = server.db().progress().processing;
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

/** A fresh state directory whose database already holds `count` owned numbers (`dialtone seed`), `onConnector` of them on a voice connector. */
function seedState(count: number, onConnector: number, entry: string | undefined): State {
  const prepared = prepareState({});
  const args = [entry ?? DIALTONE_BIN, 'seed', '--numbers', String(count), ...(onConnector > 0 ? ['--on-voice-connector', String(onConnector)] : [])];
  execFileSync(process.execPath, args, { env: prepared.env, stdio: 'ignore', timeout: 300_000 });
  return prepared;
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

/** A sample of the seeded numbers, spread over the whole range. */
function ownedNumbers(dbPath: string): string[] {
  return readDb(dbPath, (db) => (db.prepare('select e164 from phone_numbers where id % 97 = 0 limit 10000').all() as { e164: string }[]).map((r) => r.e164));
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

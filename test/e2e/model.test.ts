/**
 * Stateful model-based test (fast-check `asyncModelRun`): random sequences of commands — create, get and list orders;
 * list, get, update (product type, calling name, name), delete, batch-delete and restore numbers; move the test clock;
 * kill (`SIGKILL`) or stop (`SIGTERM`) the server and start it again on the same data directory — run against a real
 * dialtone process (the bundle `npm start` runs, SQLite) through the JS SDK clients of both APIs (legacy Chime and
 * Chime SDK Voice, with and without an endpoint path prefix, so every answer also says which API answered), and each
 * answer is checked against a small reference model written from docs/api.md (test/support/number-model.ts). After a
 * restart, and at the end of every run, the whole state — every account's numbers and orders through both APIs — is
 * compared with the model: nothing acknowledged may be lost. At the end of a run the server must stop on SIGTERM with
 * exit code 0 and leave a consistent database.
 *
 * Bounded: a fixed seed (printed), FC_RUNS runs of at most FC_COMMANDS commands. FC_SEED, FC_RUNS and FC_COMMANDS
 * override them; FC_SHRINK=1 shrinks a failing sequence (slow: every attempt starts a server) instead of reporting
 * the first one found.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import * as legacy from '@aws-sdk/client-chime';
import * as voice from '@aws-sdk/client-chime-sdk-voice';
import { ALICE, BOB, freshDataDir, writeAccountsConfig } from '../support/server.ts';
import { removeDialtoneBundle, startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { answeringApis } from '../support/voice.ts';
import {
  DAY_MS,
  HOUR_MS,
  MODEL_CONFIG,
  NUMBERS,
  NumberModel,
  PRODUCT_TYPES,
  isTollFree,
  type Account,
  type Api,
  type ExpectedView,
  type ModelOrder,
  type NumberOutcome,
  type ProductType,
} from '../support/number-model.ts';

const SEED = Number(process.env.FC_SEED ?? 20260612);
const RUNS = Number(process.env.FC_RUNS ?? 5);
const MAX_COMMANDS = Number(process.env.FC_COMMANDS ?? 30);
const MIN_COMMANDS = Math.min(12, MAX_COMMANDS);
const SHRINK = process.env.FC_SHRINK === '1';

const KEYS: Record<Account, { accessKeyId: string; secretAccessKey: string }> = { alice: ALICE, bob: BOB };

/** How a request is sent: which SDK, which endpoint path prefix, and so which API answers it (the prefix wins). */
interface Variant {
  sdk: 'chime' | 'voice';
  prefix: '' | '/chime' | '/chime-sdk-voice';
  api: Api;
}
const VARIANTS: readonly Variant[] = [
  { sdk: 'chime', prefix: '', api: 'chime' },
  { sdk: 'chime', prefix: '/chime', api: 'chime' },
  { sdk: 'chime', prefix: '/chime-sdk-voice', api: 'chime-sdk-voice' },
  { sdk: 'voice', prefix: '', api: 'chime-sdk-voice' },
  { sdk: 'voice', prefix: '/chime-sdk-voice', api: 'chime-sdk-voice' },
  { sdk: 'voice', prefix: '/chime', api: 'chime' },
];
const LEGACY = VARIANTS[0]!;
const VOICE = VARIANTS[4]!;
const variantName = (v: Variant): string => `${v.sdk}${v.prefix}`;
/** The voice-only members (Name, OrderId, OrderType) reach the caller only when voice answers the voice SDK. */
const seesVoiceMembers = (v: Variant): boolean => v.sdk === 'voice' && v.api === 'chime-sdk-voice';

type IdForm = 'plus' | 'encoded' | 'digits';
const idOf = (e164: string, form: IdForm): string => (form === 'plus' ? e164 : form === 'encoded' ? `%2B${e164.slice(1)}` : e164.slice(1));

type Outcome =
  | { ok: true; out: Record<string, unknown>; status: number; api: string | undefined }
  | { ok: false; name: string; status: number | undefined; message: string; api: string | undefined };

type AnyClient = legacy.ChimeClient | voice.ChimeSDKVoiceClient;
type CommandClass = new (input: unknown) => unknown;

/** The system under test: one dialtone process at a time on one data directory, and SDK clients of it. */
class Real {
  readonly dataDir = freshDataDir();
  readonly env: Record<string, string>;
  proc: BundledDialtone | undefined;
  /** The commands run so far, for the report of a failure. */
  readonly log: string[] = [];
  readonly #clients = new Map<string, { client: AnyClient; apis: string[] }>();

  constructor() {
    this.env = {
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      DIALTONE_CLOCK_CONTROL: 'true',
      DIALTONE_CONFIG: writeAccountsConfig(this.dataDir, {
        throttling: { enabled: false },
        carrier: { latencyMs: 0, failNumbers: [MODEL_CONFIG.refused] },
        inventory: { pool: MODEL_CONFIG.pool, agingDays: MODEL_CONFIG.agingDays },
        phoneNumbers: {
          deletionQueueDays: MODEL_CONFIG.deletionQueueDays,
          callingNamePropagationMs: MODEL_CONFIG.callingNamePropagationMs,
          sweepIntervalMs: 20,
        },
        // A killed server's leases run out quickly; the restarted one finishes its orders within a second.
        fulfilment: { idleMs: 10, leaseMs: 1000 },
        http: { keepAliveTimeoutMs: 60_000 },
      }),
    };
  }

  async start(): Promise<void> {
    this.proc = await startBundled(this.env);
  }

  /** Ends the process (`SIGKILL` or `SIGTERM`); answers how it ended. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    for (const { client } of this.#clients.values()) client.destroy();
    this.#clients.clear();
    const proc = this.proc!;
    this.proc = undefined;
    return stopBundled(proc, signal);
  }

  async dispose(): Promise<void> {
    if (this.proc) await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  #client(account: Account, variant: Variant): { client: AnyClient; apis: string[] } {
    const key = `${account} ${variantName(variant)}`;
    let entry = this.#clients.get(key);
    if (!entry) {
      const config = { endpoint: `${this.proc!.url}${variant.prefix}`, region: 'us-east-1', credentials: KEYS[account], maxAttempts: 1 };
      const client = variant.sdk === 'chime' ? new legacy.ChimeClient(config) : new voice.ChimeSDKVoiceClient(config);
      entry = { client, apis: answeringApis(client) };
      this.#clients.set(key, entry);
    }
    return entry;
  }

  /** Sends operation `op` through `variant`'s SDK as `account`; a modelled error is an outcome, anything else throws. */
  async call(account: Account, variant: Variant, op: string, input: Record<string, unknown>): Promise<Outcome> {
    const { client, apis } = this.#client(account, variant);
    const Command = ((variant.sdk === 'chime' ? legacy : voice) as unknown as Record<string, CommandClass>)[`${op}Command`]!;
    const seen = apis.length;
    try {
      const out = (await (client as unknown as { send(c: unknown): Promise<Record<string, unknown>> }).send(new Command(input))) as Record<string, unknown> & {
        $metadata: { httpStatusCode?: number };
      };
      return { ok: true, out, status: out.$metadata.httpStatusCode ?? 0, api: apis[seen] };
    } catch (error) {
      if (!(error instanceof legacy.ChimeServiceException) && !(error instanceof voice.ChimeSDKVoiceServiceException)) throw error;
      return { ok: false, name: error.name, status: error.$metadata.httpStatusCode, message: error.message, api: apis[seen] };
    }
  }

  async advanceClock(hours: number): Promise<void> {
    const response = await fetch(`${this.proc!.url}/_dialtone/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: hours }) });
    assert.equal(response.status, 200, await response.clone().text());
  }

  async clockOffsetMs(): Promise<number> {
    const response = await fetch(`${this.proc!.url}/_dialtone/clock`);
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { offsetMs: number }).offsetMs;
  }

  /** Runs `query` on a read-only connection to the database (the server keeps running). */
  peek<T>(query: (db: Database.Database) => T): T {
    const db = new Database(join(this.dataDir, 'dialtone.sqlite'), { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }
}

interface State {
  model: NumberModel;
  real: Real;
}

// ---------------------------------------------------------------- checks

function describeOutcome(o: Outcome): string {
  return o.ok ? `${o.status} ${JSON.stringify(o.out, (k, v: unknown) => (k === '$metadata' ? undefined : v))}` : `${o.status} ${o.name}: ${o.message}`;
}

function expectOk(o: Outcome, variant: Variant, status: number, what: string): Record<string, unknown> {
  assert.equal(o.api, variant.api, `${what}: answered by ${o.api}`);
  assert.ok(o.ok && o.status === status, `${what}: expected ${status}, got ${describeOutcome(o)}`);
  return o.out;
}

function expectError(o: Outcome, variant: Variant, name: string, status: number, what: string): void {
  assert.equal(o.api, variant.api, `${what}: answered by ${o.api}`);
  assert.ok(!o.ok && o.name === name && o.status === status, `${what}: expected ${status} ${name}, got ${describeOutcome(o)}`);
}

interface WireNumber {
  PhoneNumberId?: string;
  E164PhoneNumber?: string;
  Country?: string;
  Type?: string;
  ProductType?: string;
  Status?: string;
  Capabilities?: Record<string, boolean | undefined>;
  Associations?: unknown[];
  CallingName?: string;
  CallingNameStatus?: string;
  DeletionTimestamp?: Date;
  Name?: string;
  OrderId?: string;
}

/** A `PhoneNumber` as the model describes one (capabilities and associations checked on the way). */
function seen(n: WireNumber): ExpectedView {
  const c = n.Capabilities ?? {};
  assert.equal(c.InboundCall, true, `${n.E164PhoneNumber}: InboundCall`);
  assert.equal(c.OutboundCall, true, `${n.E164PhoneNumber}: OutboundCall`);
  for (const flag of ['OutboundSMS', 'InboundMMS', 'OutboundMMS']) assert.equal(c[flag], c.InboundSMS, `${n.E164PhoneNumber}: ${flag} like InboundSMS`);
  assert.deepEqual(n.Associations, [], `${n.E164PhoneNumber}: Associations`);
  const view: ExpectedView = {
    E164PhoneNumber: n.E164PhoneNumber!,
    PhoneNumberId: n.PhoneNumberId!,
    Status: n.Status as ExpectedView['Status'],
    ProductType: n.ProductType as ProductType,
    Type: n.Type as ExpectedView['Type'],
    Country: n.Country as 'US',
    CallingNameStatus: n.CallingNameStatus as ExpectedView['CallingNameStatus'],
    Sms: c.InboundSMS === true,
  };
  if (n.CallingName !== undefined) view.CallingName = n.CallingName;
  if (n.DeletionTimestamp !== undefined) view.DeletionTimestamp = n.DeletionTimestamp.getTime();
  if (n.Name !== undefined) view.Name = n.Name;
  if (n.OrderId !== undefined) view.OrderId = n.OrderId;
  return view;
}

/** What `variant` must show of a model view (the legacy SDK drops the voice-only members it does not know). */
function shown(view: ExpectedView, variant: Variant): ExpectedView {
  if (seesVoiceMembers(variant)) return view;
  const rest = { ...view };
  delete rest.Name;
  delete rest.OrderId;
  return rest;
}

interface WireOrder {
  PhoneNumberOrderId?: string;
  ProductType?: string;
  Status?: string;
  OrderType?: string;
  OrderedPhoneNumbers?: { E164PhoneNumber?: string; Status?: string }[];
  CreatedTimestamp?: Date;
}

/** Checks an order as answered against the model; a pending order may still be Processing or settled either way. */
function checkOrder(got: WireOrder, order: ModelOrder, variant: Variant, model: NumberModel, what: string): void {
  assert.equal(got.PhoneNumberOrderId, order.id, what);
  assert.equal(got.ProductType, order.productType, `${what}: ProductType`);
  assert.equal(got.OrderType, seesVoiceMembers(variant) ? 'New' : undefined, `${what}: OrderType`);
  const numbers = (got.OrderedPhoneNumbers ?? []).map((n) => [n.E164PhoneNumber, n.Status]);
  assert.deepEqual(numbers.map(([e164]) => e164), order.numbers, `${what}: OrderedPhoneNumbers`);
  if (order.settled) {
    assert.equal(got.Status, order.settled.status, `${what}: Status`);
    assert.deepEqual(numbers, order.numbers.map((e164) => [e164, order.settled!.numbers[e164]]), `${what}: number statuses`);
    return;
  }
  if (got.Status === 'Processing') {
    for (const [e164, status] of numbers) assert.equal(status, 'Processing', `${what}: ${e164} of an order in Processing`);
    return;
  }
  const possible = model.possibleOutcomes(order);
  for (const [e164, status] of numbers) assert.ok(possible[e164!]!.includes(status as NumberOutcome), `${what}: ${e164} ${status}, expected one of ${possible[e164!]!.join('/')}`);
}

/** Waits until the pending order (if any) settles, checks its outcome against the model, and applies it. */
async function settle({ model, real }: State): Promise<void> {
  const order = model.pending;
  if (!order) return;
  const deadline = Date.now() + 30_000;
  let got: WireOrder;
  for (;;) {
    const o = await real.call(order.account, LEGACY, 'GetPhoneNumberOrder', { PhoneNumberOrderId: order.id });
    got = expectOk(o, LEGACY, 200, `settling order ${order.id}`).PhoneNumberOrder as WireOrder;
    if (got.Status !== 'Processing') break;
    if (Date.now() > deadline) assert.fail(`order ${order.id} still Processing after 30 s`);
    await sleep(20);
  }
  const possible = model.possibleOutcomes(order);
  const outcomes: Record<string, NumberOutcome> = {};
  for (const n of got.OrderedPhoneNumbers ?? []) {
    const outcome = n.Status as NumberOutcome;
    assert.ok(possible[n.E164PhoneNumber!]?.includes(outcome), `order ${order.id}: ${n.E164PhoneNumber} ${n.Status}, expected ${possible[n.E164PhoneNumber!]?.join('/')}`);
    if (possible[n.E164PhoneNumber!]!.length > 1) model.stats.ambiguousOutcomes += 1;
    outcomes[n.E164PhoneNumber!] = outcome;
  }
  model.settle(order, outcomes);
  checkOrder(got, order, LEGACY, model, `settled order ${order.id}`);
}

/** Pages through a listing with `pageSize` items a page; fails on a repeated token or more pages than items. */
async function listAll(real: Real, account: Account, variant: Variant, op: 'ListPhoneNumbers' | 'ListPhoneNumberOrders', input: Record<string, unknown>, pageSize?: number): Promise<unknown[]> {
  const key = op === 'ListPhoneNumbers' ? 'PhoneNumbers' : 'PhoneNumberOrders';
  const items: unknown[] = [];
  let token: string | undefined;
  for (let page = 0; ; page++) {
    assert.ok(page < 100, `${op}: more than 100 pages`);
    const o = await real.call(account, variant, op, { ...input, ...(pageSize === undefined ? {} : { MaxResults: pageSize }), ...(token === undefined ? {} : { NextToken: token }) });
    const out = expectOk(o, variant, 200, `${op} ${account} ${variantName(variant)} page ${page}`);
    const got = (out[key] as unknown[] | undefined) ?? [];
    if (pageSize !== undefined) assert.ok(got.length <= pageSize, `${op}: a page of ${got.length} items, asked for ${pageSize}`);
    items.push(...got);
    token = out.NextToken as string | undefined;
    if (token === undefined) return items;
  }
}

async function checkNumbers(state: State, account: Account, variant: Variant, filter: { status?: string } = {}, pageSize?: number): Promise<void> {
  const got = (await listAll(state.real, account, variant, 'ListPhoneNumbers', filter.status === undefined ? {} : { Status: filter.status }, pageSize)) as WireNumber[];
  const expected = state.model
    .listed(account, variant.api)
    .filter((n) => filter.status === undefined || n.Status === filter.status)
    .map((n) => shown(n, variant));
  assert.deepEqual(got.map(seen), expected, `ListPhoneNumbers of ${account} through ${variantName(variant)}${filter.status ? ` (${filter.status})` : ''}`);
}

async function checkOrders(state: State, account: Account, variant: Variant, pageSize?: number): Promise<void> {
  const got = (await listAll(state.real, account, variant, 'ListPhoneNumberOrders', {}, pageSize)) as WireOrder[];
  const expected = state.model.visibleOrders(account, variant.api);
  const what = `ListPhoneNumberOrders of ${account} through ${variantName(variant)}`;
  assert.deepEqual(got.map((o) => o.PhoneNumberOrderId).sort(), expected.map((o) => o.id).sort(), what);
  // Oldest first (ties by id); the model's creation order never contradicts the timestamps.
  const byId = new Map(got.map((o) => [o.PhoneNumberOrderId!, o]));
  for (let i = 1; i < got.length; i++) {
    const [a, b] = [got[i - 1]!, got[i]!];
    const order = a.CreatedTimestamp!.getTime() - b.CreatedTimestamp!.getTime() || (a.PhoneNumberOrderId! < b.PhoneNumberOrderId! ? -1 : 1);
    assert.ok(order < 0, `${what}: ${a.PhoneNumberOrderId} listed before ${b.PhoneNumberOrderId}`);
  }
  for (let i = 1; i < expected.length; i++) {
    assert.ok(byId.get(expected[i - 1]!.id)!.CreatedTimestamp! <= byId.get(expected[i]!.id)!.CreatedTimestamp!, `${what}: created in this order`);
  }
  for (const order of expected) checkOrder(byId.get(order.id)!, order, variant, state.model, `${what}: ${order.id}`);
}

/** Every account's numbers and orders, through both APIs, against the model. */
async function checkEverything(state: State): Promise<void> {
  await settle(state);
  for (const account of ['alice', 'bob'] as const) {
    for (const variant of [LEGACY, VOICE]) {
      await checkNumbers(state, account, variant);
      await checkOrders(state, account, variant);
    }
  }
}

/** Waits until the sweep has released every queued number whose deletion time has passed on the service's clock. */
async function awaitSweep({ model, real }: State): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const due = real.peek(
      (db) => (db.prepare("select count(*) as n from phone_numbers where active = 1 and status = 'DeleteInProgress' and deletion_at <= ?").get(model.now()) as { n: number }).n,
    );
    if (due === 0) return;
    if (Date.now() > deadline) assert.fail(`${due} numbers past their deletion time still not released after 15 s`);
    await sleep(20);
  }
}

/** Reads back the deletion time of a number just queued and checks it: 7 days after the request, on the service clock. */
async function learnDeletion(state: State, account: Account, e164: string, window: [number, number]): Promise<void> {
  const o = await state.real.call(account, LEGACY, 'GetPhoneNumber', { PhoneNumberId: e164 });
  const got = seen(expectOk(o, LEGACY, 200, `GetPhoneNumber ${e164} after its deletion`).PhoneNumber as WireNumber);
  assert.equal(got.Status, 'DeleteInProgress', `${e164} after its deletion`);
  const at = got.DeletionTimestamp!;
  const queue = MODEL_CONFIG.deletionQueueDays * DAY_MS;
  assert.ok(at >= window[0] + queue && at <= window[1] + queue, `${e164}: DeletionTimestamp ${new Date(at).toISOString()} is not 7 days after the request`);
  const own = state.model.owned.get(e164)!;
  own.status = 'DeleteInProgress';
  own.deletionAt = at;
}

// ---------------------------------------------------------------- commands

const counts = new Map<string, number>();
const count = (name: string): void => void counts.set(name, (counts.get(name) ?? 0) + 1);

type Cmd = fc.AsyncCommand<NumberModel, Real>;

/** Runs `body` with the state; commands share one implementation of `check` (always applicable) and `toString`. */
function command(label: string, body: (state: State) => Promise<void>): Cmd {
  return {
    check: () => true,
    run: async (model, real) => {
      count(label.split(' ')[0]!);
      real.log.push(label);
      await body({ model, real });
    },
    toString: () => label,
  };
}

const account = fc.constantFrom<Account>('alice', 'bob');
const variant = fc.constantFrom(...VARIANTS);
const number = fc.constantFrom(...NUMBERS);
const idForm = fc.constantFrom<IdForm>('plus', 'encoded', 'digits');

/**
 * Which number a command names: mostly one the account has (any, or one in the deletion queue), picked when the
 * command runs, so that updates, deletions and restores meet real numbers; else any number of the test's list.
 */
type Target = { kind: 'owned' | 'queued'; pick: number } | { kind: 'any'; number: string };
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'owned' as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'queued' as const, pick })) },
  { weight: 2, arbitrary: number.map((n) => ({ kind: 'any' as const, number: n })) },
);
const targetLabel = (t: Target): string => (t.kind === 'any' ? t.number : `${t.kind}#${t.pick}`);

/** The number `t` names for `account` now (recorded in the run's log). */
function resolve({ model, real }: State, account: Account, t: Target): string {
  let e164: string;
  if (t.kind === 'any') {
    e164 = t.number;
  } else {
    const mine = [...model.owned.values()].filter((n) => n.account === account && (t.kind === 'owned' || n.status === 'DeleteInProgress'));
    const failed = t.kind === 'owned' ? [...model.failed[account].keys()] : [];
    const choices = [...mine.map((n) => n.e164), ...failed].sort();
    e164 = choices.length === 0 ? NUMBERS[t.pick % NUMBERS.length]! : choices[t.pick % choices.length]!;
    real.log[real.log.length - 1] += ` → ${e164}`;
  }
  return e164;
}
const productType = fc.constantFrom(...PRODUCT_TYPES);
/** Mostly product types every API and number accepts, so that most orders acquire something. */
const orderedProductType = fc.oneof({ weight: 3, arbitrary: fc.constant<ProductType>('VoiceConnector') }, { weight: 2, arbitrary: productType });

interface OrderRequest {
  account: Account;
  variant: Variant;
  productType: ProductType;
  numbers: string[];
  name: string | undefined;
}

const orderLabel = (c: OrderRequest): string =>
  `${c.account} ${variantName(c.variant)} ${c.productType} ${c.numbers.join(',')}${c.name === undefined ? '' : ` name=${JSON.stringify(c.name)}`}`;

/** Creates an order (after settling the one pending); the model expects a refusal or a new order in Processing. */
async function placeOrder(state: State, c: OrderRequest): Promise<void> {
  const { model, real } = state;
  await settle(state);
  const input = { ProductType: c.productType, E164PhoneNumbers: c.numbers, ...(c.name === undefined ? {} : { Name: c.name }) };
  const o = await real.call(c.account, c.variant, 'CreatePhoneNumberOrder', input);
  const refusal = model.refusal(c.variant.api, c.productType, c.numbers);
  if (refusal !== undefined) return expectError(o, c.variant, 'BadRequestException', 400, `CreatePhoneNumberOrder (${refusal})`);
  const got = expectOk(o, c.variant, 201, 'CreatePhoneNumberOrder').PhoneNumberOrder as WireOrder;
  const name = seesVoiceMembers(c.variant) && c.name ? c.name : undefined;
  const order: ModelOrder = {
    id: got.PhoneNumberOrderId!,
    account: c.account,
    productType: c.productType,
    numbers: c.numbers,
    seq: model.orders.length,
    crossedRestart: false,
    ...(name === undefined ? {} : { name }),
  };
  assert.equal(got.Status, 'Processing', 'a new order is Processing');
  checkOrder(got, order, c.variant, model, 'CreatePhoneNumberOrder');
  model.orders.push(order);
  model.pending = order;
}

const orderRequest: fc.Arbitrary<OrderRequest> = fc.record({
  account,
  variant,
  productType: orderedProductType,
  numbers: fc.oneof({ weight: 12, arbitrary: fc.uniqueArray(number, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: number.map((n) => [n, n]) }),
  name: fc.option(fc.constantFrom('Front desk', 'Sales.1', ''), { nil: undefined }),
});

const createOrder = fc.record({ order: orderRequest, wait: fc.boolean() }).map(({ order, wait }) =>
  command(`CreateOrder ${orderLabel(order)}${wait ? ' (settled)' : ''}`, async (state) => {
    await placeOrder(state, order);
    if (wait) await settle(state);
  }),
);

const getOrder = fc.record({ account, variant, pick: fc.nat(), unknown: fc.boolean() }).map((c) =>
  command(`GetOrder ${c.account} ${variantName(c.variant)} #${c.unknown ? 'unknown' : c.pick}`, async ({ model, real }) => {
    const order = c.unknown || model.orders.length === 0 ? undefined : model.orders[c.pick % model.orders.length]!;
    const id = order?.id ?? '6f1c3a4e-0000-4000-8000-000000000000';
    const o = await real.call(c.account, c.variant, 'GetPhoneNumberOrder', { PhoneNumberOrderId: id });
    if (!order || order.account !== c.account || !model.visible(c.variant.api, order.productType)) {
      return expectError(o, c.variant, 'NotFoundException', 404, `GetPhoneNumberOrder ${id} as ${c.account}`);
    }
    checkOrder(expectOk(o, c.variant, 200, 'GetPhoneNumberOrder').PhoneNumberOrder as WireOrder, order, c.variant, model, `GetPhoneNumberOrder ${id}`);
  }),
);

const listOrders = fc.record({ account, variant, pageSize: fc.integer({ min: 1, max: 4 }) }).map((c) =>
  command(`ListOrders ${c.account} ${variantName(c.variant)} pages of ${c.pageSize}`, (state) => checkOrders(state, c.account, c.variant, c.pageSize)),
);

const listNumbers = fc
  .record({ account, variant, status: fc.option(fc.constantFrom('Unassigned', 'DeleteInProgress', 'AcquireFailed'), { nil: undefined }), pageSize: fc.integer({ min: 1, max: 4 }) })
  .map((c) =>
    command(`ListNumbers ${c.account} ${variantName(c.variant)}${c.status ? ` ${c.status}` : ''} pages of ${c.pageSize}`, async (state) => {
      await settle(state);
      await checkNumbers(state, c.account, c.variant, c.status === undefined ? {} : { status: c.status }, c.pageSize);
    }),
  );

const getNumber = fc.record({ account, variant, target, idForm }).map((c) =>
  command(`GetNumber ${c.account} ${variantName(c.variant)} ${targetLabel(c.target)} (${c.idForm})`, async (state) => {
    await settle(state);
    const e164 = resolve(state, c.account, c.target);
    const o = await state.real.call(c.account, c.variant, 'GetPhoneNumber', { PhoneNumberId: idOf(e164, c.idForm) });
    const record = state.model.find(c.account, c.variant.api, e164);
    if (!record) return expectError(o, c.variant, 'NotFoundException', 404, `GetPhoneNumber ${e164} as ${c.account}`);
    const got = seen(expectOk(o, c.variant, 200, 'GetPhoneNumber').PhoneNumber as WireNumber);
    assert.deepEqual(got, shown(state.model.view(record, c.variant.api), c.variant), `GetPhoneNumber ${e164} as ${c.account}`);
  }),
);

type Change = { ProductType: ProductType } | { CallingName: string } | { Name: string };
const change: fc.Arbitrary<Change> = fc.oneof(
  productType.map((p) => ({ ProductType: p })),
  fc.constantFrom('Acme', 'Front Desk', '', 'X', 'Dial Tone 2').map((n) => ({ CallingName: n })),
  fc.constantFrom('Sales', 'Front desk.1', '', '#bad').map((n) => ({ Name: n })),
);

const updateNumber = fc.record({ account, variant, target, idForm, change }).map((c) =>
  command(`UpdateNumber ${c.account} ${variantName(c.variant)} ${targetLabel(c.target)} (${c.idForm}) ${JSON.stringify(c.change)}`, async (state) => {
    const { model, real } = state;
    await settle(state);
    const e164 = resolve(state, c.account, c.target);
    const o = await real.call(c.account, c.variant, 'UpdatePhoneNumber', { PhoneNumberId: idOf(e164, c.idForm), ...c.change });
    const what = `UpdatePhoneNumber ${e164} ${JSON.stringify(c.change)} as ${c.account} through ${variantName(c.variant)}`;
    const badRequest = (): void => expectError(o, c.variant, 'BadRequestException', 400, what);
    // Refused before the number is looked up: a member the answering model does not have (the legacy models ignore
    // Name, leaving nothing to update), a value outside its enum, a value not matching its pattern.
    if ('Name' in c.change && (!seesVoiceMembers(c.variant) || c.change.Name === '#bad')) return badRequest();
    if ('ProductType' in c.change && c.variant.api === 'chime-sdk-voice' && c.change.ProductType === 'BusinessCalling') return badRequest();
    if ('CallingName' in c.change && c.change.CallingName === 'X') return badRequest();
    const record = model.find(c.account, c.variant.api, e164);
    if (!record) return expectError(o, c.variant, 'NotFoundException', 404, what);
    const own = record.owned;
    if (!own || own.status !== 'Unassigned') return badRequest();
    if ('ProductType' in c.change) {
      if (c.change.ProductType === 'BusinessCalling' && isTollFree(e164)) return badRequest();
      own.productType = c.change.ProductType;
    } else if ('CallingName' in c.change) {
      if (c.change.CallingName !== '' && isTollFree(e164)) return badRequest();
      if (own.callingNamePending) return expectError(o, c.variant, 'ConflictException', 409, what);
      own.callingName = c.change.CallingName;
      own.callingNamePending = true;
    } else if (c.change.Name === '') {
      delete own.name;
    } else {
      own.name = c.change.Name;
    }
    const got = seen(expectOk(o, c.variant, 200, what).PhoneNumber as WireNumber);
    assert.deepEqual(got, shown(model.view(record, c.variant.api), c.variant), what);
  }),
);

const deleteNumber = fc.record({ account, variant, target, idForm }).map((c) =>
  command(`DeleteNumber ${c.account} ${variantName(c.variant)} ${targetLabel(c.target)} (${c.idForm})`, async (state) => {
    const { model, real } = state;
    await settle(state);
    const e164 = resolve(state, c.account, c.target);
    const from = model.now();
    const o = await real.call(c.account, c.variant, 'DeletePhoneNumber', { PhoneNumberId: idOf(e164, c.idForm) });
    const to = model.now();
    const what = `DeletePhoneNumber ${e164} as ${c.account} through ${variantName(c.variant)}`;
    const record = model.find(c.account, c.variant.api, e164);
    if (!record) return expectError(o, c.variant, 'NotFoundException', 404, what);
    if (record.owned?.status !== 'Unassigned') return expectError(o, c.variant, 'BadRequestException', 400, what);
    expectOk(o, c.variant, 204, what);
    await learnDeletion(state, c.account, e164, [from, to]);
  }),
);

const batchDelete = fc
  .record({ account, variant, items: fc.array(fc.record({ target, idForm }), { minLength: 1, maxLength: 4 }), invalid: fc.boolean() })
  .map((c) =>
    command(`BatchDelete ${c.account} ${variantName(c.variant)} ${c.items.map((i) => `${targetLabel(i.target)} (${i.idForm})`).join(', ')}${c.invalid ? ', abc' : ''}`, async (state) => {
      const { model, real } = state;
      await settle(state);
      const numbers = c.items.map((i) => resolve(state, c.account, i.target));
      const ids = [...numbers.map((e164, i) => idOf(e164, c.items[i]!.idForm)), ...(c.invalid ? ['abc'] : [])];
      const from = model.now();
      const o = await real.call(c.account, c.variant, 'BatchDeletePhoneNumber', { PhoneNumberIds: ids });
      const to = model.now();
      const what = `BatchDeletePhoneNumber ${ids.join(',')} as ${c.account} through ${variantName(c.variant)}`;
      const expected: [string, string][] = [];
      const queued: string[] = [];
      const named = new Set<string>();
      numbers.forEach((e164, i) => {
        if (named.has(e164)) return void expected.push([ids[i]!, 'BadRequest']);
        named.add(e164);
        const record = model.find(c.account, c.variant.api, e164);
        if (!record) expected.push([ids[i]!, 'NotFound']);
        else if (record.owned?.status !== 'Unassigned') expected.push([ids[i]!, 'BadRequest']);
        else queued.push(e164);
      });
      if (c.invalid) expected.push(['abc', 'BadRequest']);
      const out = expectOk(o, c.variant, 200, what);
      const errors = (out.PhoneNumberErrors as { PhoneNumberId?: string; ErrorCode?: string }[]).map((e) => [e.PhoneNumberId, e.ErrorCode]);
      assert.deepEqual(errors, expected, `${what}: PhoneNumberErrors`);
      for (const e164 of queued) await learnDeletion(state, c.account, e164, [from, to]);
    }),
  );

const restore = fc.record({ account, variant, target, idForm }).map((c) =>
  command(`Restore ${c.account} ${variantName(c.variant)} ${targetLabel(c.target)} (${c.idForm})`, async (state) => {
    const { model, real } = state;
    await settle(state);
    const e164 = resolve(state, c.account, c.target);
    const o = await real.call(c.account, c.variant, 'RestorePhoneNumber', { PhoneNumberId: idOf(e164, c.idForm) });
    const what = `RestorePhoneNumber ${e164} as ${c.account} through ${variantName(c.variant)}`;
    const record = model.find(c.account, c.variant.api, e164);
    if (!record) return expectError(o, c.variant, 'NotFoundException', 404, what);
    const own = record.owned;
    if (own?.status !== 'DeleteInProgress') return expectError(o, c.variant, 'BadRequestException', 400, what);
    own.status = 'Unassigned';
    delete own.deletionAt;
    const got = seen(expectOk(o, c.variant, 200, what).PhoneNumber as WireNumber);
    assert.deepEqual(got, shown(model.view(record, c.variant.api), c.variant), what);
  }),
);

/** Whole multiples of two hours: see the model's comment on time. */
const advanceClock = fc.constantFrom(2, 24, 72, 8 * 24, 8 * 24, 8 * 24).map((hours) =>
  command(`AdvanceClock ${hours} h`, async (state) => {
    const { model, real } = state;
    await settle(state);
    await real.advanceClock(hours);
    const released = model.advance(hours * HOUR_MS);
    await awaitSweep(state);
    for (const e164 of released) {
      for (const a of ['alice', 'bob'] as const) {
        const o = await real.call(a, LEGACY, 'GetPhoneNumber', { PhoneNumberId: e164 });
        const record = model.find(a, 'chime', e164);
        if (!record) expectError(o, LEGACY, 'NotFoundException', 404, `GetPhoneNumber ${e164} as ${a} after its release`);
      }
    }
  }),
);

/**
 * Ends the server and starts it again on the same data directory. With an order, the order is created first and the
 * signal follows its 201 at once, so that it often lands while the order is still in Processing.
 */
const restart = fc
  .record({ signal: fc.constantFrom<'SIGKILL' | 'SIGTERM'>('SIGKILL', 'SIGKILL', 'SIGTERM'), order: fc.option(orderRequest, { nil: undefined }) })
  .map(({ signal, order }) =>
    command(`Restart (${signal})${order ? ` right after CreateOrder ${orderLabel(order)}` : ''}`, async (state) => {
      const { model, real } = state;
      if (order) await placeOrder(state, order);
      const ended = await real.stop(signal);
      if (signal === 'SIGTERM') assert.deepEqual(ended, { code: 0, signal: null }, 'SIGTERM ends dialtone with exit code 0');
      if (model.pending) {
        model.pending.crossedRestart = true;
        const id = model.pending.id;
        const row = real.peek((db) => db.prepare('select status from orders where id = ?').get(id) as { status: string } | undefined);
        assert.ok(row, `order ${id} was acknowledged before the ${signal}: it must be stored`);
        if (row.status === 'Processing') model.stats.stoppedMidOrder += 1;
      }
      await real.start();
      // The test clock's offset is kept in the database: the new process starts where the model has it.
      assert.equal(await real.clockOffsetMs(), model.offsetMs, `the test clock's offset after the ${signal}`);
      model.stats.restarts += 1;
      await awaitSweep(state);
      await checkEverything(state);
    }),
  );

/** Unbiased: as many long sequences as short ones. */
const commands = fc.noBias(
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: createOrder },
      { weight: 2, arbitrary: getOrder },
      { weight: 1, arbitrary: listOrders },
      { weight: 2, arbitrary: listNumbers },
      { weight: 2, arbitrary: getNumber },
      { weight: 4, arbitrary: updateNumber },
      { weight: 3, arbitrary: deleteNumber },
      { weight: 2, arbitrary: batchDelete },
      { weight: 2, arbitrary: restore },
      { weight: 3, arbitrary: advanceClock },
      { weight: 2, arbitrary: restart },
    ),
    { minLength: MIN_COMMANDS, maxLength: MAX_COMMANDS, size: 'max' },
  ),
);

/** The database a stopped run leaves: no partial or orphan rows, nothing in progress, each number owned at most once. */
function checkDatabase(dataDir: string, model: NumberModel): void {
  const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
  try {
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    assert.equal(n("select count(*) as n from orders where status = 'Processing'"), 0, 'orders in Processing');
    assert.equal(n('select count(*) as n from jobs'), 0, 'jobs left');
    assert.equal(n("select count(*) as n from phone_numbers where status = 'AcquireInProgress'"), 0, 'reservations left');
    assert.equal(n('select count(*) as n from (select e164 from phone_numbers where active = 1 group by e164 having count(*) > 1)'), 0, 'a number owned twice');
    assert.equal(n('select count(*) as n from orders'), model.orders.length, 'every acknowledged order, and no other');
    assert.equal(n('select count(*) as n from phone_numbers where active = 1'), model.owned.size, 'every owned number, and no other');
  } finally {
    db.close();
  }
}

describe('a model of orders and owned numbers against a real server', () => {
  after(() => removeDialtoneBundle());

  it(`agrees with the model over ${RUNS} runs of up to ${MAX_COMMANDS} commands (seed ${SEED})`, { timeout: 600_000 }, async (t) => {
    console.log(`model test: seed ${SEED}, ${RUNS} runs, up to ${MAX_COMMANDS} commands (FC_SEED, FC_RUNS, FC_COMMANDS override)`);
    const started = Date.now();
    const totals = { runs: 0, commands: 0, restarts: 0, midOrder: 0, released: 0, acquired: 0, orders: 0, ambiguous: 0 };
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const real = new Real();
        const model = new NumberModel();
        try {
          await real.start();
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          await checkEverything({ model, real });
          const ended = await real.stop('SIGTERM');
          assert.deepEqual(ended, { code: 0, signal: null }, 'SIGTERM ends dialtone with exit code 0');
          checkDatabase(real.dataDir, model);
        } catch (error) {
          const output = real.proc?.output(2000) ?? '';
          const trail = real.log.map((label, i) => `  ${i + 1}. ${label}`).join('\n');
          throw new Error(`${(error as Error).message}\ncommands run:\n${trail}${output ? `\nserver output:\n${output}` : ''}`, { cause: error });
        } finally {
          await real.dispose();
        }
        totals.runs += 1;
        totals.commands += cmds.length;
        totals.restarts += model.stats.restarts;
        totals.midOrder += model.stats.stoppedMidOrder;
        totals.released += model.stats.released;
        totals.acquired += model.stats.acquired;
        totals.orders += model.orders.length;
        totals.ambiguous += model.stats.ambiguousOutcomes;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: !SHRINK, includeErrorInReport: true },
    );
    const summary =
      `${totals.runs} runs, ${totals.commands} commands (${[...counts].sort().map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
      `${totals.orders} orders, ${totals.acquired} numbers acquired, ${totals.released} released, ${totals.restarts} restarts ` +
      `(${totals.midOrder} of them with an order still in Processing in the database), ` +
      `${totals.ambiguous} number outcomes left open by the model across a restart; ${((Date.now() - started) / 1000).toFixed(1)} s`;
    t.diagnostic(summary);
    console.log(`model test: ${summary}`);
    assert.equal(totals.runs, RUNS);
  });
});

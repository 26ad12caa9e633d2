/**
 * The operation handlers over real domain services and SQLite storage, called as the gateway calls them: input read by
 * the model of the request (legacy `chime` or `chime-sdk-voice`), a context whose `service` is that compiled model,
 * the answer serialized by it, a refusal turned into the model's error. Orders are fulfilled on demand by the
 * simulated carrier, on a manual clock.
 */
import { readFileSync } from 'node:fs';
import { SimulatedCarrier } from '../../../src/carrier/simulated-carrier.ts';
import { InventoryService } from '../../../src/domain/inventory/inventory-service.ts';
import { createNumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';
import { JobQueue } from '../../../src/domain/jobs/job-queue.ts';
import { classifyNumber } from '../../../src/domain/numbers/number-rules.ts';
import { FulfilmentService, fulfilmentWrites, type FulfilmentWrites } from '../../../src/domain/orders/fulfilment.ts';
import { OrderService } from '../../../src/domain/orders/order-service.ts';
import { PhoneNumberService } from '../../../src/domain/phone-numbers/phone-number-service.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import type { ChimeOperationName } from '../../../src/generated/chime.ts';
import type { OperationInput, OperationOutput } from '../../../src/operations/either-model.ts';
import { chimeHandlers, toServiceError, type ChimeHandlers } from '../../../src/operations/index.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { readInput, type RoutedRequest } from '../../../src/protocol/read-input.ts';
import { serializeOutput } from '../../../src/protocol/serialize.ts';
import { compileService, type CompiledService } from '../../../src/protocol/service.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';
import { numberStorage } from '../../support/number-services.ts';

const load = (file: string): CompiledService =>
  compileService(JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel);

export const legacy = load('chime-2018-05-01.json');
export const voice = load('chime-sdk-voice-2022-08-03.json');

export const ACCOUNT = '111111111111';

export interface Harness {
  storage: Storage;
  clock: ManualClock;
  /** Calls the handler of `name` as `service` answers it; a refusal rejects with the model's `ServiceError`. */
  call<K extends ChimeOperationName>(service: CompiledService, name: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /** The JSON body `service` writes for `output` of `name`: only the members that model has. */
  wire(service: CompiledService, name: ChimeOperationName, output: unknown): Record<string, unknown>;
  /** Reads a query-only request as `service` reads it (validation included), then calls the handler. */
  callWithQuery<K extends ChimeOperationName>(service: CompiledService, name: K, query: Record<string, string>): Promise<OperationOutput<K>>;
  /** Fulfils every order waiting for it. */
  fulfil(): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const storage = await openSqliteStorage({ file: ':memory:' });
  const clock = new ManualClock(Date.UTC(2026, 6, 1));
  const tokens = new PageTokens(Buffer.alloc(32, 5));
  const orders = new OrderService({
    orders: storage.orders,
    unitOfWork: narrowed(storage, (repos) => ({ orders: repos.orders, usage: repos.usage, jobs: repos.jobs, events: repos.events })),
    clock,
    ids: seededIds('operations'),
    tokens,
    limits: { maxNumbersPerOrder: 100 },
  });
  const phoneNumbers = new PhoneNumberService({ ...numberStorage(storage), clock, tokens });
  const inventory = new InventoryService({
    plan: createNumberingPlan({}),
    phoneNumbers: storage.phoneNumbers,
    clock,
    tokens,
    agingMs: 0,
    seed: 'operations',
  });
  const handlers: ChimeHandlers = chimeHandlers({ orders, inventory, phoneNumbers });
  const fulfilment = new FulfilmentService({
    orders: storage.orders,
    phoneNumbers: storage.phoneNumbers,
    carrier: new SimulatedCarrier({ latencyMs: 0, failNumbers: [], failPrefixes: [], failRate: 0, seed: 's', inPool: () => true }),
    clock,
    ids: seededIds('fulfilment'),
    agingMs: 0,
    describe: (e164) => classifyNumber(e164),
  });
  const queue = new JobQueue<FulfilmentWrites>({
    jobs: storage.jobs,
    unitOfWork: narrowed(storage, fulfilmentWrites),
    clock,
    owner: 'operations-test',
    leaseMs: 30_000,
    handlers: {},
  });

  const operation = (service: CompiledService, name: string) => {
    const found = service.operations.get(name);
    if (!found) throw new Error(`${service.id} has no ${name}`);
    return found;
  };
  const call = async <K extends ChimeOperationName>(service: CompiledService, name: K, input: OperationInput<K>): Promise<OperationOutput<K>> => {
    const handler = handlers[name] as ((input: OperationInput<K>, context: unknown) => Promise<OperationOutput<K>>) | undefined;
    if (!handler) throw new Error(`no handler for ${name}`);
    const context = { accountId: ACCOUNT, requestId: 'r', region: 'us-east-1', service, operation: operation(service, name) };
    try {
      return await handler(input, context);
    } catch (error) {
      throw toServiceError(error, service);
    }
  };
  return {
    storage,
    clock,
    call,
    wire: (service, name, output) => JSON.parse(serializeOutput(service, operation(service, name), output).body ?? '{}') as Record<string, unknown>,
    callWithQuery: async (service, name, query) => {
      const request: RoutedRequest = {
        labels: new Map(),
        query: new Map(Object.entries(query).map(([k, v]) => [k, [v]])),
        headers: {},
        body: Buffer.alloc(0),
      };
      return call(service, name, readInput(service, operation(service, name), request) as never);
    },
    fulfil: async () => {
      const jobs = await queue.claim(100);
      if (jobs.length > 0) await fulfilment.run(jobs, queue.fence(jobs));
    },
    close: () => storage.close(),
  };
}

/** Asserts that `promise` rejects with the model's error `type`; answers its message. */
export async function refusedWith(promise: Promise<unknown>, type: string): Promise<string> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${type}`);
    },
    (e: unknown) => e,
  );
  if (!(error instanceof ServiceError) || error.type !== type) throw new Error(`expected ${type}, got ${String(error)}`, { cause: error });
  return error.message;
}

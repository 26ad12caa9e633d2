/**
 * Composition root: config → storage → services → worker → gateway → HTTP server. The only module that picks
 * implementations; it owns start and stop.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { adminEndpoints } from './admin-endpoints.ts';
import { cachedCredentialStore } from './auth/credential-cache.ts';
import { Throttle } from './auth/throttle.ts';
import { SimulatedCarrier } from './carrier/simulated-carrier.ts';
import { ConfigError, isLoopback, type Config } from './config/config.ts';
import { InventoryService } from './domain/inventory/inventory-service.ts';
import { createNumberingPlan } from './domain/inventory/numbering-plan.ts';
import { FulfilmentService } from './domain/orders/fulfilment.ts';
import { OrderService } from './domain/orders/order-service.ts';
import { PhoneNumberService } from './domain/phone-numbers/phone-number-service.ts';
import { PhoneNumberSettingsService } from './domain/phone-numbers/phone-number-settings-service.ts';
import { classifyNumber } from './domain/orders/number-rules.ts';
import { OffsetClock, systemClock, type Clock } from './domain/shared/clock.ts';
import { cryptoIds, type IdSource } from './domain/shared/ids.ts';
import { PageTokens } from './domain/shared/page-tokens.ts';
import { authenticator } from './gateway/authenticate.ts';
import { clientErrorHandler, connectHandler, expectationHandler } from './gateway/client-error.ts';
import { createGateway, type RequestRecord } from './gateway/gateway.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { chimeHandlers } from './operations/index.ts';
import type { ServiceModel } from './protocol/model-types.ts';
import { createRouter } from './protocol/router.ts';
import { compileService } from './protocol/service.ts';
import type { Storage } from './storage/ports.ts';
import { openStorage } from './storage/open-storage.ts';
import { isTransientStorageError } from './storage/transient-error.ts';
import { AccessDirectory } from './tenancy/access-directory.ts';
import { effectiveLimits } from './tenancy/limits.ts';
import { limitsReporter } from './tenancy/limits-report.ts';
import { SecretBox, loadMasterKey } from './tenancy/secret-box.ts';
import { FulfilmentWorker } from './worker/fulfilment-worker.ts';
import { Sweeper } from './worker/sweeper.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
}

export interface App {
  server: Server;
  worker: FulfilmentWorker;
  /** Completes what time decides in the number inventory (deletion queue, calling names). */
  sweeper: Sweeper;
  metrics: Metrics;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /**
   * Graceful stop: no new connections; requests in flight finish (cut after `shutdownTimeoutMs`); the worker stops at
   * a safe point; the database closes. Nothing committed is lost.
   */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SPEC_DIR = join(import.meta.dirname, '..', 'spec');

export function loadChimeModel(): ServiceModel {
  return JSON.parse(readFileSync(join(SPEC_DIR, 'chime-2018-05-01.json'), 'utf8')) as ServiceModel;
}

/** Opens the database, builds the services, starts the worker and listens on `config.host:config.port`. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  if (config.defaultCredentialsActive && !config.allowDefaultCredentials && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} with the well-known test/test credentials: configure accounts and set ` +
        `"defaultAccount": false in DIALTONE_CONFIG, or set DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true`,
    );
  }
  const testClock = config.testing.clockControl ? new OffsetClock(options.clock ?? systemClock) : undefined;
  const clock = testClock ?? options.clock ?? systemClock;
  const ids = options.ids ?? cryptoIds;
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const chime = compileService(loadChimeModel());
  if (config.database.url && !config.masterKey) {
    // Each node would create its own DATA_DIR/master.key and could not read the keys the others' CLI created.
    logger.warn('database.url is set but DIALTONE_MASTER_KEY is not: give every node sharing the database the same key');
  }
  const storage = await openStorage({
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  try {
    return await assemble({ config, clock, realClock: options.clock ?? systemClock, testClock, ids, logger, chime, storage });
  } catch (error) {
    await storage.close();
    throw error;
  }
}

interface Parts {
  config: Config;
  clock: Clock;
  /** The clock before any test offset: SigV4 freshness is judged on it, so moving the test clock expires no signature. */
  realClock: Clock;
  testClock?: OffsetClock;
  ids: IdSource;
  logger: Logger;
  chime: ReturnType<typeof compileService>;
  storage: Storage;
}

async function assemble({ config, clock, realClock, testClock, ids, logger, chime, storage }: Parts): Promise<App> {
  const tokenKey = await storage.meta.getOrCreate('page-token-key', () => ids.bytes(32).toString('base64'));
  const tokens = new PageTokens(Buffer.from(tokenKey, 'base64'));
  const agingMs = config.inventory.agingDays * DAY_MS;
  const metrics = new Metrics({ ordersByStatus: () => storage.orders.countByStatus(), pendingJobs: () => storage.jobs.count() });
  const inventory = new InventoryService({
    plan: createNumberingPlan({ pool: config.inventory.pool }),
    storage,
    clock,
    tokens,
    agingMs,
    seed: config.inventory.searchSeed,
  });
  // Ordered numbers were validated by libphonenumber when ordered: pool membership by block is enough here.
  const carrier = new SimulatedCarrier({ ...config.carrier, inPool: (e164) => inventory.describe(e164) !== undefined });
  const worker = new FulfilmentWorker({
    jobs: storage.jobs,
    fulfilment: new FulfilmentService({ storage, carrier, clock, agingMs, describe: (e164) => inventory.describe(e164) ?? classifyNumber(e164) }),
    clock,
    owner: `${hostname()}:${process.pid}:${ids.uuid().slice(0, 8)}`,
    ...config.fulfilment,
    logger,
    onBatch: (result) => {
      metrics.fulfilledNumbers.inc({ outcome: 'acquired' }, result.acquired);
      metrics.fulfilledNumbers.inc({ outcome: 'failed' }, result.failed);
      for (const lag of result.lagsMs) metrics.fulfilmentLag.observe(lag / 1000);
    },
  });
  const access = accessControl(config, storage, realClock, ids, logger);
  const orders = new OrderService({
    storage,
    clock,
    ids,
    tokens,
    limits: config.limits,
    quotas: async (accountId) => (await access.directory.account(accountId))?.limits ?? effectiveLimits(config, undefined),
    onCreated: () => worker.wake(),
  });
  const phoneNumbers = new PhoneNumberService({
    storage,
    clock,
    tokens,
    deletionQueueMs: config.phoneNumbers.deletionQueueDays * DAY_MS,
    callingNamePropagationMs: config.phoneNumbers.callingNamePropagationMs,
    maxBatchItems: config.limits.maxPhoneNumbersPerBatch,
  });
  const phoneNumberSettings = new PhoneNumberSettingsService({ storage, clock });
  const sweeper = new Sweeper({
    // Once per tick across all nodes sharing the database (its writes are conditional, so an overlap would be harmless).
    target: { sweep: async () => (await storage.exclusive('inventory-sweep', () => phoneNumbers.sweep())) ?? { released: 0, callingNames: 0 } },
    intervalMs: config.phoneNumbers.sweepIntervalMs,
    logger,
  });
  const gateway = createGateway({
    defaultService: chime,
    router: createRouter([chime]),
    handlers: chimeHandlers({ orders, inventory, phoneNumbers, phoneNumberSettings }),
    authenticate: authenticator({ credentials: access.credentials, now: () => realClock.now(), regions: config.regions }),
    throttle: access.throttle,
    admin: adminEndpoints({
      ping: () => storage.ping(),
      workerRunning: () => worker.running,
      metrics: metrics.registry,
      clock: testClock,
      limits: limitsReporter({ directory: access.directory, usage: storage.usage, throttle: access.throttle }),
    }),
    newRequestId: () => ids.uuid(),
    maxBodyBytes: config.limits.maxBodyBytes,
    maxHeaders: config.http.maxHeaders,
    maxJsonDepth: config.limits.maxJsonDepth,
    isTransient: isTransientStorageError,
    onResponse: (record) => record_(record, metrics, logger),
  });
  const { http } = config;
  const server = createServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      maxHeaderSize: http.maxHeaderBytes,
      // Slow clients are cut within a second of their deadline (node's default check runs every 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(http.headersTimeoutMs / 4))),
    },
    gateway,
  );
  // One more than allowed, so that the gateway sees the excess and refuses it instead of node dropping headers.
  server.maxHeadersCount = http.maxHeaders + 1;
  const refusals = {
    service: chime,
    newRequestId: () => ids.uuid(),
    maxHeaderBytes: http.maxHeaderBytes,
    onError: ({ requestId, status, errorType }: { requestId: string; status: number; errorType: string }) =>
      record_({ requestId, method: '-', operation: 'unrouted', status, errorType, durationMs: 0 }, metrics, logger),
  };
  server.on('clientError', clientErrorHandler(refusals));
  server.on('connect', connectHandler(refusals));
  server.on('checkExpectation', expectationHandler(refusals));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  worker.start();
  sweeper.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    worker,
    sweeper,
    metrics,
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= shutdown(server, worker, sweeper, storage, logger, config.shutdownTimeoutMs)),
  };
}

/**
 * Who may call: configuration-file and command-line accounts and keys (secrets decrypted with the master key), behind
 * a short-lived cache so that SigV4 on every request costs no database read; and the per-account token buckets.
 */
function accessControl(config: Config, storage: Storage, realClock: Clock, ids: IdSource, logger: Logger) {
  const box = new SecretBox(() => loadMasterKey({ envKey: config.masterKey, dataDir: config.dataDir, random: (n) => ids.bytes(n) }), (n) => ids.bytes(n));
  const now = () => realClock.now().getTime();
  const directory = new AccessDirectory({
    config,
    access: storage.access,
    box,
    now,
    cacheTtlMs: config.access.cacheTtlMs,
    warn: (message) => logger.warn(message),
  });
  const credentials = cachedCredentialStore({ source: (id) => directory.lookup(id), ttlMs: config.access.cacheTtlMs, now });
  const throttle = config.throttling.enabled ? new Throttle({ now }) : undefined;
  return { directory, credentials, throttle };
}

function record_(record: RequestRecord, metrics: Metrics, logger: Logger): void {
  const status = String(record.status);
  metrics.requests.inc({ operation: record.operation, status });
  metrics.latency.observe({ operation: record.operation }, record.durationMs / 1000);
  if (record.status === 429) metrics.throttled.inc({ operation: record.operation });
  const fields = {
    requestId: record.requestId,
    account: record.accountId,
    operation: record.operation,
    method: record.method,
    status: record.status,
    ms: Math.round(record.durationMs * 100) / 100,
    errorType: record.errorType,
  };
  if (record.status >= 500) logger.error({ ...fields, err: record.internalError }, 'request failed');
  else logger.info(fields, 'request');
}

async function shutdown(
  server: Server,
  worker: FulfilmentWorker,
  sweeper: Sweeper,
  storage: Storage,
  logger: Logger,
  timeoutMs: number,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(cut);
  await worker.stop();
  await sweeper.stop();
  await storage.close();
  logger.flush();
}

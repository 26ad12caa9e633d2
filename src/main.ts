/**
 * Composition root: config → storage → services → background work → HTTP server. The only module that picks
 * implementations; it owns start and stop and makes no domain decision (see src/app/ for each concern's wiring).
 */
import type { Server } from 'node:http';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { accessControl } from './app/access.ts';
import { backgroundWork, meteredSweeper } from './app/background.ts';
import { EventStreams } from './app/event-streams.ts';
import { CarrierRulesStore } from './app/carrier-rules.ts';
import { CallSpeakerStore } from './app/call-speakers.ts';
import { ResetWatch } from './app/reset-watch.ts';
import { resetState } from './app/state-reset.ts';
import { groupMetrics } from './app/cluster-metrics.ts';
import { nodeCluster } from './app/supervisor.ts';
import { httpServer, listen } from './app/http.ts';
import { domainServices } from './app/services.ts';
import { webhooks as webhookWork } from './app/webhooks.ts';
import { storageOptions } from './app/storage-options.ts';
import { openTestClock } from './app/test-clock.ts';
import { ConfigError, isLoopback, type Config } from './config/config.ts';
import { answerBatch } from './gateway/answer-batch.ts';
import type { OrderSweep } from './domain/orders/order-housekeeping.ts';
import { systemClock, type Clock } from './domain/shared/clock.ts';
import type { SharedOffsetClock } from './domain/shared/shared-offset-clock.ts';
import { cryptoIds, type IdSource } from './domain/shared/ids.ts';
import { PageTokens } from './domain/shared/page-tokens.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createLogStream, type LogStream } from './observability/log-stream.ts';
import { Metrics } from './observability/metrics.ts';
import type { ServiceModel } from './protocol/model-types.ts';
import { compileService, type CompiledService } from './protocol/service.ts';
import type { ApiName } from './shared/api-names.ts';
import { onFirstUse } from './shared/on-first-use.ts';
import { ConsoleSessions } from './app/console-sessions.ts';
import { MODEL_FILES } from './app/model-files.ts';
import { unionModel } from './app/union-model.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Storage } from './storage/storage.ts';
import type { JobWorker } from './worker/job-worker.ts';
import type { Sweeper } from './worker/sweeper.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
}

export interface App {
  server: Server;
  /** Works the job queue (order fulfilment). */
  worker: JobWorker;
  /** Completes what time decides in the number inventory (deletion queue, calling names). */
  sweeper: Sweeper;
  /** Deletes what time decides among orders (finished orders past their retention, expired invocation ids). */
  orderSweeper: Sweeper<OrderSweep>;
  metrics: Metrics;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /**
   * Graceful stop: no new connections; requests in flight finish (cut after `shutdownTimeoutMs`); the worker stops at
   * a safe point; the database closes. Nothing committed is lost.
   */
  close(): Promise<void>;
}

const SPEC_DIR = join(import.meta.dirname, '..', 'spec');
/** Next to src/ in a checkout, next to dist/ in the npm package: the same `..` finds both, as for spec/. */
const PACKAGE_JSON = join(import.meta.dirname, '..', 'package.json');

let version: string | undefined;

/** dialtone's version, from its package.json (`dialtone --version`, `GET /_dialtone/status`). */
export function dialtoneVersion(): string {
  version ??= (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  return version;
}

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as ServiceModel;
}

export function loadChimeModel(): ServiceModel {
  return loadModel(MODEL_FILES.chime);
}

export function loadVoiceModel(): ServiceModel {
  return loadModel(MODEL_FILES.voice);
}

/**
 * The three APIs served: each model exactly, and their union for clients that do not say which one they speak
 * (src/app/union-model.ts). Each is read and compiled at its first use, so a server whose clients all take the default
 * API never reads the two models' own files. Compiled `trusted` (each operation on first use):
 * test/unit/protocol/served-models.test.ts compiles them `checked`.
 */
export function compileModels(): Record<ApiName, CompiledService> {
  // Read later, but there now: an install without them fails to start rather than at a request.
  for (const file of Object.values(MODEL_FILES)) accessSync(join(SPEC_DIR, file), constants.R_OK);
  const spec = onFirstUse({ chime: loadChimeModel, voice: loadVoiceModel });
  return onFirstUse<Record<ApiName, CompiledService>>({
    chime: () => compileService(spec.chime, 'trusted'),
    'chime-sdk-voice': () => compileService(spec.voice, 'trusted'),
    both: () => compileService(unionModel(() => [spec.chime, spec.voice]), 'trusted'),
  });
}

/** Opens the database, builds the services, starts the worker and listens on `config.host:config.port`. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  checkListenAddress(config);
  const ids = options.ids ?? cryptoIds;
  // The default logs go to stdout through a bounded buffer: its drops are counted and said once per episode.
  const logStream = options.logger ? undefined : createLogStream({ maxBufferBytes: config.logging.bufferBytes, flushIntervalMs: config.logging.flushIntervalMs });
  const logger = options.logger ?? createLogger({ level: config.logging.level, ...(logStream && { destination: logStream }) });
  logStream?.onDropsEnded(({ dropped, total }) =>
    logger.warn({ dropped, total }, 'log lines dropped: the consumer of stdout did not keep up (dialtone_log_lines_dropped_total)'),
  );
  const models = compileModels();
  if (config.database.url && !config.masterKey) {
    // Each node would create its own DATA_DIR/master.key and could not read the keys the others' CLI created.
    logger.warn('database.url is set but DIALTONE_MASTER_KEY is not: give every node sharing the database the same key');
  }
  const storage = await openStorage(storageOptions(config));
  try {
    const realClock = options.clock ?? systemClock;
    // The test clock's offset is kept in the database: a restart, or another node, starts from where it was moved to.
    const testClock = await openTestClock(config, storage.meta, realClock);
    const clock = testClock ?? realClock;
    return await assemble({ config, clock, realClock, testClock, ids, logger, logStream, models, storage });
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/**
 * Refuses a non-loopback address while the well-known test/test key is active (unless allowed).
 * @throws ConfigError
 */
export function checkListenAddress(config: Pick<Config, 'defaultCredentialsActive' | 'allowDefaultCredentials' | 'host'>): void {
  if (config.defaultCredentialsActive && !config.allowDefaultCredentials && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} with the well-known test/test credentials: configure accounts and set ` +
        `"defaultAccount": false in DIALTONE_CONFIG, or set DIALTONE_ALLOW_DEFAULT_CREDENTIALS=true`,
    );
  }
}

interface Parts {
  config: Config;
  clock: Clock;
  /** The clock before any test offset: SigV4 freshness is judged on it, so moving the test clock expires no signature. */
  realClock: Clock;
  testClock?: SharedOffsetClock;
  ids: IdSource;
  logger: Logger;
  /** The default logs' stream (absent when the logger was given): drained on shutdown. */
  logStream?: LogStream;
  models: Record<ApiName, CompiledService>;
  storage: Storage;
}

async function assemble({ config, clock, realClock, testClock, ids, logger, logStream, models, storage }: Parts): Promise<App> {
  const tokenKey = await storage.meta.getOrCreate('page-token-key', () => ids.bytes(32).toString('base64'));
  const tokens = new PageTokens(Buffer.from(tokenKey, 'base64'));
  const metrics = new Metrics({
    ordersByStatus: () => storage.orders.countByStatus(),
    pendingJobs: () => storage.jobs.count(),
    refreshMs: config.metrics.refreshMs,
    now: () => realClock.now().getTime(),
    ...(logStream && { droppedLogLines: () => logStream.dropped }),
  });
  const access = accessControl(config, storage.access, realClock, ids, logger);
  // Resets made before this start need nothing dropped: the first check only records where the marks stand.
  const resetWatch = new ResetWatch(storage.meta, (accountId) => access.throttle?.forget(accountId));
  await resetWatch.check();
  const carrierRules = config.testing.stateControl ? new CarrierRulesStore(storage.meta, config.carrier) : undefined;
  const callSpeakers = config.testing.stateControl ? new CallSpeakerStore(storage.meta) : undefined;
  // Answers are written together once per turn of the event loop; work that takes a turn of its own (fair turns)
  // writes the answers waiting first, so that they do not wait for it (src/gateway/answer-batch.ts).
  const answers = answerBatch();
  const afterIo = (callback: () => void): void => answers.afterIo(callback);
  // The worker is built below; a new order wakes it only once the server answers requests, long after.
  const services = domainServices({ config, storage, clock, ids, tokens, quotas: access.quotas, onOrderCreated: () => worker.wake(), afterIo, ...(callSpeakers && { speakers: callSpeakers }) });
  const { worker, sweeper, orderSweeper, eventPruner, voiceAnalyticsPruner, clockSync, resetSync } = backgroundWork({
    config,
    storage,
    clock,
    ids,
    logger,
    metrics,
    inventory: services.inventory,
    phoneNumbers: services.phoneNumbers,
    ...(testClock && { testClock }),
    ...(carrierRules && { carrierRules }),
    resetWatch,
    afterIo,
  });
  const hooks = webhookWork({ config, storage, clock, realClock, ids, sealer: access.box, version: dialtoneVersion(), logger, metrics });
  await hooks.applyConfigured();
  // Console sessions live by the real clock: moving the test clock forward (to release numbers, say) signs nobody out.
  const consoleSessions = new ConsoleSessions({
    repository: storage.consoleSessions,
    credentials: access.credentials,
    now: () => realClock.now(),
    ids,
    sessionMs: config.console.sessionMinutes * 60_000,
    idleMs: config.console.idleMinutes * 60_000,
  });
  const sessionSweeper = meteredSweeper(metrics, 'console-sessions', {
    target: { sweep: async () => ({ ended: await consoleSessions.sweep() }) },
    intervalMs: CONSOLE_SWEEP_MS,
    logger,
  });
  const sweepers = [sweeper, orderSweeper, eventPruner, voiceAnalyticsPruner, resetSync, sessionSweeper, ...(clockSync ? [clockSync] : [])];
  const { stream } = config.events;
  const eventStreams = new EventStreams({
    events: storage.events,
    commits: storage.eventCommits,
    region: config.events.region,
    ...stream,
    logger,
    onCount: (open) => metrics.eventStreams.set(open),
  });
  const testControls = carrierRules && {
    async reset(accountId: string | undefined) {
      const view = await resetState(storage, accountId);
      // This node drops the accounts' throttling buckets at once (else at its next tick); the others within RESET_WATCH_MS.
      await resetWatch.check().catch(() => 0);
      logger.warn({ account: accountId ?? '*', removed: view.removed }, 'state reset');
      return view;
    },
    carrier: {
      read: () => carrierRules.current(),
      set: (input: Record<string, unknown>) => carrierRules.set(input),
      restore: () => carrierRules.restore(),
    },
    ...(callSpeakers && { speakers: callSpeakers }),
  };
  const server = httpServer({
    config,
    models,
    services,
    access,
    storage,
    realClock,
    testClock,
    ...(testControls && { testControls }),
    webhooks: hooks.admin,
    workerRunning: () => worker.running,
    events: eventStreams,
    consoleSessions,
    overviewFigures: (accountId, window, now) => storage.overview.overview(accountId, window, now),
    version: dialtoneVersion(),
    ids,
    metrics,
    // A worker of `serve --workers N` answers for the whole group.
    ...(config.http.workers > 1 && nodeCluster().isWorker && { metricsSource: groupMetrics(metrics.registry) }),
    logger,
    answers,
  });
  // Before listening: the plan's one-off load would otherwise stall the first requests of every tenant.
  const planLoadMs = services.inventory.warm();
  logger.debug({ ms: Math.round(planLoadMs) }, 'numbering plan loaded');
  await listen(server, config.port, config.host);
  worker.start();
  hooks.worker.start();
  for (const each of sweepers) each.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    worker,
    sweeper,
    orderSweeper,
    metrics,
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= shutdown(server, eventStreams, worker, [...sweepers, hooks], storage, logger, logStream, config.shutdownTimeoutMs)),
  };
}

async function shutdown(
  server: Server,
  eventStreams: Pick<EventStreams, 'close'>,
  worker: JobWorker,
  sweepers: Pick<Sweeper, 'stop'>[],
  storage: Storage,
  logger: Logger,
  logStream: LogStream | undefined,
  timeoutMs: number,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Live event streams end now (their connections close with them) instead of holding the stop until the cut.
  eventStreams.close();
  const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(cut);
  await worker.stop();
  await Promise.all(sweepers.map((sweeper) => sweeper.stop()));
  await storage.close();
  logger.flush();
  // What the consumer does not take within this bound is written (for a second at most) at exit, or lost.
  await logStream?.drain(LOG_DRAIN_MS);
}

/** How long a stop waits for stdout's consumer to take the buffered logs. */
const LOG_DRAIN_MS = 2_000;
/** Real time between two sweeps of ended console sessions. */
const CONSOLE_SWEEP_MS = 60_000;

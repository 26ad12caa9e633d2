/**
 * The HTTP side: the gateway over the operation handlers, the admin endpoints, and the `node:http` server with its
 * timeouts and its answers to requests that never reach the gateway. Every answer is recorded (access log, metrics).
 */
import { createServer, type Server } from 'node:http';
import type { Config } from '../config/config.ts';
import type { SharedOffsetClock } from '../domain/shared/shared-offset-clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import { adminEndpoints } from '../gateway/admin-endpoints.ts';
import type { AnswerBatch } from '../gateway/answer-batch.ts';
import { authenticator } from '../gateway/authenticate.ts';
import { clientErrorHandler, connectHandler, expectationHandler } from '../gateway/client-error.ts';
import { createGateway, type RequestRecord } from '../gateway/gateway.ts';
import { ConsoleAssets, findConsoleDir } from '../gateway/console/assets.ts';
import { consoleHandler } from '../gateway/console/console-endpoint.ts';
import { overviewEndpoint, type OverviewDeps } from '../gateway/console/overview-endpoint.ts';
import type { ConsoleSessions } from './console-sessions.ts';
import { eventEndpoint } from '../gateway/event-endpoint.ts';
import { accessLine, type AccessFields } from '../observability/access-line.ts';
import type { Logger } from '../observability/logger.ts';
import { EventLoopLag } from '../observability/event-loop-lag.ts';
import type { Metrics } from '../observability/metrics.ts';
import { chimeHandlers } from '../operations/index.ts';
import { AuthFailureLimiter } from '../auth/failure-limiter.ts';
import { shareOf } from '../auth/throttle.ts';
import { apiSelector, type Api } from '../gateway/api-selector.ts';
import { ConnectionLimits } from '../gateway/connection-limits.ts';
import { ServiceError } from '../protocol/errors.ts';
import { createRouter, type Router } from '../protocol/router.ts';
import type { CompiledService } from '../protocol/service.ts';
import type { ApiName } from '../shared/api-names.ts';
import type { Storage } from '../storage/storage.ts';
import { isTransientStorageError } from '../storage/transient-error.ts';
import { limitsReporter } from '../tenancy/limits-report.ts';
import type { AccessControl } from './access.ts';
import type { MetricsSource } from './cluster-metrics.ts';
import { statusReporter } from './status-report.ts';
import type { TestControls } from '../gateway/test-control-endpoints.ts';
import type { EventFeed } from '../gateway/event-endpoint.ts';
import type { WebhookAdmin } from '../gateway/webhook-endpoints.ts';
import type { DomainServices } from './services.ts';

export interface HttpParts {
  config: Config;
  /** The compiled models: legacy Chime, Chime SDK Voice, and their union (`both`). */
  models: Readonly<Record<ApiName, CompiledService>>;
  services: DomainServices;
  access: AccessControl;
  storage: Pick<Storage, 'ping' | 'usage' | 'orders' | 'jobs' | 'events'>;
  /** SigV4 freshness is judged on the clock before any test offset, so moving the test clock expires no signature. */
  realClock: { now(): Date };
  testClock?: SharedOffsetClock;
  /** With test-mode state control: reset and the carrier's rules. */
  testControls?: TestControls;
  /** The webhook subscriptions' admin API. */
  webhooks?: WebhookAdmin;
  workerRunning(): boolean;
  /** The accounts' events: replay pages and live streams (`GET /_dialtone/events`). */
  events?: EventFeed;
  /** The web console's sessions; the console is served when given (and `console.enabled`). */
  consoleSessions?: ConsoleSessions;
  /** The console Overview's figures (orders, numbers, fulfilment) of an account. */
  overviewFigures?: OverviewDeps['figures'];
  /** dialtone's version, for `GET /_dialtone/status`. */
  version: string;
  ids: IdSource;
  metrics: Metrics;
  /** What `/_dialtone/metrics` answers: `metrics.registry` unless given (the group's aggregate with `--workers`). */
  metricsSource?: MetricsSource;
  logger: Logger;
  /** Writes the answers together once per turn of the event loop (default: each at once). */
  answers?: AnswerBatch;
}

/** The server, not listening yet. */
export function httpServer({ config, models, services, access, storage, realClock, testClock, testControls, webhooks, workerRunning, events, consoleSessions, overviewFigures, version, ids, metrics, metricsSource, logger, answers }: HttpParts): Server {
  // Each API's model is compiled, and its router built, when a request (or the console) first selects it.
  const api = (name: ApiName): Api => {
    let router: Router | undefined;
    return {
      name,
      get service() {
        return models[name];
      },
      get router() {
        return (router ??= createRouter([models[name]]));
      },
    };
  };
  const connections = new ConnectionLimits({ maxConnections: config.http.maxConnections, maxConnectionsPerAddress: config.http.maxConnectionsPerAddress });
  const { throttling } = config;
  const lag = new EventLoopLag();
  const limits = limitsReporter({ directory: access.directory, usage: storage.usage, throttle: access.throttle });
  const voice = api('chime-sdk-voice');
  const webConsole =
    consoleSessions && config.console.enabled
      ? {
          api: voice,
          handle: consoleHandler({
            sessions: consoleSessions,
            assets: new ConsoleAssets(() => findConsoleDir(config.console.assetsDir)),
            allowRemote: config.console.allowRemote,
            secureCookies: config.console.secureCookies,
            sessionSeconds: config.console.sessionMinutes * 60,
            region: config.events.region,
            ...(events && { events: eventEndpoint(events) }),
            ...(overviewFigures && {
              overview: overviewEndpoint({
                figures: overviewFigures,
                quotas: limits,
                lastSeq: (accountId) => storage.events.lastSeq(accountId),
                now: () => (testClock ?? realClock).now(),
              }),
            }),
          }),
        }
      : undefined;
  const accessLog = accessLine(logger);
  const gateway = createGateway({
    ...(answers && { answers }),
    connections,
    maxInFlight: config.http.maxInFlight,
    ...(config.http.maxEventLoopLagMs > 0 && { eventLoopLag: lag, maxEventLoopLagMs: config.http.maxEventLoopLagMs }),
    ...(throttling.enabled && { maxInFlightPerAccount: throttling.maxInFlightPerAccount }),
    ...(throttling.enabled && {
      // Per process: with --workers N, 1/N of the limit each.
      authFailures: new AuthFailureLimiter({ ...shareOf(throttling.authFailures, config.http.workers), now: () => realClock.now().getTime() }),
    }),
    apis: apiSelector({ chime: api('chime'), 'chime-sdk-voice': voice, both: api('both') }, config.defaultApi),
    ...(webConsole && { console: webConsole }),
    handlers: chimeHandlers(services),
    authenticate: authenticator({ credentials: access.credentials, now: () => realClock.now(), regions: config.regions }),
    throttle: access.throttle,
    admin: adminEndpoints({
      ping: () => storage.ping(),
      onCheckFailed: (check, error) => logger.warn({ check, err: error }, 'readiness check failed'),
      workerRunning,
      metrics: metricsSource ?? metrics.registry,
      ...(config.metrics.token !== undefined && { metricsToken: config.metrics.token }),
      clock: testClock,
      ...(testControls && { testControls }),
      ...(events && { events }),
      ...(webhooks && { webhooks }),
      limits,
      status: statusReporter({
        version,
        database: config.database.url ? 'postgresql' : 'sqlite',
        storage,
        workerRunning,
        pid: process.pid,
        processes: config.http.workers,
      }),
    }),
    newRequestId: () => ids.uuid(),
    maxBodyBytes: config.limits.maxBodyBytes,
    maxHeaders: config.http.maxHeaders,
    maxJsonDepth: config.limits.maxJsonDepth,
    isTransient: isTransientStorageError,
    onResponse: (record) => recordRequest(record, metrics, logger, accessLog),
    onStreamError: ({ requestId, accountId, error }) => logger.warn({ requestId, account: accountId, err: error }, 'event stream ended by an error'),
  });
  const { http } = config;
  const server = createServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      maxHeaderSize: http.maxHeaderBytes,
      // Node would answer a bare 400 to an HTTP/1.1 request without Host; the gateway answers it in the service's format.
      requireHostHeader: false,
      // Slow clients are cut within a second of their deadline (node's default check runs every 30 s).
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(http.headersTimeoutMs / 4))),
    },
    gateway,
  );
  connections.watch(server);
  if (config.http.maxEventLoopLagMs > 0) {
    lag.start();
    server.once('close', () => lag.stop());
  }
  // The gateway counts the header lines and refuses more than maxHeaders with its own 400; node must not act on the
  // count first (Node 22 and later refuse the excess as HPE_HEADER_OVERFLOW, the error of too many bytes, answered
  // 431; Node 20 leaves it out of req.headers). A header line takes at least 4 bytes ("x:" CRLF), so node's byte
  // limit always comes before this count.
  server.maxHeadersCount = Math.ceil(http.maxHeaderBytes / 4) + 1;
  const refusals = {
    // Nothing of a request that node could not parse tells its API: the legacy envelope, which both kinds of client read.
    get service() {
      return models.chime;
    },
    newRequestId: () => ids.uuid(),
    maxHeaderBytes: http.maxHeaderBytes,
    onError: ({ requestId, status, errorType }: { requestId: string; status: number; errorType: string }) =>
      recordRequest({ requestId, method: '-', operation: 'unrouted', status, errorType, durationMs: 0 }, metrics, logger, accessLog),
  };
  server.on('clientError', clientErrorHandler(refusals));
  server.on('connect', connectHandler(refusals));
  server.on('checkExpectation', expectationHandler(refusals));
  return server;
}

/** Listens on `host:port`; rejects when the address cannot be bound. */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Counts the request and logs it: its access line, or the error of an unexpected 5xx (`access` writes the access lines of `logger`). */
function recordRequest(record: RequestRecord, metrics: Metrics, logger: Logger, access: (fields: AccessFields) => void): void {
  const status = String(record.status);
  metrics.requests.inc({ operation: record.operation, status });
  metrics.latency.observe({ operation: record.operation }, record.durationMs / 1000);
  if (record.status === 429) metrics.throttled.inc({ operation: record.operation });
  const fields = {
    requestId: record.requestId,
    account: record.accountId,
    operation: record.operation,
    api: record.api,
    method: record.method,
    status: record.status,
    ms: Math.round(record.durationMs * 100) / 100,
    errorType: record.errorType,
  };
  // A ServiceError behind a 5xx is the server's own refusal (shedding for lag, over its bounds, shutting down), answered
  // on purpose and logged as any answer, as a throttled 429 is; what failed unexpectedly is logged with its error.
  if (record.status >= 500 && !(record.internalError instanceof ServiceError)) logger.error({ ...fields, err: record.internalError }, 'request failed');
  else access(fields);
}

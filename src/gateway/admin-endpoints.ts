/**
 * The `/_dialtone/` endpoints (health, readiness, status, metrics, limits, the test clock, and the test controls of
 * `test-control-endpoints.ts`); `admin.ts` dispatches to them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { ServiceError, badRequest } from '../protocol/errors.ts';
import { isLoopbackAddress } from '../shared/loopback.ts';
import { jsonResponse, type AdminEndpoints } from './admin.ts';
import { testControlEndpoints, type TestControls } from './test-control-endpoints.ts';
import { eventEndpoint, type EventFeed } from './event-endpoint.ts';
import { webhookEndpoints, type WebhookAdmin } from './webhook-endpoints.ts';

/** A clock that tests may move forward (the test-mode clock of the composition root, shared through the database). */
export interface AdjustableClock {
  now(): Date;
  /** Moves the clock forward on every node. */
  advance(ms: number): Promise<void>;
  /** Catches up with an advance made on another node. */
  refresh(): Promise<unknown>;
  readonly offsetMs: number;
}

export interface AdminDependencies {
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  /** Told why a readiness check failed: the answer names the check only, the reason goes to the operator's log. */
  onCheckFailed?(check: string, error: unknown): void;
  workerRunning(): boolean;
  /** The registry, or with `--workers` the aggregate of every worker's (src/app/cluster-metrics.ts). */
  metrics: Pick<Registry, 'contentType' | 'metrics'>;
  /** When set, `/_dialtone/metrics` needs `Authorization: Bearer <token>`; when not, it answers loopback clients only. */
  metricsToken?: string;
  /** Present when test-mode clock control is enabled. */
  clock?: AdjustableClock;
  /** The caller's account limits and usage (`GET /_dialtone/limits`, signed like the API). */
  limits?(caller: { accountId: string; accessKeyId: string }): Promise<unknown>;
  /** What `dialtone status` shows: version, database, pending work (`GET /_dialtone/status`, operators only). */
  status?(): Promise<unknown>;
  /** Present when test-mode state control is enabled: reset and the carrier's rules. */
  testControls?: TestControls;
  /** The account's events (`GET /_dialtone/events`, signed like the API): replay pages and live streams. */
  events?: EventFeed;
  /** The caller's webhook subscriptions (`/_dialtone/webhooks…`, signed like the API). */
  webhooks?: WebhookAdmin;
}

/**
 * Who may read operator endpoints: with a token configured, whoever sends `Authorization: Bearer <token>` (from any
 * address); without one, clients on the loopback interface only.
 */
function checkOperator(token: string | undefined, remoteAddress: string | undefined, authorization: string | undefined): void {
  if (token !== undefined) {
    const given = Buffer.from(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
    throw new ServiceError('ForbiddenException', 'This endpoint needs Authorization: Bearer <the configured metrics token>', 403);
  }
  if (!isLoopbackAddress(remoteAddress)) {
    throw new ServiceError('ForbiddenException', 'This endpoint answers loopback clients only; configure a metrics token to read it from elsewhere', 403);
  }
}

export function adminEndpoints(deps: AdminDependencies): AdminEndpoints {
  const endpoints: AdminEndpoints = {
    /** Alive: the process answers HTTP. */
    health: {
      methods: ['GET', 'HEAD'],
      handle: () => Promise.resolve(jsonResponse(200, { status: 'ok' })),
    },
    /** Ready: the database answers (its migrations were applied before the server listened) and the worker runs. */
    ready: {
      methods: ['GET', 'HEAD'],
      async handle() {
        const database = await deps.ping().then(
          () => 'ok',
          (error: unknown) => {
            deps.onCheckFailed?.('database', error);
            return 'unreachable';
          },
        );
        const worker = deps.workerRunning() ? 'ok' : 'stopped';
        const ready = database === 'ok' && worker === 'ok';
        return jsonResponse(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: { database, migrations: 'ok', worker } });
      },
    },
    metrics: {
      methods: ['GET'],
      async handle({ remoteAddress, authorization }) {
        checkOperator(deps.metricsToken, remoteAddress, authorization);
        return { status: 200, headers: { 'content-type': deps.metrics.contentType }, body: await deps.metrics.metrics() };
      },
    },
  };
  const status = deps.status;
  if (status) {
    endpoints.status = {
      methods: ['GET'],
      async handle({ remoteAddress, authorization }) {
        checkOperator(deps.metricsToken, remoteAddress, authorization);
        return jsonResponse(200, await status());
      },
    };
  }
  const limits = deps.limits;
  if (limits) {
    endpoints.limits = {
      methods: ['GET'],
      signed: true,
      async handle({ caller }) {
        if (!caller) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
        const report = await limits({ accountId: caller.credential.accountId, accessKeyId: caller.credential.accessKeyId });
        if (report === undefined) throw new ServiceError('ForbiddenException', `The account ${caller.credential.accountId} does not exist`, 403);
        return jsonResponse(200, report);
      },
    };
  }
  if (deps.testControls) Object.assign(endpoints, testControlEndpoints(deps.testControls));
  if (deps.events) endpoints.events = eventEndpoint(deps.events);
  if (deps.webhooks) Object.assign(endpoints, webhookEndpoints(deps.webhooks));
  const clock = deps.clock;
  if (clock) {
    endpoints.clock = {
      methods: ['GET', 'POST'],
      async handle({ method, body }) {
        const ms = method === 'POST' ? readAdvance(body) : undefined;
        // What another node advanced counts, here as on that node.
        await clock.refresh();
        if (ms !== undefined) {
          // Timestamps are ISO 8601 with four-digit years on the wire: the clock stops short of year 10000.
          if (clock.now().getTime() + ms > LATEST_CLOCK_MS) {
            throw badRequest(`The clock cannot move past ${new Date(LATEST_CLOCK_MS).toISOString()}`);
          }
          await clock.advance(ms);
        }
        return jsonResponse(200, { now: clock.now().toISOString(), offsetMs: clock.offsetMs });
      },
    };
  }
  return endpoints;
}

/**
 * The latest instant the test clock may reach: the last millisecond of year 9998. Every delay dialtone schedules (the
 * deletion queue, at most 365 days; calling-name propagation; the 7-day settings rule) then still ends before year
 * 10000, which no ISO-8601 timestamp the SDKs read can express.
 */
const LATEST_CLOCK_MS = Date.UTC(9998, 11, 31, 23, 59, 59, 999);

/** `{"advanceSeconds": n}`, `{"advanceMinutes": n}`, `{"advanceHours": n}` or `{"advanceDays": n}` → milliseconds. */
function readAdvance(body: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw badRequest('The body must be JSON such as {"advanceDays": 8}');
  }
  const units: Record<string, number> = { advanceSeconds: 1e3, advanceMinutes: 60e3, advanceHours: 3600e3, advanceDays: 86400e3 };
  const entries = Object.entries((parsed ?? {}) as Record<string, unknown>).filter(([key]) => key in units);
  if (entries.length !== 1 || typeof entries[0]![1] !== 'number' || !Number.isFinite(entries[0]![1]) || entries[0]![1] < 0) {
    throw badRequest('Give exactly one of advanceSeconds, advanceMinutes, advanceHours or advanceDays, a non-negative number');
  }
  return entries[0]![1] * units[entries[0]![0]]!;
}

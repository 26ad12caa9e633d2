/**
 * Background work: the job queue with its handlers (order fulfilment against the simulated carrier, whose rules tests
 * may set at run time) and the worker that drives it; the inventory sweeper; the order sweeper (retention of finished
 * orders, expired invocation ids); the outbox's retention (events past `events.retentionDays`); voice analytics'
 * retention (tasks past their day, expired voice profiles); the watch that learns of resets made elsewhere; with the
 * test-mode clock, the loop that follows its offset as other nodes move it.
 */
import { hostname } from 'node:os';
import { SimulatedCarrier } from '../carrier/simulated-carrier.ts';
import type { Config } from '../config/config.ts';
import type { InventoryService } from '../domain/inventory/inventory-service.ts';
import { JobQueue } from '../domain/jobs/job-queue.ts';
import { FULFIL_ORDER, FulfilmentService, fulfilmentWrites, type FulfilmentWrites } from '../domain/orders/fulfilment.ts';
import { OrderHousekeeping } from '../domain/orders/order-housekeeping.ts';
import { EventRetention } from '../domain/events/event-retention.ts';
import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import type { ClusterLock } from '../domain/ports/cluster-lock.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { SharedOffsetClock } from '../domain/shared/shared-offset-clock.ts';
import { VoiceAnalyticsRetention } from '../domain/voice-analytics/voice-analytics-retention.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { fairTurns } from '../shared/fair-turns.ts';
import { narrowed, type Storage } from '../storage/storage.ts';
import { JobWorker } from '../worker/job-worker.ts';
import { SWEEP_LOCK, Sweeper, type SweepCounts, type SweeperOptions } from '../worker/sweeper.ts';
import type { CarrierRulesStore } from './carrier-rules.ts';
import { RESET_WATCH_MS, type ResetWatch } from './reset-watch.ts';
import { DAY_MS } from './services.ts';

/** The order sweeper's name: its cluster-wide lock, and its log lines. */
export const ORDER_SWEEP = 'order-sweep';
/** The outbox's retention sweep: its cluster-wide lock, and its log lines. */
export const EVENTS_PRUNE = 'events-prune';
/** Voice analytics' retention sweep (tasks past their day, expired voice profiles): its cluster-wide lock, and its log lines. */
export const VOICE_ANALYTICS_PRUNE = 'voice-analytics-prune';

export interface BackgroundParts {
  config: Config;
  storage: Storage;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  metrics: Metrics;
  inventory: InventoryService;
  phoneNumbers: PhoneNumberService;
  /** The test-mode clock, when enabled: re-read every `CLOCK_SYNC_MS` to follow advances made on other nodes. */
  testClock?: SharedOffsetClock;
  /** With test-mode state control: the carrier's rules set at run time, read at each acquisition call. */
  carrierRules?: CarrierRulesStore;
  /** Drops what this node keeps for accounts reset elsewhere; checked every `RESET_WATCH_MS`. */
  resetWatch: ResetWatch;
  /** Runs a callback after the turn's pending I/O (fair turns' schedule; default `setImmediate`). */
  afterIo?: (callback: () => void) => void;
}

/** How often a node re-reads the test clock's shared offset (real time). */
export const CLOCK_SYNC_MS = 1_000;

/**
 * A sweeper named `name` (its cluster-wide lock and its log lines) whose sweeps and failures the metrics count under
 * that name; `onSweep`, when given, is called after the metrics' own.
 */
export function meteredSweeper<R extends SweepCounts>(metrics: Metrics, name: string, options: Omit<SweeperOptions<R>, 'name' | 'onFailure'>): Sweeper<R> {
  const hooks = metrics.sweepHooks(name);
  const { onSweep } = options;
  return new Sweeper({
    ...options,
    name,
    onSweep: (result) => {
      hooks.onSweep(result);
      onSweep?.(result);
    },
    onFailure: hooks.onFailure,
  });
}

export function backgroundWork({ config, storage, clock, ids, logger, metrics, inventory, phoneNumbers, testClock, carrierRules, resetWatch, afterIo }: BackgroundParts) {
  // Ordered numbers were validated by libphonenumber when ordered: pool membership by block is enough here.
  const carrier = new SimulatedCarrier({
    ...config.carrier,
    inPool: (e164) => inventory.describe(e164) !== undefined,
    ...(carrierRules && { rules: async () => (await carrierRules.current()).rules }),
  });
  const fulfilment = new FulfilmentService({
    orders: storage.orders,
    phoneNumbers: storage.phoneNumbers,
    carrier,
    clock,
    ids,
    agingMs: config.inventory.agingDays * DAY_MS,
    describe: (e164) => inventory.classify(e164),
    callingNamePropagationMs: config.phoneNumbers.callingNamePropagationMs,
  });
  const queue = new JobQueue<FulfilmentWrites>({
    jobs: storage.jobs,
    // Batches of at most `fulfilment.batchSize` orders: transactions of bounded statements (see Storage.batchWork).
    unitOfWork: narrowed(storage.batchWork ?? storage, fulfilmentWrites),
    clock,
    owner: `${hostname()}:${process.pid}:${ids.uuid().slice(0, 8)}`,
    leaseMs: config.fulfilment.leaseMs,
    // One claim or fenced transaction per turn of the event loop: batches whose carrier answers arrive together
    // settle with the requests read in between, not back to back.
    turns: fairTurns(afterIo),
    handlers: {
      [FULFIL_ORDER]: async (jobs, fence, signal) => {
        const result = await fulfilment.run(jobs, fence, signal);
        metrics.fulfilledNumbers.inc({ outcome: 'acquired' }, result.acquired);
        metrics.fulfilledNumbers.inc({ outcome: 'failed' }, result.failed);
        for (const lag of result.lagsMs) metrics.fulfilmentLag.observe(lag / 1000);
      },
    },
  });
  const { batchSize, idleMs, maxInFlight } = config.fulfilment;
  const worker = new JobWorker({ queue, batchSize, idleMs, maxInFlight, logger });
  const lock = oneAtATime(storage);
  const sweeper = meteredSweeper(metrics, SWEEP_LOCK, { target: phoneNumbers, lock, intervalMs: config.phoneNumbers.sweepIntervalMs, logger });
  const housekeeping = new OrderHousekeeping({
    orders: storage.orders,
    invocations: storage.orderInvocations,
    clock,
    retentionMs: config.orders.retentionDays * DAY_MS,
    invocationWindowMs: config.orders.idempotencyWindowMs,
  });
  const orderSweeper = meteredSweeper(metrics, ORDER_SWEEP, { target: housekeeping, lock, intervalMs: config.orders.sweepIntervalMs, logger });
  const retention = new EventRetention({ events: storage.events, clock, retentionMs: config.events.retentionDays * DAY_MS });
  const eventPruner = meteredSweeper(metrics, EVENTS_PRUNE, {
    target: retention,
    lock,
    intervalMs: config.events.pruneIntervalMs,
    logger,
    onSweep: (result) => metrics.eventsPruned.inc(result.prunedEvents),
  });
  const voiceAnalyticsRetention = new VoiceAnalyticsRetention({ tasks: storage.voiceAnalyticsTasks, profiles: storage.voiceProfiles, clock });
  const voiceAnalyticsPruner = meteredSweeper(metrics, VOICE_ANALYTICS_PRUNE, {
    target: voiceAnalyticsRetention,
    lock,
    intervalMs: config.voiceAnalytics.pruneIntervalMs,
    logger,
  });
  const clockSync =
    testClock && new Sweeper({ name: 'test-clock', target: { sweep: async () => ({ moved: (await testClock.refresh()) ? 1 : 0 }) }, intervalMs: CLOCK_SYNC_MS, logger });
  // A failed read is simply read again at the next tick: a database that is away is reported by the requests, the
  // readiness check and the other sweeps, not once more every second here.
  const watchResets = { sweep: async () => ({ resets: await resetWatch.check().catch(() => 0) }) };
  const resetSync = new Sweeper({ name: 'reset-watch', target: watchResets, intervalMs: RESET_WATCH_MS, logger });
  return { worker, sweeper, orderSweeper, eventPruner, voiceAnalyticsPruner, clockSync, resetSync };
}

/**
 * The cluster lock, taken by one sweep at a time in this process whichever sweeper asks (the next waits its turn). On
 * PostgreSQL a sweep holds a pooled connection for its lock while its work needs another: two sweeps at once could
 * hold both connections of the smallest pool (2) and wait for each other's forever.
 */
function oneAtATime(lock: ClusterLock): ClusterLock {
  let last: Promise<unknown> = Promise.resolve();
  return {
    exclusive(name, work) {
      const turn = last.then(() => lock.exclusive(name, work));
      last = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Prometheus metrics (prom-client) on a registry of their own, served at `/_dialtone/metrics`. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from './prom-client.ts';

export interface MetricsSources {
  /** Orders by status, counted in the database. */
  ordersByStatus(): Promise<Record<string, number>>;
  /** Fulfilment jobs waiting or in progress. */
  pendingJobs(): Promise<number>;
  /**
   * The database counts are taken at most once per `refreshMs` (ms), whatever the number of scrapers; concurrent
   * scrapes share one count. 0 counts on every scrape.
   */
  refreshMs?: number;
  /** The current time in milliseconds (for `refreshMs`). */
  now?(): number;
  /** Log lines dropped because stdout's consumer did not keep up (see log-stream.ts). */
  droppedLogLines?(): number;
}

/** A value loaded at most once per `maxAgeMs`; callers arriving during a load share it. */
function cached<T>(load: () => Promise<T>, maxAgeMs: number, now: () => number): () => Promise<T> {
  let value: { at: number; result: T } | undefined;
  let pending: Promise<T> | undefined;
  return () => {
    if (value !== undefined && now() - value.at < maxAgeMs) return Promise.resolve(value.result);
    pending ??= load().then(
      (result) => {
        value = { at: now(), result };
        pending = undefined;
        return result;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'status'>;
  readonly latency: Histogram<'operation'>;
  readonly throttled: Counter<'operation'>;
  readonly fulfilledNumbers: Counter<'outcome'>;
  readonly fulfilmentLag: Histogram;
  readonly eventsPruned: Counter;
  /** What the background sweeps did: items by sweep and kind (released numbers, pruned orders, …). */
  readonly sweepItems: Counter<'sweep' | 'item'>;
  /** Background sweeps that failed (each is logged and runs again at its next tick). */
  readonly sweepFailures: Counter<'sweep'>;
  readonly eventStreams: Gauge;
  /** Webhook delivery attempts by outcome: delivered, failed (retried later), dead-lettered. */
  readonly webhookDeliveries: Counter<'outcome'>;
  readonly webhookDeadLetters: Counter;
  readonly webhookPrunedEvents: Counter;
  /** From an event's time to its delivery (2xx). */
  readonly webhookLag: Histogram;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const now = sources.now ?? Date.now;
    const ordersByStatus = cached(() => sources.ordersByStatus(), sources.refreshMs ?? 0, now);
    const pendingJobs = cached(() => sources.pendingJobs(), sources.refreshMs ?? 0, now);
    this.requests = new Counter({ name: 'dialtone_requests_total', help: 'API requests by operation and HTTP status', labelNames: ['operation', 'status'], registers });
    this.latency = new Histogram({
      name: 'dialtone_request_duration_seconds',
      help: 'API request latency by operation',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.throttled = new Counter({ name: 'dialtone_throttled_requests_total', help: 'Requests answered 429', labelNames: ['operation'], registers });
    this.fulfilledNumbers = new Counter({ name: 'dialtone_fulfilment_numbers_total', help: 'Ordered numbers settled by the worker', labelNames: ['outcome'], registers });
    this.fulfilmentLag = new Histogram({
      name: 'dialtone_fulfilment_lag_seconds',
      help: 'Time from order creation to its terminal status',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.eventsPruned = new Counter({ name: 'dialtone_events_pruned_total', help: 'Events deleted from the outbox past their retention', registers });
    this.sweepItems = new Counter({
      name: 'dialtone_sweep_items_total',
      help: 'What the background sweeps did, by sweep and kind of item',
      labelNames: ['sweep', 'item'],
      registers,
    });
    this.sweepFailures = new Counter({ name: 'dialtone_sweep_failures_total', help: 'Background sweeps that failed, by sweep', labelNames: ['sweep'], registers });
    this.eventStreams = new Gauge({ name: 'dialtone_event_streams', help: 'Live event streams open', registers, aggregator: 'sum' });
    this.webhookDeliveries = new Counter({ name: 'dialtone_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'], registers });
    this.webhookDeadLetters = new Counter({ name: 'dialtone_webhook_dead_letters_total', help: 'Events dead-lettered after the retry period', registers });
    this.webhookPrunedEvents = new Counter({
      name: 'dialtone_webhook_pruned_events_total',
      help: 'Events deleted from the outbox (retention, or a reset) before a webhook subscription reached them',
      registers,
    });
    this.webhookLag = new Histogram({
      name: 'dialtone_webhook_delivery_lag_seconds',
      help: 'Time from an event to its delivery to a webhook target',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers,
    });
    const { droppedLogLines } = sources;
    if (droppedLogLines) {
      new Counter({
        name: 'dialtone_log_lines_dropped_total',
        help: 'Log lines dropped because the consumer of stdout did not keep up',
        registers,
        collect() {
          this.reset();
          this.inc(droppedLogLines());
        },
      });
    }
    new Gauge({
      name: 'dialtone_orders',
      help: 'Orders by status',
      labelNames: ['status'],
      registers,
      // Counted in the database: every worker of `--workers N` reports the same value, so the group's is one of them.
      aggregator: 'first',
      async collect() {
        const counts = await ordersByStatus();
        this.reset();
        for (const status of ['Processing', 'Successful', 'Partial', 'Failed']) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'dialtone_fulfilment_jobs_pending',
      help: 'Fulfilment jobs not finished yet',
      registers,
      aggregator: 'first',
      async collect() {
        this.set(await pendingJobs());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A sweeper's hooks that count what the sweep `name` did (each count of its result as an item) and its failures;
   * the failures start at 0, so that a rate of them is defined before the first.
   */
  sweepHooks(name: string): { onSweep: (counts: Record<string, number>) => void; onFailure: () => void } {
    this.sweepFailures.inc({ sweep: name }, 0);
    return {
      onSweep: (counts) => {
        for (const [item, count] of Object.entries(counts)) if (count > 0) this.sweepItems.inc({ sweep: name, item }, count);
      },
      onFailure: () => this.sweepFailures.inc({ sweep: name }),
    };
  }
}

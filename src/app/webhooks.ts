/**
 * Webhooks, wired: the allowed targets and the HTTP transport, the management service (admin API, CLI, the
 * configuration file's subscriptions applied at start), the delivery service and its worker (woken by this process's
 * commits of events, polling for the rest), and the metrics of each attempt.
 */
import { hostname } from 'node:os';
import { ConfigError, type Config } from '../config/config.ts';
import { unitRandom } from '../domain/webhooks/backoff.ts';
import type { DeadLetter, PrunedEvents, WebhookSubscription } from '../domain/webhooks/subscription.ts';
import { WebhookDelivery } from '../domain/webhooks/webhook-delivery.ts';
import { normalizedUrl, WebhookSubscriptions } from '../domain/webhooks/webhook-subscriptions.ts';
import { DomainError } from '../domain/shared/domain-error.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { SecretSealer } from '../domain/ports/webhooks.ts';
import type { WebhookAdmin } from '../gateway/webhook-endpoints.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { toServiceError } from '../operations/index.ts';
import type { Storage } from '../storage/storage.ts';
import { WebhookWorker } from '../worker/webhook-worker.ts';
import { HttpWebhookTransport, TargetAllowlist } from './webhook-transport.ts';

export interface WebhookParts {
  config: Config;
  storage: Pick<Storage, 'webhooks' | 'events' | 'eventCommits'>;
  clock: Clock;
  /** Real time, for the signatures' `t` (the service's clock may be the test clock). */
  realClock?: Clock;
  ids: IdSource;
  sealer: SecretSealer;
  version: string;
  logger?: Logger;
  metrics?: Metrics;
}

/** The management service alone (the CLI's commands; the server's admin API). */
export function webhookSubscriptions({ config, storage, clock, realClock, ids, sealer, version }: Omit<WebhookParts, 'logger' | 'metrics'>) {
  const targets = new TargetAllowlist(config.webhooks.allowedTargets);
  const transport = new HttpWebhookTransport({ targets, timeoutMs: config.webhooks.timeoutMs, maxSockets: config.webhooks.concurrency });
  const subscriptions = new WebhookSubscriptions({
    webhooks: storage.webhooks,
    events: storage.events,
    targets,
    sealer,
    transport,
    clock,
    ...(realClock && { signingClock: realClock }),
    ids,
    maxPerAccount: config.webhooks.maxSubscriptionsPerAccount,
    userAgent: userAgent(version),
  });
  return { targets, transport, subscriptions };
}

/** Everything the server runs for webhooks. */
export function webhooks(parts: WebhookParts & { logger: Logger; metrics: Metrics }) {
  const { config, storage, clock, realClock, ids, sealer, version, logger, metrics } = parts;
  const { transport, subscriptions } = webhookSubscriptions(parts);
  const w = config.webhooks;
  const delivery = new WebhookDelivery({
    webhooks: storage.webhooks,
    events: storage.events,
    transport,
    sealer,
    clock,
    ...(realClock && { signingClock: realClock }),
    random: unitRandom((n) => ids.bytes(n)),
    retry: w.retry,
    leaseMs: w.leaseMs,
    requestTimeoutMs: w.timeoutMs,
    batchSize: w.batchSize,
    region: config.events.region,
    userAgent: userAgent(version),
    onAttempt(outcome, event, lagMs) {
      metrics.webhookDeliveries.inc({ outcome });
      if (outcome === 'dead-lettered') {
        metrics.webhookDeadLetters.inc();
        logger.warn({ account: event.accountId, event: event.id, type: event.type }, 'webhook event dead-lettered after the retry period');
      }
      if (lagMs !== undefined) metrics.webhookLag.observe(Math.max(0, lagMs) / 1000);
    },
    onPruned(pruned) {
      const count = pruned.throughSeq - pruned.seq + 1;
      metrics.webhookPrunedEvents.inc(count);
      logger.warn(
        { account: pruned.accountId, subscription: pruned.subscriptionId, fromSeq: pruned.seq, throughSeq: pruned.throughSeq, count },
        'webhook events were deleted from the outbox before they could be delivered; recorded with the dead letters',
      );
    },
  });
  const worker = new WebhookWorker({
    delivery,
    concurrency: w.concurrency,
    pollMs: w.pollIntervalMs,
    owner: `${hostname()}:${process.pid}:${ids.uuid().slice(0, 8)}`,
    logger,
  });
  const unsubscribe = storage.eventCommits.onCommitted(() => worker.wake());
  return {
    worker,
    subscriptions,
    admin: webhookAdmin(subscriptions),
    /** Applies the configuration file's subscriptions (before the worker starts). */
    applyConfigured: () => applyConfigured(config, subscriptions, storage),
    async stop(): Promise<void> {
      unsubscribe();
      await worker.stop();
      transport.close();
    },
  };
}

/** `dialtone-webhooks/<version>`. */
export function userAgent(version: string): string {
  return `dialtone-webhooks/${version}`;
}

/** The admin API's view of the service: JSON-ready answers, domain refusals as modelled errors. */
export function webhookAdmin(subscriptions: WebhookSubscriptions): WebhookAdmin {
  const modelled = <T>(work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      throw toServiceError(error);
    });
  return {
    create: (accountId, input) =>
      modelled(async () => {
        const { subscription, secret } = await subscriptions.create(accountId, input);
        return { subscription: subscriptionView(subscription), secret };
      }),
    list: (accountId) => modelled(async () => (await subscriptions.list(accountId)).map(subscriptionView)),
    get: (accountId, id) => modelled(async () => subscriptionView(await subscriptions.get(accountId, id))),
    update: (accountId, id, input) =>
      modelled(async () => {
        const { subscription, secret } = await subscriptions.update(accountId, id, input);
        return { subscription: subscriptionView(subscription), ...(secret !== undefined && { secret }) };
      }),
    delete: (accountId, id) => modelled(() => subscriptions.delete(accountId, id)),
    deadLetters: (accountId, id) => modelled(async () => (await subscriptions.deadLetters(accountId, id)).map(deadLetterView)),
    redeliver: (accountId, id, eventId) => modelled(() => subscriptions.redeliver(accountId, id, eventId)),
  };
}

/** A subscription as the admin API and the CLI show it. */
export function subscriptionView(s: WebhookSubscription): Record<string, unknown> {
  const d = s.delivery;
  return {
    id: s.id,
    accountId: s.accountId,
    url: s.url,
    types: s.types ?? null,
    enabled: s.enabled,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    delivery: {
      cursorSeq: d.cursorSeq,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt.toISOString(),
      ...(d.failingSince && { failingSince: d.failingSince.toISOString() }),
      ...(d.lastError !== undefined && { lastError: d.lastError }),
      ...(d.lastStatus !== undefined && { lastStatus: d.lastStatus }),
      ...(d.deliveredAt && { deliveredAt: d.deliveredAt.toISOString() }),
    },
  };
}

/** A dead letter as the admin API and the CLI show it; a record of pruned events has no event id, type or body. */
export function deadLetterView(letter: DeadLetter | PrunedEvents): Record<string, unknown> {
  if ('throughSeq' in letter) {
    return {
      subscriptionId: letter.subscriptionId,
      pruned: true,
      seq: letter.seq,
      throughSeq: letter.throughSeq,
      count: letter.throughSeq - letter.seq + 1,
      lastError: letter.lastError,
      deadLetteredAt: letter.deadLetteredAt.toISOString(),
    };
  }
  return {
    subscriptionId: letter.subscriptionId,
    eventId: letter.eventId,
    seq: letter.seq,
    type: letter.type,
    attempts: letter.attempts,
    ...(letter.lastStatus !== undefined && { lastStatus: letter.lastStatus }),
    lastError: letter.lastError,
    deadLetteredAt: letter.deadLetteredAt.toISOString(),
  };
}

/**
 * The file's subscriptions: one with the same id, or else of the same account and url, is brought to the entry (url,
 * types, secret: only what differs is written, so a start with an unchanged file writes nothing); any other is created. Subscriptions the file no longer names are kept (delete them with the API or CLI).
 * @throws ConfigError naming the entry that is refused (a target outside the allowed ones, an unknown type)
 */
async function applyConfigured(config: Config, subscriptions: WebhookSubscriptions, storage: Pick<Storage, 'webhooks'>): Promise<void> {
  const entries = config.webhooks.subscriptions;
  if (entries.length === 0) return;
  const existing = await storage.webhooks.list();
  for (const [index, entry] of entries.entries()) {
    const match = existing.find((s) => (entry.id !== undefined ? s.id === entry.id : s.accountId === entry.accountId && s.url === normalizedUrl(entry.url)));
    const input = { url: entry.url, types: entry.types ?? null, secret: entry.secret };
    try {
      if (match === undefined) await subscriptions.create(entry.accountId, input, entry.id);
      else if (match.accountId !== entry.accountId) throw new DomainError('invalid', `the subscription ${match.id} belongs to account ${match.accountId}`);
      else await subscriptions.converge(entry.accountId, match.id, input);
    } catch (error) {
      if (error instanceof DomainError) throw new ConfigError(`webhooks.subscriptions[${index}]: ${error.message}`);
      throw error;
    }
  }
}


/**
 * Delivering a subscription's events: the worker claims due subscriptions with a lease and hands each to `deliver`,
 * which sends the account's events past the cursor in sequence order, one at a time (types the subscription does not
 * want are skipped by moving the cursor). A 2xx moves the cursor, fenced by the lease: a holder that lost its lease
 * moves nothing. A failure records the attempt and sets the next one after a backoff with full jitter; an event
 * failing for the retry period is dead-lettered and the cursor moves on. At least once: a crash between the answer
 * and the cursor's move sends the event again, with the same id.
 */
import type { Clock } from '../shared/clock.ts';
import { envelopeOf } from '../events/envelope.ts';
import type { StoredEvent } from '../events/event.ts';
import type { EventRepository } from '../ports/events.ts';
import type { SecretSealer, WebhookRepository, WebhookTransport } from '../ports/webhooks.ts';
import { backoffMs, type RetryPolicy } from './backoff.ts';
import { SIGNATURE_HEADER, signatureOf } from './signature.ts';
import type { StoredWebhook } from './subscription.ts';

/** What happened to one attempt, for metrics. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'dead-lettered';

export interface WebhookDeliveryOptions {
  webhooks: WebhookRepository;
  events: Pick<EventRepository, 'after' | 'lastSeq'>;
  transport: WebhookTransport;
  sealer: Pick<SecretSealer, 'open'>;
  /** Schedules retries and the retry period (the service's clock: tests may move it). */
  clock: Clock;
  /** The signatures' `t` (real time, which receivers compare with theirs); `clock` when absent. */
  signingClock?: Clock;
  /** A number in [0, 1) (the backoff's jitter). */
  random: () => number;
  retry: RetryPolicy;
  /** How long a claim holds a subscription (renewed at each delivered event); longer than a request's timeout. */
  leaseMs: number;
  /** Events read at once per subscription. */
  batchSize: number;
  /** The envelope's region. */
  region: string;
  userAgent: string;
  /** Told of each attempt: its outcome and, when delivered, the delay from the event's time. */
  onAttempt?(outcome: DeliveryOutcome, event: StoredEvent, lagMs?: number): void;
}

/** The headers of a delivery: the signature, the event's id and type, the attempt's number. */
export function deliveryHeaders(input: { secret: string; body: string; eventId: string; type: string; attempt: number; now: Date; userAgent: string }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    [SIGNATURE_HEADER.toLowerCase()]: signatureOf(input.secret, input.body, Math.floor(input.now.getTime() / 1000)),
    'dialtone-event-id': input.eventId,
    'dialtone-event-type': input.type,
    'dialtone-delivery-attempt': String(input.attempt),
  };
}

export class WebhookDelivery {
  readonly #o: WebhookDeliveryOptions;

  constructor(options: WebhookDeliveryOptions) {
    this.#o = options;
  }

  /** Leases up to `limit` subscriptions that have something to deliver, under `token`. */
  claim(token: string, limit: number): Promise<StoredWebhook[]> {
    const now = this.#o.clock.now();
    return this.#o.webhooks.claim({ lease: { token, until: new Date(now.getTime() + this.#o.leaseMs) }, now, limit });
  }

  /**
   * Delivers `webhook`'s events past its cursor while the lease holds, until none is left, an attempt fails (retry
   * later) or `signal` aborts (the lease is given back).
   */
  async deliver(webhook: StoredWebhook, token: string, signal?: AbortSignal): Promise<void> {
    const { webhooks, events } = this.#o;
    let cursor = webhook.delivery.cursorSeq;
    let attempts = webhook.delivery.attempts;
    let failingSince = webhook.delivery.failingSince;
    const secret = this.#o.sealer.open(webhook.secretCiphertext, webhook.id);
    try {
      for (;;) {
        if (signal?.aborted) return await webhooks.release(webhook.id, token);
        // Everything up to the last sequence has committed (sequences follow commit order): a later event has a larger one.
        const last = await events.lastSeq(webhook.accountId);
        const batch = (await events.after(webhook.accountId, { afterSeq: cursor, limit: this.#o.batchSize, ...(webhook.types && { types: webhook.types }) })).filter(
          (event) => event.seq <= last,
        );
        if (batch.length === 0) {
          // Past events of other types (or pruned ones) in one move; then nothing is left.
          if (last > cursor && !(await webhooks.advance(webhook.id, token, { cursorSeq: last, leaseUntil: this.#leaseUntil() }))) return;
          return await webhooks.release(webhook.id, token);
        }
        for (const event of batch) {
          if (signal?.aborted) return await webhooks.release(webhook.id, token);
          const result = await this.#attempt(webhook, secret, event, attempts + 1, signal);
          const now = this.#o.clock.now();
          if (result.ok) {
            this.#o.onAttempt?.('delivered', event, now.getTime() - event.at.getTime());
            if (!(await webhooks.advance(webhook.id, token, { cursorSeq: event.seq, deliveredAt: now, leaseUntil: this.#leaseUntil() }))) return;
            cursor = event.seq;
            attempts = 0;
            failingSince = undefined;
            continue;
          }
          if (signal?.aborted) return await webhooks.release(webhook.id, token);
          attempts++;
          failingSince ??= now;
          if (now.getTime() - failingSince.getTime() >= this.#o.retry.periodMs) {
            this.#o.onAttempt?.('dead-lettered', event);
            const letter = {
              subscriptionId: webhook.id,
              accountId: webhook.accountId,
              eventId: event.id,
              seq: event.seq,
              type: event.type,
              attempts,
              ...(result.status === undefined ? {} : { lastStatus: result.status }),
              lastError: result.error,
              deadLetteredAt: now,
              body: result.body,
            };
            if (!(await webhooks.deadLetter(webhook.id, token, letter, this.#leaseUntil()))) return;
            cursor = event.seq;
            attempts = 0;
            failingSince = undefined;
            continue;
          }
          this.#o.onAttempt?.('failed', event);
          const nextAttemptAt = new Date(now.getTime() + backoffMs(this.#o.retry, attempts, this.#o.random));
          await webhooks.fail(webhook.id, token, { attempts, nextAttemptAt, failingSince, lastError: result.error, ...(result.status === undefined ? {} : { lastStatus: result.status }) });
          return;
        }
      }
    } catch (error) {
      // The lease runs out by itself if the database is away; a later claim starts from the stored cursor.
      await webhooks.release(webhook.id, token).catch(() => undefined);
      throw error;
    }
  }

  async #attempt(
    webhook: StoredWebhook,
    secret: string,
    event: StoredEvent,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true } | { ok: false; status?: number; error: string; body: string }> {
    const body = JSON.stringify(envelopeOf(event, this.#o.region));
    const now = (this.#o.signingClock ?? this.#o.clock).now();
    const headers = deliveryHeaders({ secret, body, eventId: event.id, type: event.type, attempt, now, userAgent: this.#o.userAgent });
    const response = await this.#o.transport.send({ url: webhook.url, headers, body, ...(signal && { signal }) });
    if ('error' in response) return { ok: false, error: response.error, body };
    if (response.status >= 200 && response.status <= 299) return { ok: true };
    return { ok: false, status: response.status, error: `the target answered HTTP ${response.status}`, body };
  }

  #leaseUntil(): Date {
    return new Date(this.#o.clock.now().getTime() + this.#o.leaseMs);
  }
}

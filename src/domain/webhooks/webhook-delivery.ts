/**
 * Delivering a subscription's events: the worker claims due subscriptions with a lease and hands each to `deliver`,
 * which sends the account's events past the cursor in sequence order, one at a time (types the subscription does not
 * want are skipped by moving the cursor). Delivered events move the cursor in memory; it is written once per batch,
 * before the lease runs short (the lease's expiry is checked locally before each send, so a request never outlives
 * it), and whenever the delivery stops: every write is fenced by the lease, and a holder that lost it moves nothing. A
 * failure records the attempt and sets the next one after a backoff with full jitter. The retry period counts from
 * when the subscription started failing (`failingSince`, cleared by a delivery): an event failing once the subscription
 * has failed for the whole period is dead-lettered and the cursor moves on, so after a dead letter each following event
 * gets one attempt (and is dead-lettered at once if it fails) until one is delivered. At least once: a crash loses the cursor's moves since its last
 * write, so the next holder sends at most that batch again, with the same ids.
 */
import type { Clock } from '../shared/clock.ts';
import { envelopeOf } from '../events/envelope.ts';
import type { StoredEvent } from '../events/event.ts';
import type { EventRepository } from '../ports/events.ts';
import type { SecretSealer, WebhookRepository, WebhookTransport } from '../ports/webhooks.ts';
import { backoffMs, type RetryPolicy } from './backoff.ts';
import { SIGNATURE_HEADER, signatureOf } from './signature.ts';
import type { PrunedEvents, StoredWebhook } from './subscription.ts';
import type { DeliveryHead } from '../ports/webhooks.ts';

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
  /** How long a claim holds a subscription (renewed at each cursor write); longer than a request's timeout. */
  leaseMs: number;
  /** The longest a request may take (the transport's timeout): no request starts with less of the lease left. */
  requestTimeoutMs: number;
  /** Events read at once per subscription. */
  batchSize: number;
  /** The envelope's region. */
  region: string;
  userAgent: string;
  /** Told of each attempt: its outcome and, when delivered, the delay from the event's time. */
  onAttempt?(outcome: DeliveryOutcome, event: StoredEvent, lagMs?: number): void;
  /** Told of events pruned before the subscription reached them (recorded with its dead letters). */
  onPruned?(pruned: PrunedEvents): void;
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

/** A subscription as claimed: until when the claim holds it. */
export type ClaimedWebhook = StoredWebhook & { leaseUntil: Date };

/** Where one claim's deliveries stand in memory (written by `#save`). */
interface Progress {
  /** The last event handled: delivered, skipped or dead-lettered. */
  seq: number;
  attempts: number;
  failingSince?: Date;
  deliveredAt?: Date;
  leaseUntil: Date;
}

export class WebhookDelivery {
  readonly #o: WebhookDeliveryOptions;

  constructor(options: WebhookDeliveryOptions) {
    this.#o = options;
  }

  /** Leases up to `limit` subscriptions that have something to deliver, under `token`. */
  async claim(token: string, limit: number): Promise<ClaimedWebhook[]> {
    const now = this.#o.clock.now();
    const until = new Date(now.getTime() + this.#o.leaseMs);
    return (await this.#o.webhooks.claim({ lease: { token, until }, now, limit })).map((webhook) => ({ ...webhook, leaseUntil: until }));
  }

  /**
   * Delivers `webhook`'s events past its cursor while the lease holds, until none is left, an attempt fails (retry
   * later) or `signal` aborts (the cursor is written and the lease given back).
   */
  async deliver(webhook: ClaimedWebhook, token: string, signal?: AbortSignal): Promise<void> {
    const { webhooks, events, clock, retry } = this.#o;
    const d = webhook.delivery;
    const progress: Progress = {
      seq: d.cursorSeq,
      attempts: d.attempts,
      ...(d.failingSince && { failingSince: d.failingSince }),
      leaseUntil: webhook.leaseUntil,
    };
    const secret = this.#o.sealer.open(webhook.secretCiphertext, webhook.id);
    try {
      for (;;) {
        if (signal?.aborted) return void (await this.#save(webhook.id, token, progress, false));
        // Everything up to the last sequence has committed (sequences follow commit order): a later event has a larger one.
        const last = await events.lastSeq(webhook.accountId);
        const batch = (await events.after(webhook.accountId, { afterSeq: progress.seq, limit: this.#o.batchSize, ...(webhook.types && { types: webhook.types }) })).filter(
          (event) => event.seq <= last,
        );
        if (!(await this.#recordPruned(webhook, token, progress, batch[0]?.seq ?? last + 1, last))) return;
        if (batch.length === 0) {
          // Past events of other types in one move; then nothing is left.
          progress.seq = Math.max(progress.seq, last);
          return void (await this.#save(webhook.id, token, progress, false));
        }
        for (const event of batch) {
          if (signal?.aborted) return void (await this.#save(webhook.id, token, progress, false));
          // A request must end inside the lease: renew it first (writing the cursor) when less than a request is left.
          if (progress.leaseUntil.getTime() - clock.now().getTime() <= this.#o.requestTimeoutMs && !(await this.#save(webhook.id, token, progress, true))) return;
          const result = await this.#attempt(webhook, secret, event, progress.attempts + 1, signal);
          const now = clock.now();
          if (result.ok) {
            this.#o.onAttempt?.('delivered', event, now.getTime() - event.at.getTime());
            Object.assign(progress, { seq: event.seq, attempts: 0, deliveredAt: now, failingSince: undefined });
            continue;
          }
          if (signal?.aborted) return void (await this.#save(webhook.id, token, progress, false));
          progress.attempts++;
          progress.failingSince ??= now;
          if (now.getTime() - progress.failingSince.getTime() >= retry.periodMs) {
            this.#o.onAttempt?.('dead-lettered', event);
            const letter = {
              subscriptionId: webhook.id,
              accountId: webhook.accountId,
              eventId: event.id,
              seq: event.seq,
              type: event.type,
              attempts: progress.attempts,
              ...(result.status === undefined ? {} : { lastStatus: result.status }),
              lastError: result.error,
              deadLetteredAt: now,
              body: result.body,
            };
            // The subscription stays failing (since when it started): each next event gets one attempt until one succeeds.
            // The cursor moves past the letter only once it is stored (a failed write must not skip the event).
            const moved = { ...progress, seq: event.seq, attempts: 0, leaseUntil: this.#leaseUntil() };
            if (!(await webhooks.deadLetter(webhook.id, token, letter, this.#head(moved, true)))) return;
            Object.assign(progress, moved);
            continue;
          }
          this.#o.onAttempt?.('failed', event);
          const nextAttemptAt = new Date(now.getTime() + backoffMs(retry, progress.attempts, this.#o.random));
          await webhooks.fail(webhook.id, token, {
            cursorSeq: progress.seq,
            ...(progress.deliveredAt && { deliveredAt: progress.deliveredAt }),
            attempts: progress.attempts,
            nextAttemptAt,
            failingSince: progress.failingSince,
            lastError: result.error,
            ...(result.status === undefined ? {} : { lastStatus: result.status }),
          });
          return;
        }
        // Once per batch: the cursor written, the lease renewed.
        if (!(await this.#save(webhook.id, token, progress, true))) return;
      }
    } catch (error) {
      // What was delivered is written if the database answers; if it is away the lease runs out by itself, and a later
      // claim starts from the stored cursor (sending again what was delivered since: at least once).
      await this.#save(webhook.id, token, progress, false).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Records the events deleted from the outbox between the cursor and `next` (the first wanted event still kept, or
   * `last + 1`), if any, as a dead letter without a body, and moves the cursor past them. Sequences are dense and
   * everything up to `last` has committed, so a sequence missing there was deleted (pruned, or by a reset). Answers
   * whether the lease still held.
   */
  async #recordPruned(webhook: ClaimedWebhook, token: string, progress: Progress, next: number, last: number): Promise<boolean> {
    if (next <= progress.seq + 1) return true;
    // A subscription to some types skips the others: the first event of any type still kept tells what is gone.
    const kept = webhook.types === undefined ? next : ((await this.#o.events.after(webhook.accountId, { afterSeq: progress.seq, limit: 1 }))[0]?.seq ?? last + 1);
    const through = Math.min(kept, last + 1) - 1;
    if (through <= progress.seq) return true;
    const pruned: PrunedEvents = {
      subscriptionId: webhook.id,
      accountId: webhook.accountId,
      seq: progress.seq + 1,
      throughSeq: through,
      lastError: `${through - progress.seq} event(s) were deleted from the outbox (events.retentionDays, or a reset) before they could be delivered`,
      deadLetteredAt: this.#o.clock.now(),
    };
    const moved = { ...progress, seq: through, leaseUntil: this.#leaseUntil() };
    if (!(await this.#o.webhooks.deadLetter(webhook.id, token, pruned, this.#head(moved, true)))) return false;
    Object.assign(progress, moved);
    this.#o.onPruned?.(pruned);
    return true;
  }

  /** Writes the progress, renewing the lease (`keep`) or giving it up; answers whether the lease still held. */
  async #save(id: string, token: string, progress: Progress, keep: boolean): Promise<boolean> {
    if (keep) progress.leaseUntil = this.#leaseUntil();
    return this.#o.webhooks.save(id, token, this.#head(progress, keep));
  }

  #head(progress: Progress, keep: boolean): DeliveryHead {
    return {
      cursorSeq: progress.seq,
      attempts: progress.attempts,
      ...(progress.failingSince && { failingSince: progress.failingSince }),
      ...(progress.deliveredAt && { deliveredAt: progress.deliveredAt }),
      ...(keep && { leaseUntil: progress.leaseUntil }),
    };
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

/**
 * The background loop of webhook deliveries: claims due subscriptions with a lease, up to `concurrency` in flight, and
 * delivers each on its own (a slow or dead target holds one slot for at most its request timeout, never another
 * subscription's deliveries). Woken by commits of this process that appended events, otherwise it polls every
 * `pollMs` (commits of other nodes, retries coming due). `stop()` aborts the requests in flight and gives their leases
 * back; a delivery that was cut is sent again by the next holder.
 */
import type { WebhookDelivery } from '../domain/webhooks/webhook-delivery.ts';
import { ClaimLoop } from './claim-loop.ts';
import { FailureStreak } from './failure-streak.ts';
import type { WorkerLogger } from './worker-logger.ts';

export interface WebhookWorkerOptions {
  delivery: Pick<WebhookDelivery, 'claim' | 'deliver'>;
  /** Subscriptions delivered at once. */
  concurrency: number;
  /** The wait between two looks when there was nothing to do (ms). */
  pollMs: number;
  /** This process's name in lease tokens. */
  owner: string;
  logger: WorkerLogger;
}

/** The longest wait between two claims while claiming fails (the database is away). */
const MAX_BACKOFF_MS = 5_000;

export class WebhookWorker extends ClaimLoop {
  readonly #o: WebhookWorkerOptions;
  readonly #failures: FailureStreak;
  #claims = 0;

  constructor(options: WebhookWorkerOptions) {
    super('webhook worker');
    this.#o = options;
    this.#failures = new FailureStreak(options.logger, 'claiming webhook deliveries');
  }

  protected async loop(): Promise<void> {
    const { delivery, concurrency, logger } = this.#o;
    while (this.running) {
      const free = concurrency - this.inFlight;
      if (free <= 0) {
        await this.oneSettled();
        continue;
      }
      this.looking();
      const token = `${this.#o.owner}:${++this.#claims}`;
      let claimed;
      try {
        claimed = await delivery.claim(token, free);
        this.#failures.succeeded();
      } catch (error) {
        await this.idle(this.#failures.failed(error, this.#o.pollMs, MAX_BACKOFF_MS));
        continue;
      }
      for (const webhook of claimed) {
        const delivered = delivery
          .deliver(webhook, token, this.signal)
          .catch((error: unknown) => logger.error({ err: error, subscription: webhook.id }, 'webhook delivery failed; the subscription is tried again when its lease runs out'));
        // A subscription leased here may have been skipped by a claim made meanwhile: look again once it is done.
        this.track(delivered, () => this.wake());
      }
      if (claimed.length === 0) await this.idle(this.#o.pollMs);
    }
  }
}

/**
 * The background loop of webhook deliveries: claims due subscriptions with a lease, up to `concurrency` in flight, and
 * delivers each on its own (a slow or dead target holds one slot for at most its request timeout, never another
 * subscription's deliveries). Woken by commits of this process that appended events, otherwise it polls every
 * `pollMs` (commits of other nodes, retries coming due). `stop()` aborts the requests in flight and gives their leases
 * back; a delivery that was cut is sent again by the next holder.
 */
import type { WebhookDelivery } from '../domain/webhooks/webhook-delivery.ts';
import { FailureStreak } from './failure-streak.ts';
import { Waker } from './waker.ts';
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

export class WebhookWorker {
  readonly #o: WebhookWorkerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #waker = new Waker();
  readonly #failures: FailureStreak;
  #running = false;
  #loop: Promise<void> | undefined;
  #claims = 0;
  #abort = new AbortController();

  constructor(options: WebhookWorkerOptions) {
    this.#o = options;
    this.#failures = new FailureStreak(options.logger, 'claiming webhook deliveries');
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /** Looks for deliveries now instead of after the poll wait. */
  wake(): void {
    this.#waker.wake();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#abort.abort(new Error('webhook worker stopping'));
    this.#waker.interrupt();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    const { delivery, concurrency, logger } = this.#o;
    while (this.#running) {
      const free = concurrency - this.#inFlight.size;
      if (free <= 0) {
        await Promise.race(this.#inFlight);
        continue;
      }
      this.#waker.looking();
      const token = `${this.#o.owner}:${++this.#claims}`;
      let claimed;
      try {
        claimed = await delivery.claim(token, free);
        this.#failures.succeeded();
      } catch (error) {
        await this.#idle(this.#failures.failed(error, this.#o.pollMs, MAX_BACKOFF_MS));
        continue;
      }
      for (const webhook of claimed) {
        const task = delivery
          .deliver(webhook, token, this.#abort.signal)
          .catch((error: unknown) => logger.error({ err: error, subscription: webhook.id }, 'webhook delivery failed; the subscription is tried again when its lease runs out'))
          .finally(() => {
            this.#inFlight.delete(task);
            // A subscription leased here may have been skipped by a claim made meanwhile: look again.
            this.wake();
          });
        this.#inFlight.add(task);
      }
      if (claimed.length === 0) await this.#idle(this.#o.pollMs);
    }
  }

  /** The wait between two looks; none once the worker is stopping. */
  #idle(ms: number): Promise<void> {
    return this.#running ? this.#waker.wait(ms) : Promise.resolve();
  }
}

/**
 * The background loop of webhook deliveries: claims due subscriptions with a lease, up to `concurrency` in flight, and
 * delivers each on its own (a slow or dead target holds one slot for at most its request timeout, never another
 * subscription's deliveries). Woken by commits of this process that appended events, otherwise it polls every
 * `pollMs` (commits of other nodes, retries coming due). `stop()` aborts the requests in flight and gives their leases
 * back; a delivery that was cut is sent again by the next holder.
 */
import type { WebhookDelivery } from '../domain/webhooks/webhook-delivery.ts';
import type { WorkerLogger } from './job-worker.ts';

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
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #pendingWake = false;
  #claims = 0;
  #failures = 0;
  #abort = new AbortController();

  constructor(options: WebhookWorkerOptions) {
    this.#o = options;
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
    this.#pendingWake = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#abort.abort(new Error('webhook worker stopping'));
    this.#wake?.();
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
      this.#pendingWake = false;
      const token = `${this.#o.owner}:${++this.#claims}`;
      let claimed;
      try {
        claimed = await delivery.claim(token, free);
        if (this.#failures > 0) logger.info?.({ failures: this.#failures }, 'claiming webhook deliveries works again');
        this.#failures = 0;
      } catch (error) {
        this.#failures++;
        if (Number.isInteger(Math.log10(this.#failures))) logger.error({ err: error, failures: this.#failures }, 'claiming webhook deliveries failed');
        await this.#idle(Math.min(MAX_BACKOFF_MS, this.#o.pollMs * 2 ** Math.min(this.#failures, 16)));
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

  #idle(ms: number): Promise<void> {
    if (this.#pendingWake || !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

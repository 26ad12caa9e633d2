/**
 * The create scenarios' CPU per order end to end, its fulfilment included. During the window the server stores orders
 * and fulfils earlier ones at once, and when the load stops a backlog of orders is still Processing: the window's CPU
 * per request leaves that backlog's fulfilment out and counts the fulfilment of the orders left from the warm-up.
 *
 * The meter reads the server's CPU (dialtone's, and its database's on PostgreSQL) and the orders' progress when the
 * window opens, when the load stops, and once no order is Processing any more (the drain). The drain is fulfilment
 * alone, so it gives the fulfilment CPU per order; then
 *
 *     end to end per order = (CPU from the window's opening to the drain's end
 *                             − the orders Processing when the window opened × fulfilment per order)
 *                            ÷ the orders created after the window opened
 */
import type { OrderProgress } from './db.ts';
import { sleep } from './children.ts';

export interface EndToEnd {
  /** CPU per order end to end, µs; undefined when the backlog did not drain in time. */
  usPerOrder?: number;
  /** CPU per order of the drain (fulfilment alone), µs; undefined when there was no backlog to drain. */
  fulfilUsPerOrder?: number;
  /** Orders Processing when the load stopped. */
  backlog: number;
  /** Seconds from the load's end to no order Processing. */
  drainS?: number;
}

interface Reading {
  cpuS: number;
  progress: Promise<OrderProgress>;
}

/** Longest wait for the backlog to drain. */
const DRAIN_TIMEOUT_MS = 60_000;
/**
 * Between reads of the progress. On PostgreSQL each read is a query that the cluster's CPU (counted in the drain)
 * includes: a few milliseconds every 200 ms, a few µs per order of a drain of thousands.
 */
const POLL_MS = 200;

export class EndToEndMeter {
  readonly #cpuSeconds: () => number;
  readonly #progress: () => Promise<OrderProgress>;
  #open: Reading | undefined;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param cpuSeconds the server's CPU seconds so far (its database's included)
   * @param progress the orders created and those still Processing, read from the server's database
   */
  constructor(cpuSeconds: () => number, progress: () => OrderProgress | Promise<OrderProgress>) {
    this.#cpuSeconds = cpuSeconds;
    this.#progress = async () => progress();
  }

  /** Takes the window's opening reading `delayMs` from now (when the load's warm-up ends). */
  openAfter(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.#open = this.#read()), delayMs);
  }

  /** After the load: waits for the backlog to drain and answers the figures (undefined if the window never opened). */
  async close(): Promise<EndToEnd | undefined> {
    clearTimeout(this.#timer);
    const open = this.#open;
    if (!open) return undefined;
    const stopped = this.#read();
    const opened = await open.progress;
    const atStop = await stopped.progress;
    const started = performance.now();
    let end: Reading | undefined;
    while (performance.now() - started < DRAIN_TIMEOUT_MS) {
      const reading = this.#read();
      if ((await reading.progress).processing === 0) {
        end = reading;
        break;
      }
      await sleep(POLL_MS);
    }
    const result: EndToEnd = { backlog: atStop.processing };
    if (!end) return result;
    const last = await end.progress;
    result.drainS = (performance.now() - started) / 1000;
    const fulfilS = atStop.processing > 0 ? (end.cpuS - stopped.cpuS) / atStop.processing : undefined;
    if (fulfilS !== undefined) result.fulfilUsPerOrder = fulfilS * 1e6;
    const created = last.orders - opened.orders;
    // No backlog at the stop: fulfilment kept up, and the warm-up's orders fulfilled in the window stay counted.
    if (created > 0) result.usPerOrder = ((end.cpuS - open.cpuS - opened.processing * (fulfilS ?? 0)) / created) * 1e6;
    return result;
  }

  #read(): Reading {
    const cpuS = this.#cpuSeconds();
    return { cpuS, progress: this.#progress() };
  }
}

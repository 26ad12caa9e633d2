/**
 * What keeps the order tables from growing without bound, decided on the injected clock: finished orders (Successful,
 * Partial, Failed) are deleted with their numbers once they finished longer ago than the retention; claims of invocation
 * ids are deleted once they are older than the retry window (they no longer match anyway). Each sweep deletes in
 * bounded batches, a few per call, so a backlog (retention just switched on, a long stop) drains over several sweeps
 * instead of in one long write. Owned numbers are not orders: they are never deleted here.
 */
import type { OrderInvocations } from '../ports/order-invocations.ts';
import type { OrderPruning } from '../ports/orders.ts';
import { inBatches } from '../shared/batches.ts';
import type { Clock } from '../shared/clock.ts';

/** Orders (with all their numbers) per delete, and claims per delete. */
const ORDER_BATCH = 100;
const INVOCATION_BATCH = 500;
/** Batches of each kind per sweep. */
const MAX_BATCHES = 10;

export interface OrderHousekeepingOptions {
  orders: OrderPruning;
  invocations: Pick<OrderInvocations, 'pruneBefore'>;
  clock: Clock;
  /** How long a finished order is kept after it finished (ms); 0 keeps every order. */
  retentionMs: number;
  /** The window of invocation ids (ms): claims older than this are deleted. */
  invocationWindowMs: number;
  /** Orders per delete (default 100) and batches per sweep (default 10): for tests. */
  orderBatch?: number;
  maxBatches?: number;
}

/** What one sweep deleted (a type, not an interface: sweepers take any record of counts). */
export type OrderSweep = {
  prunedOrders: number;
  prunedInvocations: number;
};

export class OrderHousekeeping {
  readonly #o: OrderHousekeepingOptions;

  constructor(options: OrderHousekeepingOptions) {
    for (const [name, value] of [['retentionMs', options.retentionMs], ['invocationWindowMs', options.invocationWindowMs]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number of milliseconds`);
    }
    this.#o = options;
  }

  /** Deletes what is due at the clock's now, at most `maxBatches` batches of each kind. Idempotent; safe to run concurrently. */
  async sweep(): Promise<OrderSweep> {
    const { orders, invocations, clock, retentionMs, invocationWindowMs } = this.#o;
    const now = clock.now().getTime();
    const maxBatches = this.#o.maxBatches ?? MAX_BATCHES;
    const orderBatch = this.#o.orderBatch ?? ORDER_BATCH;
    const prunedOrders = retentionMs > 0 ? await inBatches((limit) => orders.pruneFinished(new Date(now - retentionMs), limit), orderBatch, maxBatches) : 0;
    const prunedInvocations = await inBatches((limit) => invocations.pruneBefore(new Date(now - invocationWindowMs), limit), INVOCATION_BATCH, maxBatches);
    return { prunedOrders, prunedInvocations };
  }
}

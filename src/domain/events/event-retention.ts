/**
 * Retention of the outbox, decided on the injected clock: events that happened longer ago than the retention are
 * deleted in bounded batches, a few per sweep, so that a backlog (a long stop, a shorter retention) drains over several
 * sweeps instead of in one long write. Sequence numbers are never given again (the account's sequence is kept), so a
 * reader resuming from a pruned sequence learns that it missed events (see event-replay.ts).
 */
import type { EventRepository } from '../ports/events.ts';
import { inBatches } from '../shared/batches.ts';
import type { Clock } from '../shared/clock.ts';

/** Events per delete, and deletes per sweep. */
const BATCH = 1_000;
const MAX_BATCHES = 10;

export interface EventRetentionOptions {
  events: Pick<EventRepository, 'prune'>;
  clock: Clock;
  /** How long an event is kept after it happened (ms). */
  retentionMs: number;
  /** Events per delete (default 1000) and deletes per sweep (default 10): for tests. */
  batch?: number;
  maxBatches?: number;
}

/** What one sweep deleted (a type, not an interface: sweepers take any record of counts). */
export type EventPrune = { prunedEvents: number };

export class EventRetention {
  readonly #o: EventRetentionOptions;

  constructor(options: EventRetentionOptions) {
    if (!Number.isFinite(options.retentionMs) || options.retentionMs <= 0) throw new RangeError('retentionMs must be a positive number of milliseconds');
    this.#o = options;
  }

  /** Deletes what is due at the clock's now, at most `maxBatches` batches. Idempotent; safe to run concurrently. */
  async sweep(): Promise<EventPrune> {
    const { events, clock, retentionMs } = this.#o;
    const before = new Date(clock.now().getTime() - retentionMs);
    const prunedEvents = await inBatches((limit) => events.prune(before, limit), this.#o.batch ?? BATCH, this.#o.maxBatches ?? MAX_BATCHES);
    return { prunedEvents };
  }
}

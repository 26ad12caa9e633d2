/**
 * Reading an account's events from a sequence: the pages of the JSON replay and the batches of the live stream. A
 * reader learns whether events it asked for are gone (pruned by retention, or removed by a reset): sequences are never
 * reused and have no gaps of their own, so a reader after `n` missed events exactly when `n` is below the first kept
 * sequence minus one.
 */
import type { StoredEvent } from './event.ts';
import type { EventType } from './event-types.ts';
import type { EventRepository } from '../ports/events.ts';

/** What a reader asks for. */
export interface ReplayQuery {
  /** Events after this sequence. */
  after: number;
  limit: number;
  /** Only these types; every type when absent. */
  types?: readonly EventType[];
}

/** One page of an account's events. */
export interface ReplayPage {
  events: StoredEvent[];
  /** The account's last sequence when the page was read (0 before its first event). */
  lastSeq: number;
  /**
   * Where the next page starts (`after` of the next read): the last event's sequence when the page is full, else the
   * account's last sequence (every event up to it was read, whatever the type filter skipped), never below `after`.
   */
  nextAfter: number;
  /** Some events after `after` are no longer kept: the page starts at the first kept one. */
  truncated: boolean;
}

export class EventReplay {
  readonly #events: Pick<EventRepository, 'after' | 'lastSeq'>;

  constructor(events: Pick<EventRepository, 'after' | 'lastSeq'>) {
    this.#events = events;
  }

  /** The page of `accountId`'s events after `query.after`, oldest first. */
  async page(accountId: string, query: ReplayQuery): Promise<ReplayPage> {
    const read = await this.read(accountId, query);
    return { ...read, truncated: await this.missed(accountId, query.after, read.lastSeq) };
  }

  /** The page without asking whether events are gone (the live stream asks once, when it starts). */
  async read(accountId: string, query: ReplayQuery): Promise<Omit<ReplayPage, 'truncated'>> {
    // Read first: every event up to it has committed (sequences follow commit order), so the read below sees them all.
    const lastSeq = await this.#events.lastSeq(accountId);
    const events = await this.#events.after(accountId, { afterSeq: query.after, limit: query.limit, ...(query.types && { types: query.types }) });
    const full = events.length === query.limit;
    const nextAfter = full ? events.at(-1)!.seq : Math.max(query.after, lastSeq, events.at(-1)?.seq ?? 0);
    return { events, lastSeq, nextAfter };
  }

  /** Whether events after `after` are gone: `after` is below the first kept sequence minus one. */
  async missed(accountId: string, after: number, lastSeq?: number): Promise<boolean> {
    const last = lastSeq ?? (await this.#events.lastSeq(accountId));
    if (after >= last) return false;
    const [first] = await this.#events.after(accountId, { afterSeq: 0, limit: 1 });
    // Nothing kept: everything up to the last sequence is gone.
    const firstKept = first?.seq ?? last + 1;
    return after < firstKept - 1;
  }

  /** The account's last sequence (where a stream "from now" starts). */
  lastSeq(accountId: string): Promise<number> {
    return this.#events.lastSeq(accountId);
  }
}

/** The outbox: events written in the transaction of their change, read back in per-account sequence. */
import type { NewEvent, StoredEvent } from '../events/event.ts';
import type { EventType } from '../events/event-types.ts';

/** What writers of state changes need, inside the unit of work of the change. */
export interface EventAppender {
  /**
   * Stores `events` in the open transaction, numbering each account's events on from its last sequence, in the order
   * given. On a database with concurrent writers the account's sequence stays locked until the transaction ends, so
   * sequences follow commit order: a reader that has seen sequence n never later finds a smaller one appear.
   */
  append(events: readonly NewEvent[]): Promise<void>;
}

export interface EventQuery {
  /** Only events after this sequence (0: from the first kept). */
  afterSeq: number;
  /** At most this many. */
  limit: number;
  /** Only these types; every type when absent. */
  types?: readonly EventType[];
}

export interface EventRepository extends EventAppender {
  /** The account's events after `afterSeq`, oldest first. */
  after(accountId: string, query: EventQuery): Promise<StoredEvent[]>;
  /** The account's last sequence number given (0 when it has had no event), kept or pruned. */
  lastSeq(accountId: string): Promise<number>;
  /** Deletes up to `limit` events that happened before `before`, oldest first; answers how many. */
  prune(before: Date, limit: number): Promise<number>;
}

/**
 * Tells listeners in this process that events of some accounts have committed here (a nudge for the stream and the
 * webhook deliveries, so they need not wait for their next poll). Events committed by other processes sharing the
 * database are not announced: readers poll for those.
 */
export interface EventCommits {
  /** Calls `listener` after each commit that appended events, with their accounts; answers the unsubscribe. */
  onCommitted(listener: (accountIds: ReadonlySet<string>) => void): () => void;
}

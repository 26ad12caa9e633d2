/**
 * The events as `GET /_dialtone/events` serves them: replay pages, and the live streams of this process with their caps.
 *
 * A stream reads its account's events after its cursor, then waits to be woken: at once by `storage.eventCommits` for
 * the commits of this process, and by a poll (every `pollIntervalMs`, one read of the last sequence per account that has
 * a stream open, whatever the number of its streams) for the commits of other processes sharing the database. Each
 * account has a generation, bumped by every wake; a stream notes it before each read and does not wait when it moved,
 * so a commit between the read and the wait is never slept through. While nothing comes, a heartbeat every
 * `heartbeatMs`. `close()` (shutdown) ends every stream and refuses new ones.
 */
import type { EventCommits, EventRepository } from '../domain/ports/events.ts';
import { envelopeOf } from '../domain/events/envelope.ts';
import { EVENT_TYPES, isEventType, type EventType } from '../domain/events/event-types.ts';
import { EventReplay } from '../domain/events/event-replay.ts';
import type { EventFeed, EventSubscription, StreamItem } from '../gateway/event-endpoint.ts';
import type { Logger } from '../observability/logger.ts';

/** Events per read of a live stream. */
const STREAM_BATCH = 100;

export interface EventStreamsOptions {
  events: Pick<EventRepository, 'after' | 'lastSeq'>;
  commits: EventCommits;
  /** The envelopes' region (`events.region`). */
  region: string;
  heartbeatMs: number;
  pollIntervalMs: number;
  maxStreams: number;
  maxStreamsPerAccount: number;
  logger: Logger;
  /** Told the number of open streams whenever it changes (a gauge). */
  onCount?(open: number): void;
}

/** One account's open streams and what wakes them. */
interface AccountStreams {
  open: number;
  /** Bumped by every wake. */
  generation: number;
  /** The last sequence the poll read (0 before its first read: the first read wakes, harmlessly). */
  polled: number;
  waiters: Set<() => void>;
}

export class EventStreams implements EventFeed {
  readonly types: readonly string[] = EVENT_TYPES;
  readonly #o: EventStreamsOptions;
  readonly #replay: EventReplay;
  readonly #accounts = new Map<string, AccountStreams>();
  readonly #subscriptions = new Set<EventSubscription>();
  readonly #unsubscribe: () => void;
  #poll: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;

  constructor(options: EventStreamsOptions) {
    this.#o = options;
    this.#replay = new EventReplay(options.events);
    this.#unsubscribe = options.commits.onCommitted((accountIds) => {
      for (const accountId of accountIds) this.#wake(accountId);
    });
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#subscriptions.size;
  }

  async page(accountId: string, query: { after: number; limit: number; types?: string[] }) {
    const page = await this.#replay.page(accountId, { after: query.after, limit: query.limit, ...(query.types && { types: eventTypes(query.types) }) });
    return { envelopes: page.events.map((event) => envelopeOf(event, this.#o.region)), lastSeq: page.lastSeq, nextAfter: page.nextAfter, truncated: page.truncated };
  }

  open(accountId: string, from: { after?: number; types?: string[] }): EventSubscription | { refused: 'server' | 'account' | 'closing'; limit: number } {
    if (this.#closed) return { refused: 'closing', limit: 0 };
    if (this.#subscriptions.size >= this.#o.maxStreams) return { refused: 'server', limit: this.#o.maxStreams };
    const account = this.#accounts.get(accountId) ?? { open: 0, generation: 0, polled: 0, waiters: new Set() };
    if (account.open >= this.#o.maxStreamsPerAccount) return { refused: 'account', limit: this.#o.maxStreamsPerAccount };
    account.open++;
    this.#accounts.set(accountId, account);
    let closed = false;
    let wakeOnClose: (() => void) | undefined;
    const subscription: EventSubscription = {
      items: this.#follow(accountId, account, from, () => closed, (wake) => (wakeOnClose = wake)),
      close: () => {
        if (closed) return;
        closed = true;
        wakeOnClose?.();
        this.#subscriptions.delete(subscription);
        if (--account.open === 0) this.#accounts.delete(accountId);
        this.#changed();
      },
    };
    this.#subscriptions.add(subscription);
    this.#changed();
    return subscription;
  }

  /** Ends every stream and refuses new ones (the server is stopping). */
  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    for (const subscription of [...this.#subscriptions]) subscription.close();
  }

  async *#follow(
    accountId: string,
    account: AccountStreams,
    from: { after?: number; types?: string[] },
    isClosed: () => boolean,
    onClose: (wake: () => void) => void,
  ): AsyncGenerator<StreamItem> {
    const types = from.types && eventTypes(from.types);
    let cursor = from.after ?? (await this.#replay.lastSeq(accountId));
    yield { kind: 'start', after: cursor };
    if (from.after !== undefined && (await this.#replay.missed(accountId, cursor))) yield { kind: 'truncated', after: cursor };
    let quietSince = performance.now();
    while (!isClosed()) {
      const generation = account.generation;
      const read = await this.#replay.read(accountId, { after: cursor, limit: STREAM_BATCH, ...(types && { types }) });
      cursor = read.nextAfter;
      if (read.events.length > 0) {
        yield { kind: 'events', events: read.events.map((event) => ({ seq: event.seq, type: event.type, envelope: envelopeOf(event, this.#o.region) })) };
        quietSince = performance.now();
        if (read.events.length === STREAM_BATCH) continue;
      }
      const quietMs = performance.now() - quietSince;
      if (quietMs >= this.#o.heartbeatMs) {
        yield { kind: 'heartbeat' };
        quietSince = performance.now();
        continue;
      }
      if (account.generation !== generation || isClosed()) continue;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          account.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, this.#o.heartbeatMs - quietMs);
        account.waiters.add(done);
        onClose(done);
      });
    }
  }

  #wake(accountId: string): void {
    const account = this.#accounts.get(accountId);
    if (!account) return;
    account.generation++;
    for (const waiter of [...account.waiters]) waiter();
  }

  /** Starts the poll while streams are open, stops it when none is. */
  #changed(): void {
    this.#o.onCount?.(this.#subscriptions.size);
    if (this.#subscriptions.size === 0) {
      clearTimeout(this.#poll);
      this.#poll = undefined;
    } else if (this.#poll === undefined && !this.#polling) this.#schedulePoll();
  }

  #schedulePoll(): void {
    this.#poll = setTimeout(() => {
      this.#poll = undefined;
      void this.#pollOnce().finally(() => {
        if (this.#subscriptions.size > 0 && !this.#closed && this.#poll === undefined) this.#schedulePoll();
      });
    }, this.#o.pollIntervalMs);
    this.#poll.unref();
  }

  /** Reads each account's last sequence; wakes the streams of those that moved (commits of other processes). */
  async #pollOnce(): Promise<void> {
    this.#polling = true;
    try {
      for (const [accountId, account] of [...this.#accounts]) {
        const seq = await this.#o.events.lastSeq(accountId);
        if (seq > account.polled) {
          account.polled = seq;
          this.#wake(accountId);
        }
      }
    } catch (error) {
      // The streams' own reads fail too and end them; the poll tries again at its next tick.
      this.#o.logger.debug({ err: error }, 'event stream poll failed');
    } finally {
      this.#polling = false;
    }
  }
}

function eventTypes(names: readonly string[]): EventType[] {
  return names.filter(isEventType);
}

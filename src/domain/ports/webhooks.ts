/** Webhook subscriptions, their delivery leases and dead letters; the outbound call; the check of a target. */
import type { DeadLetter, PrunedEvents, StoredWebhook } from '../webhooks/subscription.ts';
import type { EventType } from '../events/event-types.ts';

/** What may change of a subscription (absent: unchanged; `types: null`: every type). */
export interface WebhookChanges {
  url?: string;
  types?: EventType[] | null;
  enabled?: boolean;
  secretCiphertext?: string;
  updatedAt: Date;
}

/** Where a subscription's deliveries stand, as a delivery writes it. */
export interface DeliveryHead {
  /** The last event sequence handled. */
  cursorSeq: number;
  /** Failed attempts at the event after the cursor. */
  attempts: number;
  /** Set while the subscription is failing (its last error and status are kept); absent: they are cleared. */
  failingSince?: Date;
  /** When an event was last delivered (unchanged when absent). */
  deliveredAt?: Date;
  /** The lease extended to this time; absent: given up. */
  leaseUntil?: Date;
}

/** A failed attempt, as recorded. */
export interface DeliveryFailure {
  /** The last event sequence handled before the failing one (events delivered since the last write included). */
  cursorSeq: number;
  deliveredAt?: Date;
  attempts: number;
  nextAttemptAt: Date;
  failingSince: Date;
  lastError: string;
  lastStatus?: number;
}

/** A claim's hold on a subscription: who holds it (unique per claim) and until when. */
export interface WebhookLease {
  token: string;
  until: Date;
}

export interface WebhookRepository {
  insert(webhook: StoredWebhook): Promise<void>;
  get(accountId: string, id: string): Promise<StoredWebhook | undefined>;
  /** The account's subscriptions by creation, or every account's when `accountId` is absent. */
  list(accountId?: string): Promise<StoredWebhook[]>;
  count(accountId: string): Promise<number>;
  /** Answers whether the subscription exists. */
  update(accountId: string, id: string, changes: WebhookChanges): Promise<boolean>;
  /** Deletes the subscription and its dead letters; answers whether it existed. */
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * Leases up to `limit` subscriptions that are enabled, due (`nextAttemptAt` ≤ now), not leased (or whose lease ran
   * out) and whose account has events past their cursor, to `lease.token` until `lease.until`, atomically: two
   * claimers never hold one subscription at once (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(options: { lease: WebhookLease; now: Date; limit: number }): Promise<StoredWebhook[]>;
  /**
   * Writes where the deliveries stand (the cursor, the head's attempts, whether the subscription is failing) if `token`
   * still holds the lease; extends the lease to `head.leaseUntil`, or gives it up when absent. Answers whether it held.
   */
  save(id: string, token: string, head: DeliveryHead): Promise<boolean>;
  /** Records a failed attempt (and the cursor reached before it) and releases the lease until `nextAttemptAt`, if `token` holds it. */
  fail(id: string, token: string, failure: DeliveryFailure): Promise<boolean>;
  /**
   * Stores the dead letter (or the record of pruned events) and saves `head` (its cursor past it), in one transaction,
   * if `token` holds the lease.
   */
  deadLetter(id: string, token: string, letter: DeadLetter | PrunedEvents, head: DeliveryHead): Promise<boolean>;
  /** The dead letters and records of pruned events, by sequence. */
  deadLetters(accountId: string, subscriptionId: string, limit: number): Promise<(DeadLetter | PrunedEvents)[]>;
  /** A dead letter by its event's id (never a record of pruned events). */
  getDeadLetter(accountId: string, subscriptionId: string, eventId: string): Promise<DeadLetter | undefined>;
  removeDeadLetter(accountId: string, subscriptionId: string, eventId: string): Promise<boolean>;
}

/** One delivery to send. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}

/** What came of it: an HTTP status, or why there was none (refused target, timeout, connection error). */
export type WebhookResponse = { status: number } | { error: string };

/** The outbound call: resolves the target, checks it against the allowed targets, connects to the checked address. */
export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Whether a URL's host resolves inside the allowed targets: the reason it does not, or undefined. */
export interface TargetCheck {
  refusal(url: string): Promise<string | undefined>;
}

/** Seals secrets at rest, bound to a context (the subscription id). */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

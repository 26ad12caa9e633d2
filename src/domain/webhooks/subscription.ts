/**
 * Webhook subscriptions: an account's target URL, the event types it wants (all when absent), a secret that signs
 * each delivery, and where its deliveries stand (the last event sequence handled, the failing head's attempts). A
 * subscription is delivered in its account's event order, one event in flight at a time.
 */
import type { EventType } from '../events/event-types.ts';

/** Where a subscription's deliveries stand. */
export interface DeliveryState {
  /** The last event sequence handled (delivered, skipped by the type filter, or dead-lettered). */
  cursorSeq: number;
  /** Failed attempts at the event after the cursor (0 when the last attempt succeeded). */
  attempts: number;
  /** No attempt before this time (a retry's backoff). */
  nextAttemptAt: Date;
  /**
   * When the subscription started failing: its first failed attempt since the last delivery (dead letters do not
   * clear it; a delivery, a new URL or enabling it again does). An event that fails once this is a retry period old is
   * dead-lettered.
   */
  failingSince?: Date;
  lastError?: string;
  /** HTTP status of the last failed attempt, when the target answered. */
  lastStatus?: number;
  /** When an event was last delivered. */
  deliveredAt?: Date;
}

export interface WebhookSubscription {
  /** A UUID. */
  id: string;
  accountId: string;
  /** `http://` or `https://`; its host must resolve inside the allowed targets. */
  url: string;
  /** Only these event types; every type when absent. */
  types?: EventType[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  delivery: DeliveryState;
}

/** A subscription as stored: its secret sealed (AES-GCM under the master key, bound to the subscription id). */
export interface StoredWebhook extends WebhookSubscription {
  secretCiphertext: string;
}

/** An event given up on after the retry period: kept, visible, and redeliverable by hand. */
export interface DeadLetter {
  subscriptionId: string;
  accountId: string;
  eventId: string;
  seq: number;
  type: string;
  /** Attempts made before giving up. */
  attempts: number;
  lastStatus?: number;
  lastError: string;
  deadLetteredAt: Date;
  /** The body that was sent (the event's envelope, JSON): redeliverable after the event is pruned from the outbox. */
  body: string;
}

/**
 * Events past a subscription's cursor that were deleted from the outbox before they could be delivered (pruned after
 * `events.retentionDays`, or deleted by a state reset): their ids, types and bodies are gone, only their sequences
 * `seq`…`throughSeq` are known. Listed with the dead letters; not redeliverable.
 */
export interface PrunedEvents {
  subscriptionId: string;
  accountId: string;
  /** The first of them. */
  seq: number;
  /** The last of them. */
  throughSeq: number;
  /** Why: the events were gone when the subscription reached them. */
  lastError: string;
  deadLetteredAt: Date;
}

/**
 * Events: every state change an account can observe through the API is recorded as an event, in the transaction of
 * the change (the outbox), and delivered from there (webhooks, the live stream). Each has an id (stable across
 * redeliveries), a per-account sequence that follows commit order, a time, a type, the resources it concerns and a
 * detail. Wire names of the detail are the API's (PascalCase), so that a handler reads them as it reads the API.
 */
import type { EventType } from './event-types.ts';

/** A resource an event concerns; the envelope turns it into an ARN. */
export interface ResourceRef {
  /** e.g. `phone-number-order`, `phone-number`, `voice-connector`, `voice-connector-group`, `sma`, `sip-rule`. */
  kind: string;
  id: string;
}

/** An event decided by the domain, to store in the transaction of its change. */
export interface NewEvent {
  /** A UUID, from the injected id source: the same event keeps it in every delivery. */
  id: string;
  accountId: string;
  type: EventType;
  /** When the change happened (the change's own time, from the injected clock). */
  at: Date;
  resources: ResourceRef[];
  /** The change, in the API's field names; JSON only. */
  detail: Record<string, unknown>;
}

/** An event as stored: `seq` numbers the account's events from 1 in commit order, never reused. */
export interface StoredEvent extends NewEvent {
  seq: number;
}

/**
 * Proxy session storage, as its service uses it. A session is found within one account and one voice connector; an id
 * of another account or connector is not found. A session's status is not stored: it is open until `createdAt` plus
 * `expiryMinutes`, closed from then on (see proxy-sessions/proxy-session.ts), so reads that filter by status take the
 * time they are asked at.
 */
import type { Capability, ProxySession } from '../proxy-sessions/proxy-session.ts';
import type { CreationCursor } from './voice-connectors.ts';

/** Where a session is looked for. */
export interface SessionScope {
  accountId: string;
  voiceConnectorId: string;
}

export interface ProxySessionRepository {
  insert(session: ProxySession): Promise<void>;
  /** The session, when it exists on the account's connector. */
  get(scope: SessionScope, id: string): Promise<ProxySession | undefined>;
  /**
   * Up to `limit` sessions of the connector strictly after `after`, by (createdAt, id) ascending: every one, or those
   * open (`open: true`) or closed (`open: false`) at `now`.
   */
  list(scope: SessionScope, options: { open?: boolean; now: Date; after?: CreationCursor; limit: number }): Promise<ProxySession[]>;
  /** Sets the capabilities and minutes in one statement; answers the session as stored, or undefined when not found. */
  update(scope: SessionScope, id: string, changes: { capabilities: Capability[]; expiryMinutes: number; updatedAt: Date }): Promise<ProxySession | undefined>;
  /** Deletes the session; false when it does not exist. */
  delete(scope: SessionScope, id: string): Promise<boolean>;
  /** The connector's sessions open at `now` that have one of `phoneNumbers` as a participant. */
  openWith(scope: SessionScope, phoneNumbers: readonly string[], now: Date): Promise<ProxySession[]>;
  /** Up to `limit` of the connector's sessions between these two numbers (either order, any status), newest first. */
  ofPair(scope: SessionScope, pair: readonly [string, string], limit: number): Promise<ProxySession[]>;
  /** The numbers associated with the connector, in E.164 order. */
  connectorNumbers(scope: SessionScope): Promise<string[]>;
}

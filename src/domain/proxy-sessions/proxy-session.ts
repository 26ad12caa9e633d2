/**
 * Proxy phone sessions as the domain sees them: two participants' own numbers, each masked behind a proxy number of
 * the voice connector, for a number of minutes. dialtone places no call and sends no message; it hands out the proxy
 * numbers, keeps the session and closes it when its minutes run out. Wire names live in operations/, not here.
 */

export type Capability = 'Voice' | 'SMS';
export type NumberSelectionBehavior = 'PreferSticky' | 'AvoidSticky';
export type GeoMatchLevel = 'Country' | 'AreaCode';
/** `InProgress` (a call or message under way) never occurs: no traffic reaches dialtone. */
export type ProxySessionStatus = 'Open' | 'InProgress' | 'Closed';

export interface GeoMatchParams {
  /** Two capital letters, or `""`. */
  country: string;
  /** Three digits, or `""`. */
  areaCode: string;
}

export interface Participant {
  /** The participant's own number, with its `+`. */
  phoneNumber: string;
  /** The connector's number that masks it, with its `+`. */
  proxyPhoneNumber: string;
}

export interface ProxySession {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  voiceConnectorId: string;
  /** Absent when never given. */
  name?: string;
  /** In the order given. */
  capabilities: Capability[];
  expiryMinutes: number;
  numberSelectionBehavior?: NumberSelectionBehavior;
  geoMatchLevel?: GeoMatchLevel;
  geoMatchParams?: GeoMatchParams;
  /** The two participants, in the order the create gave them. */
  participants: [Participant, Participant];
  createdAt: Date;
  updatedAt: Date;
}

/** When the session's minutes run out: `expiryMinutes` after its creation. */
export function expiresAt(session: Pick<ProxySession, 'createdAt' | 'expiryMinutes'>): Date {
  return new Date(session.createdAt.getTime() + session.expiryMinutes * 60_000);
}

/** `Open` until its minutes run out, `Closed` from then on. */
export function statusAt(session: Pick<ProxySession, 'createdAt' | 'expiryMinutes'>, now: Date): ProxySessionStatus {
  return now.getTime() < expiresAt(session).getTime() ? 'Open' : 'Closed';
}

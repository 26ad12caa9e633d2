/**
 * The event types (the envelope's `detail-type`), one per kind of state change an account can observe through the
 * API. docs/events.md describes each one's detail.
 */
export const EVENT_TYPES = [
  'Phone Number Order Created',
  'Phone Number Order Settled',
  'Phone Number Acquired',
  'Phone Number Acquire Failed',
  'Phone Number Assigned',
  'Phone Number Unassigned',
  'Phone Number Updated',
  'Phone Number Calling Name Propagated',
  'Phone Number Deleted',
  'Phone Number Restored',
  'Phone Number Released',
  'Phone Number Settings Changed',
  'Global Settings Changed',
  'Voice Connector Created',
  'Voice Connector Updated',
  'Voice Connector Deleted',
  'Voice Connector Settings Changed',
  'Voice Connector Group Created',
  'Voice Connector Group Updated',
  'Voice Connector Group Deleted',
  'SIP Media Application Created',
  'SIP Media Application Updated',
  'SIP Media Application Deleted',
  'SIP Media Application Settings Changed',
  'SIP Media Application Call Created',
  'SIP Media Application Call Updated',
  'SIP Rule Created',
  'SIP Rule Updated',
  'SIP Rule Deleted',
  'Voice Profile Domain Created',
  'Voice Profile Domain Updated',
  'Voice Profile Domain Deleted',
  'Proxy Session Created',
  'Proxy Session Updated',
  'Proxy Session Deleted',
  'Voice Analytics Task Started',
  'Voice Analytics Task Stopped',
  'Voice Profile Created',
  'Voice Profile Updated',
  'Voice Profile Deleted',
  'Tag Change on Resource',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const KNOWN = new Set<string>(EVENT_TYPES);

export function isEventType(value: string): value is EventType {
  return KNOWN.has(value);
}

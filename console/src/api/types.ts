/** The model's shapes as the console receives them (timestamps as strings). */
import type * as V from '../../../src/generated/chime-sdk-voice.ts';
import type { Wire } from './operations.ts';

export type PhoneNumber = Wire<V.PhoneNumber>;
export type PhoneNumberOrder = Wire<V.PhoneNumberOrder>;
export type VoiceConnector = Wire<V.VoiceConnector>;
export type SipRule = Wire<V.SipRule>;
export type PhoneNumberStatus = V.PhoneNumberStatus;
export type PhoneNumberProductType = V.PhoneNumberProductType;
export type PhoneNumberAssociationName = V.PhoneNumberAssociationName;

/** Enum values of the model (spec/chime-sdk-voice-2022-08-03.json), for the filters and forms; checked by the unit test. */
export const PHONE_NUMBER_STATUSES: PhoneNumberStatus[] = [
  'Cancelled',
  'PortinCancelRequested',
  'PortinInProgress',
  'AcquireInProgress',
  'AcquireFailed',
  'Unassigned',
  'Assigned',
  'ReleaseInProgress',
  'DeleteInProgress',
  'ReleaseFailed',
  'DeleteFailed',
];
export const PRODUCT_TYPES: PhoneNumberProductType[] = ['VoiceConnector', 'SipMediaApplicationDialIn'];
export const ASSOCIATION_NAMES: PhoneNumberAssociationName[] = ['VoiceConnectorId', 'VoiceConnectorGroupId', 'SipRuleId'];

/** An event as the stream and the replay carry it (docs/events.md). */
export interface EventEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  seq: number;
}

/** `GET events` (JSON replay page). */
export interface EventPage {
  Events: EventEnvelope[];
  LastSeq: number;
  NextAfter: number;
  Truncated: boolean;
}

/** `GET overview?hours=N` (docs/console.md). */
export interface Overview {
  Orders: { Since: string; BucketSeconds: number; Buckets: { Start: string; Counts: Record<string, number> }[] };
  Numbers: { Status: string; ProductType: string; Count: number }[];
  Fulfilment: { Processing: number; OldestProcessingSeconds?: number | null; Settled: number; LagSecondsP50?: number | null; LagSecondsP95?: number | null };
  Quotas: { Name: string; Used: number; Limit: number }[];
}

/**
 * The wire form of an event, shaped like an EventBridge event so that existing handlers parse it: `version`, `id`,
 * `detail-type`, `source`, `account`, `time`, `region`, `resources` (ARNs), `detail`. Webhook bodies and the stream
 * carry this form; `seq` is dialtone's addition (the account's sequence, for ordering and resuming).
 */
import type { ResourceRef, StoredEvent } from './event.ts';
import { isoText } from '../../shared/iso-text.ts';

/** EventBridge's `time` is to the second: ISO text without its `.sss` (every ISO text ends in `.sssZ`). */
const withoutMillis = (iso: string): string => iso.slice(0, -5) + 'Z';

/** The envelope's `source`: the events are the Chime API's. */
export const EVENT_SOURCE = 'aws.chime';

export interface EventEnvelope {
  version: '0';
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

/** @example arnOf({ kind: 'phone-number-order', id: 'abc' }, '111111111111', 'us-east-1') → 'arn:aws:chime:us-east-1:111111111111:phone-number-order/abc' */
export function arnOf(resource: ResourceRef, accountId: string, region: string): string {
  return `arn:aws:chime:${region}:${accountId}:${resource.kind}/${resource.id}`;
}

/** The envelope of `event`; `region` is the server's (`events.region`). Time has whole seconds, as EventBridge gives it. */
export function envelopeOf(event: StoredEvent, region: string): EventEnvelope {
  return {
    version: '0',
    id: event.id,
    'detail-type': event.type,
    source: EVENT_SOURCE,
    account: event.accountId,
    time: withoutMillis(isoText(event.at)),
    region,
    resources: event.resources.map((resource) => arnOf(resource, event.accountId, region)),
    detail: event.detail,
    seq: event.seq,
  };
}

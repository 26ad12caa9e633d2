/**
 * `GET /_dialtone/events`: the caller's account's events, signed like the API and authorized as `dialtone:GetEvents`.
 * - JSON (the default): `?after=SEQ&limit=N&types=<detail-type>,…` answers one page,
 *   `{"Events": [envelopes], "LastSeq", "NextAfter", "Truncated"}`; read on from `NextAfter`.
 * - Server-Sent Events with `Accept: text/event-stream`: each event as `id: <seq>`, `event: <detail-type>`,
 *   `data: <envelope>`, from after `Last-Event-ID` (the header), else `?after=`, else from now (new events only); a
 *   `dialtone.truncated` event first when events after that point are no longer kept; comment lines as heartbeats.
 * Bad parameters answer `BadRequestException`; a stream over the server's or the account's cap is refused (503 / 429).
 */
import { ServiceError, badRequest } from '../protocol/errors.ts';
import type { AdminEndpoint, AdminRequest } from './admin.ts';
import { jsonResponse } from './admin.ts';
import { authorize } from './admission.ts';
import type { StreamingResponse } from './streaming.ts';

/** The action a key's policy must allow. */
export const GET_EVENTS_ACTION = 'dialtone:GetEvents';
/** Events per JSON page unless `limit` says otherwise, and the most a page holds. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;

/** What the live stream delivers, in order: where it starts, possibly that events are gone, events, heartbeats. */
export type StreamItem =
  | { kind: 'start'; after: number }
  | { kind: 'truncated'; after: number }
  | { kind: 'events'; events: { seq: number; type: string; envelope: unknown }[] }
  | { kind: 'heartbeat' };

/** A live stream of one account's events; `close()` ends `items`. */
export interface EventSubscription {
  items: AsyncIterable<StreamItem>;
  close(): void;
}

/** The events as the composition root serves them (envelopes, pages, live streams and their caps). */
export interface EventFeed {
  /** The detail-types that `types` may name. */
  readonly types: readonly string[];
  page(
    accountId: string,
    query: { after: number; limit: number; types?: string[] },
  ): Promise<{ envelopes: unknown[]; lastSeq: number; nextAfter: number; truncated: boolean }>;
  /** A live stream, or why none can be opened now (`limit`: the cap that was reached). */
  open(accountId: string, from: { after?: number; types?: string[] }): EventSubscription | { refused: 'server' | 'account' | 'closing'; limit: number };
}

const PARAMETERS = new Set(['after', 'limit', 'types']);
const SEQUENCE = /^\d{1,15}$/;

export function eventEndpoint(feed: EventFeed): AdminEndpoint {
  const known = new Set(feed.types);
  return {
    methods: ['GET'],
    signed: true,
    async handle(request) {
      const { caller, query } = request;
      if (!caller) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      authorize(caller, GET_EVENTS_ACTION);
      for (const name of query.keys()) {
        if (!PARAMETERS.has(name)) throw badRequest(`Unknown parameter ${JSON.stringify(name.slice(0, 64))}: the events endpoint takes after, limit and types`);
      }
      const types = readTypes(query, known);
      const after = readSequence(query, 'after');
      const accountId = caller.credential.accountId;
      if (wantsStream(request)) {
        const lastEventId = readLastEventId(request);
        return stream(feed, accountId, { ...((lastEventId ?? after) !== undefined && { after: lastEventId ?? after }), ...(types && { types }) });
      }
      const limit = readSequence(query, 'limit') ?? DEFAULT_PAGE;
      if (limit < 1 || limit > MAX_PAGE) throw badRequest(`limit must be between 1 and ${MAX_PAGE}`);
      const page = await feed.page(accountId, { after: after ?? 0, limit, ...(types && { types }) });
      return jsonResponse(200, { Events: page.envelopes, LastSeq: page.lastSeq, NextAfter: page.nextAfter, Truncated: page.truncated });
    },
  };
}

function wantsStream(request: AdminRequest): boolean {
  const accept = request.headers?.accept;
  return typeof accept === 'string' && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept);
}

/** A whole non-negative number of at most 15 digits, given once. */
function readSequence(query: Map<string, string[]>, name: string): number | undefined {
  const values = query.get(name);
  if (values === undefined) return undefined;
  if (values.length !== 1) throw badRequest(`Give ${name} once`);
  const value = values[0]!;
  if (!SEQUENCE.test(value)) throw badRequest(`${name} must be a whole number of at least 0, not ${JSON.stringify(value.slice(0, 32))}`);
  return Number(value);
}

function readLastEventId(request: AdminRequest): number | undefined {
  const value = request.headers?.['last-event-id'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SEQUENCE.test(value.trim())) {
    throw badRequest(`Last-Event-ID must be the sequence number of an event (a whole number), not ${JSON.stringify(String(value).slice(0, 32))}`);
  }
  return Number(value.trim());
}

/** `types=A,B` (and repeated `types`), each a detail-type. */
function readTypes(query: Map<string, string[]>, known: ReadonlySet<string>): string[] | undefined {
  const values = query.get('types');
  if (values === undefined) return undefined;
  const types = values.flatMap((value) => value.split(',')).map((type) => type.trim());
  const unknown = types.filter((type) => !known.has(type));
  if (unknown.length > 0 || types.length === 0) {
    throw badRequest(`types must list event detail-types separated by commas (such as "Phone Number Order Created"); unknown: ${JSON.stringify(unknown[0]?.slice(0, 64) ?? '')}`);
  }
  return [...new Set(types)];
}

function stream(feed: EventFeed, accountId: string, from: { after?: number; types?: string[] }): StreamingResponse {
  const opened = feed.open(accountId, from);
  if ('refused' in opened) {
    if (opened.refused === 'account') {
      throw new ServiceError('ThrottledClientException', `Account ${accountId} already has ${opened.limit} event streams open; close one or retry later`, 429, { 'retry-after': '5' });
    }
    const why = opened.refused === 'closing' ? 'The server is shutting down' : `The server has ${opened.limit} event streams open`;
    throw new ServiceError('ServiceUnavailableException', `${why}; retry later`, 503, { 'retry-after': '5' });
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    async stream(sink) {
      const stop = (): void => opened.close();
      sink.signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const item of opened.items) {
          if (sink.signal.aborted) break;
          await sink.write(frame(item));
        }
      } finally {
        sink.signal.removeEventListener('abort', stop);
        opened.close();
      }
    },
  };
}

/** The text of one item on the wire. */
function frame(item: StreamItem): string {
  switch (item.kind) {
    case 'start':
      return `: events after ${item.after}\nretry: 1000\n\n`;
    case 'truncated':
      return `event: dialtone.truncated\ndata: ${JSON.stringify({ Truncated: true, After: item.after })}\n\n`;
    case 'heartbeat':
      return ': heartbeat\n\n';
    case 'events':
      return item.events.map((e) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.envelope)}\n\n`).join('');
  }
}

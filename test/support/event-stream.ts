/**
 * A client of `GET /_dialtone/events` for tests, signed with the independent signer of sign.ts: JSON pages (one, or
 * all of them from a sequence) and a Server-Sent Events reader that parses the stream as EventSource does (fields
 * `id`, `event`, `data`, comment lines) and can be closed mid-way.
 */
import { request, type IncomingMessage } from 'node:http';
import { sendRaw, type RawResponse } from './raw-request.ts';
import { signRequest } from './sign.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** An envelope as the endpoint sends it. */
export interface Envelope {
  id: string;
  seq: number;
  'detail-type': string;
  source: string;
  account: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface EventPage {
  Events: Envelope[];
  LastSeq: number;
  NextAfter: number;
  Truncated: boolean;
}

/** `GET /_dialtone/events?<query>` as JSON. */
export function getEvents(url: string, credentials: Credentials | false, query = ''): Promise<RawResponse> {
  return sendRaw(url, { method: 'GET', target: `/_dialtone/events${query === '' ? '' : `?${query}`}`, sign: credentials });
}

/** Every page from `after` until a page comes back empty; answers the events and the pages' `Truncated`. */
export async function replayAll(url: string, credentials: Credentials, options: { after?: number; limit?: number; types?: string[] } = {}): Promise<{ events: Envelope[]; pages: number; truncated: boolean[] }> {
  let after = options.after ?? 0;
  const events: Envelope[] = [];
  const truncated: boolean[] = [];
  for (let pages = 1; ; pages++) {
    const query = new URLSearchParams({ after: String(after), ...(options.limit && { limit: String(options.limit) }), ...(options.types && { types: options.types.join(',') }) });
    const answer = await getEvents(url, credentials, query.toString().replace(/\+/g, '%20'));
    if (answer.status !== 200) throw new Error(`GET /_dialtone/events answered ${answer.status}: ${answer.body}`);
    const page = answer.json() as unknown as EventPage;
    truncated.push(page.Truncated);
    events.push(...page.Events);
    if (page.Events.length === 0) return { events, pages, truncated };
    after = page.NextAfter;
  }
}

/** One message of the stream. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** A live stream being read. */
export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** Messages so far (comments are not messages). */
  messages: SseMessage[];
  /** Comment lines so far (heartbeats, the start line). */
  comments: string[];
  /** Resolves when `predicate` holds over the messages so far; rejects after `timeoutMs` or when the stream ends first. */
  until(predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number): Promise<SseMessage[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Whether the server ended the answer properly (false while open, or when the connection was cut). */
  complete(): boolean;
  /** The body of a refused stream (not 200). */
  body(): string;
  /** Goes away (the client side closes the connection). */
  close(): void;
}

/** Opens the stream; resolves once the answer's headers arrived. */
export function openStream(url: string, credentials: Credentials, options: { lastEventId?: string; query?: string } = {}): Promise<SseStream> {
  const base = new URL(url);
  const target = `/_dialtone/events${options.query ? `?${options.query}` : ''}`;
  const headers = signRequest({
    method: 'GET',
    target,
    headers: { host: base.host, accept: 'text/event-stream', ...(options.lastEventId !== undefined && { 'last-event-id': options.lastEventId }) },
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    region: 'us-east-1',
    service: 'chime',
    date: new Date(),
  });
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: base.hostname, port: base.port, method: 'GET', path: target, headers }, (res) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const watchers = new Set<() => void>();
      let raw = '';
      let pending = '';
      let current: { id?: string; event?: string; data: string[] } = { data: [] };
      let finished = false;
      const ended = new Promise<void>((done) => {
        res.on('end', () => {
          finished = true;
          for (const watch of watchers) watch();
          done();
        });
        res.on('close', () => {
          finished = true;
          for (const watch of watchers) watch();
          done();
        });
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, newline).replace(/\r$/, '');
          pending = pending.slice(newline + 1);
          if (line === '') {
            if (current.data.length > 0) messages.push({ ...(current.id !== undefined && { id: current.id }), event: current.event ?? 'message', data: current.data.join('\n') });
            current = { data: [] };
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') current.data.push(value);
          }
        }
        for (const watch of watchers) watch();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages,
        comments,
        ended,
        body: () => raw,
        complete: () => res.complete,
        close: () => outgoing.destroy(),
        until(predicate, timeoutMs = 15_000) {
          return new Promise((ok, fail) => {
            const check = (): void => {
              if (predicate(messages)) {
                cleanup();
                ok(messages);
              } else if (finished) {
                cleanup();
                fail(new Error(`the stream ended with ${messages.length} messages before the condition held`));
              }
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`the condition did not hold within ${timeoutMs} ms; ${messages.length} messages: ${JSON.stringify(messages.map((m) => [m.id, m.event]))}`));
            }, timeoutMs);
            const cleanup = (): void => {
              clearTimeout(timer);
              watchers.delete(check);
            };
            watchers.add(check);
            check();
          });
        },
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

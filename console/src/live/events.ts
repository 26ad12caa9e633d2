/**
 * The one live connection of the console: an EventSource on `events` (same origin: the browser sends the session
 * cookie). The stream names each message by its detail-type, so a listener is added for every type dialtone records
 * (src/domain/events/event-types.ts). Pages subscribe to it; it also keeps the last events for the Overview.
 */
import { EVENT_TYPES } from '../../../src/domain/events/event-types.ts';
import type { EventEnvelope } from '../api/types.ts';

type Listener = (event: EventEnvelope) => void;
type StateListener = (state: LiveState) => void;

/** `connecting` until the stream is open; `open`; `closed` after sign-out. */
export type LiveState = 'connecting' | 'open' | 'closed';

const KEEP = 50;
let source: EventSource | undefined;
let state: LiveState = 'closed';
const listeners = new Set<Listener>();
const stateListeners = new Set<StateListener>();
const recent: EventEnvelope[] = [];

function setState(next: LiveState): void {
  state = next;
  for (const listener of stateListeners) listener(next);
}

function deliver(message: MessageEvent<string>): void {
  let event: EventEnvelope;
  try {
    event = JSON.parse(message.data) as EventEnvelope;
  } catch {
    return;
  }
  recent.unshift(event);
  recent.length = Math.min(recent.length, KEEP);
  for (const listener of listeners) listener(event);
}

/** Opens the stream (once per session). */
export function startLive(): void {
  if (source !== undefined) return;
  source = new EventSource('events');
  setState('connecting');
  source.onopen = () => setState('open');
  // The browser reconnects by itself (with Last-Event-ID, so nothing is missed or repeated).
  source.onerror = () => setState(source?.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
  for (const type of EVENT_TYPES) source.addEventListener(type, deliver);
  source.addEventListener('message', deliver);
}

/** Closes the stream (sign-out). */
export function stopLive(): void {
  source?.close();
  source = undefined;
  recent.length = 0;
  setState('closed');
}

/** Calls `listener` with every event that arrives from now; answers the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls `listener` on every change of the connection's state; answers the unsubscribe function. */
export function watchState(listener: StateListener): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}

/** The events received since the stream opened, newest first (at most 50). */
export function recentEvents(): EventEnvelope[] {
  return [...recent];
}

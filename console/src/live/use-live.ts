/** Hooks over the live event stream. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventEnvelope } from '../api/types.ts';
import { subscribe, watchState, type LiveState } from './events.ts';

/** Calls the latest `handler` with every live event while the component is mounted. */
export function useLiveEvents(handler: (event: EventEnvelope) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe((event) => ref.current(event)), []);
}

/** The live connection's state. */
export function useLiveState(): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => watchState(setState), []);
  return state;
}

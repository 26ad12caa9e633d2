/** Coalescing of live reloads: a burst of events costs one request, not one per event. */
import { useCallback, useEffect, useRef } from 'preact/hooks';

/** How long a reload waits for more events before it runs (ms). */
export const COALESCE_MS = 500;

/**
 * A function that runs `run` once, `ms` after its first call since the last run: every call in between joins that run.
 * An account making thousands of changes a second then costs an open page two reads a second, not thousands.
 */
export function useCoalesced(run: () => void, ms = COALESCE_MS): () => void {
  const latest = useRef(run);
  latest.current = run;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}

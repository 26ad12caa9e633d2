import type { EventEnvelope } from '../api/types.ts';

/** Both lists (the replay's and the stream's), each event once (by seq), newest first. */
export function mergeEvents(a: EventEnvelope[], b: EventEnvelope[]): EventEnvelope[] {
  const bySeq = new Map<number, EventEnvelope>();
  for (const event of [...a, ...b]) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq);
}

/** Reads of the account's event history (`GET events`, JSON pages; docs/events.md "Replay"). */
import { send } from '../api/client.ts';
import type { EventPage } from '../api/types.ts';

/** How far back a filtered read looks, in sequences (one page of the replay's largest size). */
export const FILTERED_SPAN = 1000;

/**
 * The latest `limit` events (of `types`; every type when empty), newest first: one read for the account's last
 * sequence, then one page ending there. Filtered, the page looks at the last 1,000 sequences.
 */
export async function latestEvents(limit: number, types: string[]): Promise<EventPage> {
  const head = await send<EventPage>('GET', 'events?after=0&limit=1');
  const span = types.length === 0 ? limit : FILTERED_SPAN;
  const after = Math.max(0, head.LastSeq - span);
  const filter = types.length === 0 ? '' : `&types=${types.map(encodeURIComponent).join(',')}`;
  const page = await send<EventPage>('GET', `events?after=${after}&limit=${span}${filter}`);
  return { ...page, Events: page.Events.slice(-limit).reverse() };
}

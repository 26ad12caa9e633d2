/**
 * Events: the account's stream, newest first: the latest 50 (of the chosen detail-type) from the replay, then every
 * new one live as it arrives on the console's one EventSource.
 */
import { useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../../src/domain/events/event-types.ts';
import type { EventEnvelope } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { EventRows } from '../components/event-rows.tsx';
import { Page } from '../components/page.tsx';
import { useAsync } from '../components/use-async.ts';
import { mergeEvents } from '../live/merge.ts';
import { useLiveEvents } from '../live/use-live.ts';
import { FILTERED_SPAN, latestEvents } from './events-read.ts';

const SHOWN = 50;

export function Events() {
  const [type, setType] = useState('');
  const history = useAsync(() => latestEvents(SHOWN, type === '' ? [] : [type]), [type]);
  const [live, setLive] = useState<EventEnvelope[]>([]);
  useLiveEvents((event) => setLive((current) => [event, ...current].slice(0, SHOWN)));
  const events = mergeEvents(live, history.data?.Events ?? [])
    .filter((event) => type === '' || event['detail-type'] === type)
    .slice(0, SHOWN);
  return (
    <Page title="Events">
      <label class="inline">
        Event type
        <select value={type} onChange={(event) => setType((event.currentTarget as HTMLSelectElement).value)}>
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => (
            <option value={t} key={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <ErrorAlert error={history.error} />
      {history.data?.Truncated ? <p>Older events are no longer kept.</p> : null}
      <EventRows
        events={events}
        caption={
          type === ''
            ? `The account's latest ${SHOWN} events, newest first; new ones appear as they happen`
            : `The latest ${type} events (among the last ${FILTERED_SPAN.toLocaleString()}), newest first; new ones appear as they happen`
        }
      />
    </Page>
  );
}

/** A table of events: sequence, time, type, what it is about, and the whole detail on demand. */
import type { EventEnvelope } from '../api/types.ts';
import { dateTime } from '../format.ts';

/** The members shown in the summary column, when the detail has them. */
const SUMMARY = ['PhoneNumberOrderId', 'E164PhoneNumber', 'Status', 'ProductType', 'Name', 'VoiceConnectorId', 'SipRuleId', 'FailureReason'];

export function EventRows({ events, caption }: { events: EventEnvelope[]; caption: string }) {
  return (
    <table class="events">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Seq</th>
          <th scope="col">Time</th>
          <th scope="col">Type</th>
          <th scope="col">Summary</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.length === 0 ? (
          <tr>
            <td colSpan={5}>No events yet.</td>
          </tr>
        ) : (
          events.map((event) => (
            <tr key={event.seq}>
              <td>{event.seq}</td>
              <td>
                <time dateTime={event.time}>{dateTime(event.time)}</time>
              </td>
              <th scope="row">{event['detail-type']}</th>
              <td>{summary(event)}</td>
              <td>
                <details>
                  <summary>Show</summary>
                  <pre>{JSON.stringify(event.detail, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function summary(event: EventEnvelope): string {
  return SUMMARY.filter((key) => typeof event.detail[key] === 'string' && event.detail[key] !== '')
    .map((key) => `${key}: ${String(event.detail[key])}`)
    .join(' · ');
}

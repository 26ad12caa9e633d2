/**
 * One order, kept current without a reload: each live event of the order (created, a number acquired or failed,
 * settled) re-reads it with GetPhoneNumberOrder, so the screen shows what the API says.
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { PhoneNumberOrder } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useLiveEvents } from '../live/use-live.ts';
import { dateTime } from '../format.ts';
import { numberHref } from '../router.ts';

export function OrderWatch({ order: first }: { order: PhoneNumberOrder }) {
  const id = first.PhoneNumberOrderId ?? '';
  const [order, setOrder] = useState(first);
  const [error, setError] = useState<unknown>(undefined);
  const reread = () =>
    call('GetPhoneNumberOrder', { PhoneNumberOrderId: id }).then(
      (answer) => {
        if (answer.PhoneNumberOrder !== undefined) setOrder(answer.PhoneNumberOrder);
        setError(undefined);
      },
      (reason: unknown) => setError(reason),
    );
  // Read once after subscribing: an event that came before the subscription is not missed.
  useEffect(() => void reread(), [id]);
  useLiveEvents((event) => {
    if (event.detail.PhoneNumberOrderId === id) void reread();
  });
  const titleId = `order-${id}`;
  return (
    <section aria-labelledby={titleId} class="card">
      <h2 id={titleId}>
        Order <code>{id}</code>
      </h2>
      <p role="status" aria-live="polite">
        Order status: <strong>{order.Status}</strong>
      </p>
      <dl>
        <dt>Product type</dt>
        <dd>{order.ProductType}</dd>
        <dt>Created</dt>
        <dd>{dateTime(order.CreatedTimestamp)}</dd>
        <dt>Updated</dt>
        <dd>{dateTime(order.UpdatedTimestamp)}</dd>
      </dl>
      <table>
        <caption>Numbers of the order</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(order.OrderedPhoneNumbers ?? []).map((n) => (
            <tr key={n.E164PhoneNumber}>
              <th scope="row">{n.Status === 'Acquired' && n.E164PhoneNumber ? <a href={numberHref(n.E164PhoneNumber)}>{n.E164PhoneNumber}</a> : n.E164PhoneNumber}</th>
              <td>{n.Status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorAlert error={error} />
    </section>
  );
}

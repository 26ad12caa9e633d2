/** A page of numbers as a table; each number links to its detail. */
import type { ComponentChildren } from 'preact';
import type { PhoneNumber } from '../api/types.ts';
import { dateTime } from '../format.ts';
import { numberHref } from '../router.ts';

export function NumberTable({
  numbers,
  caption,
  empty = 'No numbers.',
  extra,
}: {
  numbers: PhoneNumber[];
  caption: string;
  empty?: string;
  /** An extra last column: its header and its cell for each number. */
  extra?: { header: string; cell: (number: PhoneNumber) => ComponentChildren };
}) {
  const columns = extra === undefined ? 6 : 7;
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Status</th>
            <th scope="col">Product type</th>
            <th scope="col">Name</th>
            <th scope="col">Association</th>
            <th scope="col">Created</th>
            {extra === undefined ? null : <th scope="col">{extra.header}</th>}
          </tr>
        </thead>
        <tbody>
          {numbers.length === 0 ? (
            <tr>
              <td colSpan={columns}>{empty}</td>
            </tr>
          ) : (
            numbers.map((n) => (
              <tr key={n.E164PhoneNumber}>
                <th scope="row">
                  <a href={numberHref(n.E164PhoneNumber ?? '')}>{n.E164PhoneNumber}</a>
                </th>
                <td>{n.Status}</td>
                <td>{n.ProductType}</td>
                <td>{n.Name ?? ''}</td>
                <td>{(n.Associations ?? []).map((a) => `${a.Name}: ${a.Value}`).join(', ')}</td>
                <td>{dateTime(n.CreatedTimestamp)}</td>
                {extra === undefined ? null : <td>{extra.cell(n)}</td>}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

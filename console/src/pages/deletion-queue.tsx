/**
 * The deletion queue: the account's numbers in `DeleteInProgress`, when each was deleted and when it will be released
 * (the API's `DeletionTimestamp`: the deletion time plus the queue's days, 7 by default), with a Restore button.
 */
import { useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { PhoneNumber } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { NumberTable } from '../components/number-table.tsx';
import { Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { usePages } from '../components/use-pages.ts';
import { useCoalesced } from '../live/use-coalesced.ts';
import { useLiveEvents } from '../live/use-live.ts';
import { dateTime } from '../format.ts';

export function DeletionQueue() {
  const pages = usePages<PhoneNumber>(async (token) => {
    const answer = await call('ListPhoneNumbers', { Status: 'DeleteInProgress', MaxResults: 50, NextToken: token });
    return { items: answer.PhoneNumbers ?? [], next: answer.NextToken };
  });
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const reload = useCoalesced(pages.reload);
  useLiveEvents((event) => {
    if (['Phone Number Deleted', 'Phone Number Restored', 'Phone Number Released'].includes(event['detail-type'])) reload();
  });
  const restore = async (id: string) => {
    setError(undefined);
    setDone('');
    try {
      await call('RestorePhoneNumber', { PhoneNumberId: id });
      setDone(`${id} restored.`);
    } catch (reason) {
      setError(reason);
    }
    pages.reload();
  };
  return (
    <Page title="Deletion queue">
      <p>Deleted numbers stay here until their release time; until then they can be restored.</p>
      <div role="status">{done}</div>
      <ErrorAlert error={error ?? pages.error} />
      <NumberTable
        numbers={pages.data?.items ?? []}
        caption={`Numbers in the deletion queue, page ${pages.page}`}
        empty={pages.loading ? 'Loading…' : 'The deletion queue is empty.'}
        extra={{
          header: 'Released on',
          cell: (n) => (
            <div class="cell-actions">
              <time dateTime={n.DeletionTimestamp}>{dateTime(n.DeletionTimestamp)}</time>
              <button type="button" onClick={() => void restore(n.E164PhoneNumber ?? '')} aria-label={`Restore ${n.E164PhoneNumber ?? ''}`}>
                Restore
              </button>
            </div>
          ),
        }}
      />
      <Pager pages={pages} label="Deletion queue" />
    </Page>
  );
}

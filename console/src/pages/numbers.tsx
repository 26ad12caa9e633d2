/**
 * Numbers: the account's inventory, one page at a time (ListPhoneNumbers with NextToken, so it stays fast with a
 * million numbers), filtered by status, product type and association (the model's FilterName / FilterValue). The
 * filters live in the hash (`#/numbers?status=Assigned`), so a filtered list can be linked to.
 */
import { call } from '../api/client.ts';
import { ASSOCIATION_NAMES, PHONE_NUMBER_STATUSES, PRODUCT_TYPES, type PhoneNumber } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { NumberTable } from '../components/number-table.tsx';
import { Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { usePages } from '../components/use-pages.ts';
import { useCoalesced } from '../live/use-coalesced.ts';
import { useLiveEvents } from '../live/use-live.ts';

/** The filter fields, named as the model's query-string names. */
const FIELDS = ['status', 'product-type', 'filter-name', 'filter-value', 'max-results'] as const;

export function Numbers({ params }: { params: URLSearchParams }) {
  const filters = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FIELDS)[number], string>;
  const pageSize = Number(filters['max-results']) || 50;
  const pages = usePages<PhoneNumber>(
    async (token) => {
      const answer = await call('ListPhoneNumbers', {
        Status: filters.status || undefined,
        ProductType: (filters['product-type'] || undefined) as PhoneNumber['ProductType'],
        FilterName: (filters['filter-name'] || undefined) as (typeof ASSOCIATION_NAMES)[number] | undefined,
        FilterValue: filters['filter-name'] ? filters['filter-value'] || undefined : undefined,
        MaxResults: pageSize,
        NextToken: token,
      });
      return { items: answer.PhoneNumbers ?? [], next: answer.NextToken };
    },
  );
  const reload = useCoalesced(pages.reload);
  useLiveEvents((event) => {
    if (event['detail-type'].startsWith('Phone Number')) reload();
  });

  const apply = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const query = new URLSearchParams();
    for (const field of FIELDS) {
      const value = String(data.get(field) ?? '').trim();
      if (value !== '') query.set(field, value);
    }
    location.hash = `#/numbers${query.size === 0 ? '' : `?${query.toString()}`}`;
  };

  return (
    <Page title="Numbers">
      <form onSubmit={apply} class="filters" aria-label="Filter numbers">
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            {PHONE_NUMBER_STATUSES.map((s) => (
              <option value={s} key={s} selected={filters.status === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Product type
          <select name="product-type">
            <option value="">Any</option>
            {PRODUCT_TYPES.map((t) => (
              <option value={t} key={t} selected={filters['product-type'] === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Associated with
          <select name="filter-name">
            <option value="">Anything or nothing</option>
            {ASSOCIATION_NAMES.map((n) => (
              <option value={n} key={n} selected={filters['filter-name'] === n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Association id
          <input name="filter-value" defaultValue={filters['filter-value']} />
        </label>
        <label>
          Per page
          <select name="max-results">
            {[25, 50, 99].map((n) => (
              <option value={n} key={n} selected={n === pageSize}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <ErrorAlert error={pages.error} />
      <NumberTable numbers={pages.data?.items ?? []} caption={`Numbers, page ${pages.page}`} empty={pages.loading ? 'Loading…' : 'No numbers match.'} />
      <Pager pages={pages} label="Numbers" />
    </Page>
  );
}

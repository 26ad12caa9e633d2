/** Previous / next page buttons for a paged list. */
import type { Pages } from './use-pages.ts';

export function Pager<T>({ pages, label }: { pages: Pages<T>; label: string }) {
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={pages.previous} disabled={!pages.hasPrevious || pages.loading}>
        Previous page
      </button>
      <span role="status">Page {pages.page}{pages.loading ? ' (loading…)' : ''}</span>
      <button type="button" onClick={pages.next} disabled={!pages.hasNext || pages.loading}>
        Next page
      </button>
    </nav>
  );
}

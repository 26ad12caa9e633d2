/** Hash routes: `#/overview`, `#/search`, `#/numbers`, `#/numbers/<E.164>`, `#/deletion-queue`, `#/voice-connectors`, `#/events`. */
import { useEffect, useState } from 'preact/hooks';

/** The pages of the console, in the navigation's order, with their titles. */
export const PAGES = [
  { path: 'overview', title: 'Overview' },
  { path: 'search', title: 'Search and order' },
  { path: 'numbers', title: 'Numbers' },
  { path: 'deletion-queue', title: 'Deletion queue' },
  { path: 'voice-connectors', title: 'Voice connectors' },
  { path: 'events', title: 'Events' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

/** A parsed route: the page and, for a number's detail, its id. */
export interface Route {
  page: PagePath;
  id?: string;
  /** The hash's query (`#/numbers?status=Assigned`). */
  params: URLSearchParams;
}

/** The route of a location hash; unknown hashes go to the overview. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  const [page = '', ...rest] = path.split('/');
  const known = PAGES.find((p) => p.path === page);
  if (known === undefined) return { page: 'overview', params };
  const id = rest.join('/');
  return id === '' ? { page: known.path, params } : { page: known.path, id: decodeURIComponent(id), params };
}

/** The hash of a number's detail page. */
export function numberHref(id: string): string {
  return `#/numbers/${encodeURIComponent(id)}`;
}

/** The current route, following `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

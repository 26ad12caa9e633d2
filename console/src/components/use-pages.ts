/**
 * Paging with the API's NextToken: one page at a time (never the whole list), forward with the page's NextToken and
 * back through the tokens already seen.
 */
import { useState } from 'preact/hooks';
import { useAsync, type Async } from './use-async.ts';

export interface Pages<T> extends Async<{ items: T[]; next?: string | undefined }> {
  /** 1-based page number. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
}

/**
 * Reads the page of `token` with `load`. The list's parameters are fixed for the component's life: a component whose
 * filters change is given a new `key`, so it starts again at the first page.
 */
export function usePages<T>(load: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>): Pages<T> {
  // tokens[i] reads page i + 1 (undefined: the first page).
  const [current, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = current[current.length - 1];
  const result = useAsync(() => load(token), [token]);
  const nextToken = result.data?.next;
  return {
    ...result,
    page: current.length,
    hasPrevious: current.length > 1,
    hasNext: nextToken !== undefined && nextToken !== '',
    previous: () => setTokens((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    next: () => {
      if (nextToken) setTokens((list) => [...list, nextToken]);
    },
  };
}

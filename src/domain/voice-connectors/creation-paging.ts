/** Pages of an account's resources listed by creation (createdAt, id), with opaque tokens bound to the listing. */
import type { CreationCursor } from '../ports/voice-connectors.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';

export interface Page<T> {
  items: T[];
  /** Present while more remain. */
  nextToken?: string;
}

export interface PageRequest {
  maxResults: number;
  nextToken?: string;
}

/**
 * One page: reads `maxResults + 1` rows after the token's position to learn whether more remain.
 * @param listing the name the token is bound to (a token of another listing or account is refused)
 * @throws DomainError `invalid` for a token not issued for this account and listing
 */
export async function pageByCreation<T extends { id: string; createdAt: Date }>(
  tokens: PageTokens,
  accountId: string,
  listing: string,
  request: PageRequest,
  read: (after: CreationCursor | undefined, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const after = request.nextToken === undefined ? undefined : cursorFrom(tokens.decode(accountId, listing, request.nextToken));
  const rows = await read(after, request.maxResults + 1);
  const items = rows.slice(0, request.maxResults);
  const last = items[items.length - 1];
  if (rows.length <= request.maxResults || !last) return { items };
  return { items, nextToken: tokens.encode(accountId, listing, { t: last.createdAt.getTime(), id: last.id }) };
}

function cursorFrom(position: unknown): CreationCursor {
  const p = position as { t?: unknown; id?: unknown } | null;
  if (!p || typeof p.t !== 'number' || !Number.isFinite(p.t) || typeof p.id !== 'string') throw invalidNextToken();
  return { createdAt: new Date(p.t), id: p.id };
}

/**
 * `SearchAvailablePhoneNumbers` over a {@link NumberingPlan}: pages of available numbers matching a filter,
 * without ever materialising the plan.
 *
 * Enumeration order, fixed by (seed, filter) so that paging is stable and never repeats a number:
 * - the selected segments (blocks, or parts of blocks in a restricted pool) are visited in a seeded permutation;
 * - the lines of a segment are taken in a seeded permutation of its own (keyed by seed and segment prefix);
 * - each visit takes the next {@link LINES_PER_VISIT} lines of a segment, and every selected segment is visited
 *   once per round, so a page of 100 spans ~5 exchanges rather than 100 consecutive lines of one.
 * Each batch of visits asks {@link AvailabilityCheck.unavailable} once for the batch's prefixes; numbers that are
 * unavailable, or that libphonenumber does not deem valid with their block's country and type, are skipped.
 * A cursor is the position of the next line to examine: (visit index in the round, line index in the segment's
 * order, whose quotient by {@link LINES_PER_VISIT} is the round).
 */
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import { isSellable } from './number-check.ts';
import type { NumberingPlan, PoolSegment } from './numbering-plan.ts';
import { deriveKeys, Permutation } from './permutation.ts';
import { queryKey, toBlockQuery, type SearchFilter } from './search-filter.ts';

/** The filters of a search (re-exported from `search-filter.ts`). */
export type { SearchFilter } from './search-filter.ts';

/** Which numbers cannot be sold now. */
export interface AvailabilityCheck {
  /** Numbers under any of these E.164 prefixes that cannot be sold now (owned, held by an order in progress, or aging after release). */
  unavailable(prefixes: string[]): Promise<Set<string>>;
}

/** Where the next page starts; JSON-serialisable (the caller signs it into a NextToken). */
export interface SearchCursor {
  /** Index of the segment in the seeded visiting order. */
  block: number;
  /** Index of the next line in the segment's seeded line order (its round is `⌊line / LINES_PER_VISIT⌋`). */
  line: number;
}

/** Which page to answer: its size, where it starts, and the seed of the enumeration order. */
export interface SearchPage {
  /** At least 1 (the request's model bounds it; a page's work budget bounds what it costs). */
  maxResults: number;
  cursor?: SearchCursor;
  /** Fixes the order of the enumeration (e.g. per account); the same seed and filter give the same pages. */
  seed: string;
  /**
   * Awaited between slices of the work (every {@link LINES_PER_SLICE} lines examined, and before each further batch),
   * so that other requests run meanwhile; the page is the same whatever it does.
   */
  pause?: () => Promise<void>;
}

/** A page of numbers, and where the next one starts. */
export interface SearchResult {
  numbers: string[];
  /** Set when the page is full and more numbers may remain (or a page's work budget ran out). */
  next?: SearchCursor;
}

/** Lines taken from a segment per visit. */
export const LINES_PER_VISIT = 20;
/** Most segments whose availability is asked in one call. */
const MAX_BATCH = 64;
/** Work budget of one page: when a pool is nearly sold out, a page may end early, with a cursor, rather than scan on. */
const MAX_VISITS_PER_PAGE = 200_000;
const MAX_LINES_PER_PAGE = 50_000;
/** Lines examined between two pauses (about 0.3 ms of work). */
export const LINES_PER_SLICE = 256;

/** True when `value` has the shape of a {@link SearchCursor} (check a decoded NextToken with it). */
export function isSearchCursor(value: unknown): value is SearchCursor {
  if (typeof value !== 'object' || value === null) return false;
  const { block, line } = value as Record<string, unknown>;
  return Number.isSafeInteger(block) && Number.isSafeInteger(line) && (block as number) >= 0 && (line as number) >= 0;
}

interface Position {
  block: number;
  line: number;
}

interface Visit {
  block: number;
  from: number;
  to: number;
  segment: PoolSegment;
}

/**
 * A page of available numbers matching `filter`.
 * @throws DomainError('invalid') for a filter that breaks the API's rules, a page size below 1, or a cursor
 * that is not a {@link SearchCursor}. A cursor past the end gives an empty page.
 */
export async function searchAvailableNumbers(
  plan: NumberingPlan,
  availability: AvailabilityCheck,
  filter: SearchFilter,
  page: SearchPage,
): Promise<SearchResult> {
  const query = toBlockQuery(filter);
  const max = page.maxResults;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new DomainError('invalid', fieldText`${field('maxResults')} must be a whole number of at least 1`);
  }
  if (page.cursor !== undefined && !isSearchCursor(page.cursor)) throw new DomainError('invalid', fieldText`Invalid ${field('nextToken')}`);
  if (!query) return { numbers: [] };
  const selection = plan.select(query);
  const end = Math.ceil(selection.maxLines / LINES_PER_VISIT) * LINES_PER_VISIT;
  let position: Position = page.cursor ? { block: page.cursor.block, line: page.cursor.line } : { block: 0, line: 0 };
  if (selection.size === 0 || position.block >= selection.size || position.line >= end) return { numbers: [] };

  const order = new Permutation(selection.size, deriveKeys(page.seed, 'blocks', queryKey(query)));
  const advance = (p: Position): Position => {
    const roundStart = p.line - (p.line % LINES_PER_VISIT);
    return p.block + 1 < selection.size
      ? { block: p.block + 1, line: roundStart }
      : { block: 0, line: roundStart + LINES_PER_VISIT };
  };
  const unavailable = new Map<number, Set<string>>();
  const numbers: string[] = [];
  let visits = 0;
  let examined = 0;
  let sliceStart = 0;
  const pause = page.pause;
  while (numbers.length < max) {
    if (pause && visits > 0) {
      await pause();
      sliceStart = examined;
    }
    const batch: Visit[] = [];
    const wanted = Math.min(MAX_BATCH, Math.ceil((max - numbers.length) / LINES_PER_VISIT) + 1);
    while (batch.length < wanted && position.line < end && visits < MAX_VISITS_PER_PAGE) {
      visits++;
      const segment = selection.segment(order.at(position.block));
      const roundEnd = position.line - (position.line % LINES_PER_VISIT) + LINES_PER_VISIT;
      const to = Math.min(roundEnd, 10 ** segment.lineDigits);
      if (position.line < to) batch.push({ block: position.block, from: position.line, to, segment });
      position = advance(position);
    }
    if (batch.length === 0) return position.line < end ? { numbers, next: position } : { numbers };

    const missing = [...new Map(batch.filter((v) => !unavailable.has(v.segment.id)).map((v) => [v.segment.id, v.segment])).values()];
    if (missing.length > 0) {
      const taken = await availability.unavailable(missing.map((s) => s.prefix));
      for (const segment of missing) unavailable.set(segment.id, taken);
    }
    for (const visit of batch) {
      const { segment } = visit;
      const lines = new Permutation(10 ** segment.lineDigits, deriveKeys(page.seed, 'lines', segment.prefix));
      const taken = unavailable.get(segment.id)!;
      for (let i = visit.from; i < visit.to; i++) {
        examined++;
        const number = segment.prefix + String(lines.at(i)).padStart(segment.lineDigits, '0');
        if (taken.has(number)) continue;
        if (!isSellable(number, number.slice(segment.nationalStart), segment.attr.country, segment.attr.type)) continue;
        numbers.push(number);
        if (numbers.length === max) {
          const next = i + 1 < visit.to ? { block: visit.block, line: i + 1 } : advance({ block: visit.block, line: visit.from });
          return next.line < end ? { numbers, next } : { numbers };
        }
      }
      if (examined >= MAX_LINES_PER_PAGE) {
        const next = advance({ block: visit.block, line: visit.from });
        return next.line < end ? { numbers, next } : { numbers };
      }
      if (pause && examined - sliceStart >= LINES_PER_SLICE) {
        await pause();
        sliceStart = examined;
      }
    }
  }
  return { numbers };
}

/** Shared helpers of the inventory tests: a fake availability store, an independent geocoder, page collection. */
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { readNanpDescriptions } from '../../../src/domain/inventory/nanp-geography.ts';
import type { NumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';
import {
  searchAvailableNumbers,
  type AvailabilityCheck,
  type SearchCursor,
  type SearchFilter,
} from '../../../src/domain/inventory/search.ts';

/** Unavailable numbers held in a Set; records every call. */
export class FakeAvailability implements AvailabilityCheck {
  readonly taken = new Set<string>();
  readonly calls: string[][] = [];

  async unavailable(prefixes: string[]): Promise<Set<string>> {
    this.calls.push(prefixes);
    return new Set([...this.taken].filter((n) => prefixes.some((p) => n.startsWith(p))));
  }
}

let descriptions: Record<string, string> | undefined;

/** The geocoding description of a +1 number, by longest prefix, read straight from the data file. */
export function geocode(e164: string): string | undefined {
  descriptions ??= readNanpDescriptions();
  const national = e164.slice(2);
  for (let length = national.length; length > 0; length--) {
    const description = descriptions[national.slice(0, length)];
    if (description !== undefined) return description;
  }
  return undefined;
}

/** libphonenumber's own verdict on an E.164 number (parsed as E.164, not through the inventory's fast path). */
export function classify(e164: string): { valid: boolean; country?: string; type?: string } {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || parsed.number !== e164 || !parsed.isValid()) return { valid: false };
  return { valid: true, country: parsed.country, type: parsed.getType() };
}

/** Asserts that `e164` is valid and Local (FIXED_LINE[_OR_MOBILE]) or TollFree in `country`. */
export function assertSellable(e164: string, country: string, type: 'Local' | 'TollFree'): void {
  const c = classify(e164);
  assert.equal(c.valid, true, `${e164} should be valid`);
  assert.equal(c.country, country, `${e164} country`);
  const types = type === 'Local' ? ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'] : ['TOLL_FREE'];
  assert.ok(types.includes(c.type ?? ''), `${e164} type ${c.type} should be ${type}`);
}

/** Every page of a search, until no cursor; asserts that no number repeats. */
export async function collectPages(
  plan: NumberingPlan,
  availability: AvailabilityCheck,
  filter: SearchFilter,
  maxResults: number,
  seed = 'seed',
  limit = 1000,
): Promise<{ numbers: string[]; pages: number }> {
  const numbers: string[] = [];
  let cursor: SearchCursor | undefined;
  let pages = 0;
  do {
    const page = await searchAvailableNumbers(plan, availability, filter, { maxResults, seed, ...(cursor ? { cursor } : {}) });
    pages++;
    assert.ok(page.numbers.length <= maxResults);
    if (page.next) assert.equal(page.numbers.length, maxResults, 'a page with a cursor is full');
    numbers.push(...page.numbers);
    cursor = page.next;
    // The cursor must survive the JSON round trip of a NextToken.
    if (cursor) cursor = JSON.parse(JSON.stringify(cursor)) as SearchCursor;
  } while (cursor && pages < limit);
  assert.equal(new Set(numbers).size, numbers.length, 'no number repeats across pages');
  return { numbers, pages };
}

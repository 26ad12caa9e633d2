/**
 * What the API asks of the inventory: searches with signed NextTokens bound to the account and the filter, and the
 * countries of the pool per product type.
 */
import type { Storage } from '../../storage/ports.ts';
import type { Clock } from '../shared/clock.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import type { InventoryProductType, NumberingPlan, SupportedCountry } from './numbering-plan.ts';
import { isSearchCursor, searchAvailableNumbers, type SearchFilter } from './search.ts';

export interface InventoryServiceOptions {
  plan: NumberingPlan;
  storage: Storage;
  clock: Clock;
  tokens: PageTokens;
  /** How long a released number ages before it is for sale again. */
  agingMs: number;
  /** Seed of the order in which numbers are offered. */
  seed: string;
}

export class InventoryService {
  readonly #o: InventoryServiceOptions;

  constructor(options: InventoryServiceOptions) {
    this.#o = options;
  }

  /** One page of available numbers; `nextToken` while more may remain. */
  async search(
    accountId: string,
    filter: SearchFilter,
    options: { maxResults: number; nextToken?: string },
  ): Promise<{ numbers: string[]; nextToken?: string }> {
    const { plan, storage, clock, tokens, agingMs, seed } = this.#o;
    const listing = `SearchAvailablePhoneNumbers\n${JSON.stringify(canonical(filter))}`;
    let cursor;
    if (options.nextToken !== undefined) {
      cursor = tokens.decode(accountId, listing, options.nextToken);
      if (!isSearchCursor(cursor)) throw invalidNextToken();
    }
    const agingSince = new Date(clock.now().getTime() - agingMs);
    const result = await searchAvailableNumbers(
      plan,
      { unavailable: (prefixes) => storage.phoneNumbers.unavailableUnder(prefixes, agingSince) },
      filter,
      { maxResults: options.maxResults, cursor, seed },
    );
    return result.next === undefined
      ? { numbers: result.numbers }
      : { numbers: result.numbers, nextToken: tokens.encode(accountId, listing, result.next) };
  }

  countries(productType: InventoryProductType): SupportedCountry[] {
    return this.#o.plan.countries(productType);
  }

  /** Country and type of the pool block of a (previously validated) number; undefined outside the pool. */
  describe(e164: string): { country: string; type: 'Local' | 'TollFree' } | undefined {
    return this.#o.plan.describe(e164);
  }
}

function canonical(filter: SearchFilter): [string, string][] {
  return Object.entries(filter)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

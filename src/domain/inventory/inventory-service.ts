/**
 * What the API asks of the inventory: searches with signed NextTokens bound to the account and the filter, and the
 * countries of the pool per product type.
 */
import type { NumberAvailability } from '../ports/phone-numbers.ts';
import { NO_WAIT, type Turns } from '../ports/turns.ts';
import { classifyNumber, type NumberType } from '../numbers/number-rules.ts';
import type { Clock } from '../shared/clock.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import type { InventoryProductType, NumberingPlan, SupportedCountry } from './numbering-plan.ts';
import { isSearchCursor, searchAvailableNumbers, type SearchFilter } from './search.ts';

export interface InventoryServiceOptions {
  plan: NumberingPlan;
  phoneNumbers: NumberAvailability;
  clock: Clock;
  tokens: PageTokens;
  /** How long a released number ages before it is for sale again. */
  agingMs: number;
  /** Seed of the order in which numbers are offered. */
  seed: string;
  /** Whose turn it is to run a slice of a search (default: never wait). */
  turns?: Turns;
}

export class InventoryService {
  readonly #o: InventoryServiceOptions;

  constructor(options: InventoryServiceOptions) {
    this.#o = options;
  }

  /**
   * Loads the numbering plan now (decoded and indexed: tens of ms of CPU in one piece, a second when it has to be
   * computed from the libraries) instead of inside the first request that needs it, where it would hold every other
   * request up.
   * @returns how long the load took, in ms
   */
  warm(): number {
    return this.#o.plan.stats().loadMs;
  }

  /** One page of available numbers; `nextToken` while more may remain. */
  async search(
    accountId: string,
    filter: SearchFilter,
    options: { maxResults: number; nextToken?: string },
  ): Promise<{ numbers: string[]; nextToken?: string }> {
    const { plan, phoneNumbers, clock, tokens, agingMs, seed, turns = NO_WAIT } = this.#o;
    const listing = `SearchAvailablePhoneNumbers\n${JSON.stringify(canonical(filter))}`;
    let cursor;
    if (options.nextToken !== undefined) {
      cursor = tokens.decode(accountId, listing, options.nextToken);
      if (!isSearchCursor(cursor)) throw invalidNextToken();
    }
    const agingSince = new Date(clock.now().getTime() - agingMs);
    const result = await searchAvailableNumbers(
      plan,
      { unavailable: (prefixes) => phoneNumbers.unavailableUnder(prefixes, agingSince) },
      filter,
      { maxResults: options.maxResults, cursor, seed, pause: () => turns.next(accountId) },
    );
    return result.next === undefined
      ? { numbers: result.numbers }
      : { numbers: result.numbers, nextToken: tokens.encode(accountId, listing, result.next) };
  }

  countries(productType: InventoryProductType): SupportedCountry[] {
    return this.#o.plan.countries(productType);
  }

  /** Country and type of the pool block of a (previously validated) number; undefined outside the pool. */
  describe(e164: string): { country: string; type: NumberType } | undefined {
    return this.#o.plan.describe(e164);
  }

  /**
   * Country and type of an ordered number: its pool block's when it has one, else libphonenumber's (a number ordered
   * outside the pool is still recorded with what it is).
   */
  classify(e164: string): { country?: string; type?: NumberType } {
    const described = this.describe(e164);
    if (described) return described;
    const { country, type } = classifyNumber(e164);
    return { country, type };
  }
}

function canonical(filter: SearchFilter): [string, string][] {
  return Object.entries(filter)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * The rules of Amazon Chime's `SearchAvailablePhoneNumbers` filters, turning a filter into a {@link BlockQuery}.
 *
 * - Country defaults to US. Outside the US (Canada included) only PhoneNumberType may be given, and it is required.
 * - A US search needs at least one of AreaCode, City, State, TollFreePrefix; City requires State.
 * - TollFreePrefix is one of 800, 833, 844, 855, 866, 877, 888.
 * Violations throw `DomainError('invalid')` naming the parameter. Filters that are well-formed but cannot match
 * anything (an area code that is not 3 digits, a state that is not a 2-letter code, toll-free with a State, a
 * TollFreePrefix with another AreaCode or with PhoneNumberType Local) give `null`: an empty result, not an error.
 * Empty strings count as absent.
 */
import type { NumberType } from '../numbers/number-rules.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { BlockQuery } from './numbering-plan.ts';
import { cityKey } from './regions.ts';
import { TOLL_FREE_PREFIXES } from './static-blocks.ts';

/** The filters of `SearchAvailablePhoneNumbers`. */
export interface SearchFilter {
  country?: string;
  areaCode?: string;
  city?: string;
  state?: string;
  tollFreePrefix?: string;
  phoneNumberType?: 'Local' | 'TollFree';
}

/** Filters that only a US search accepts. */
const US_ONLY = ['areaCode', 'city', 'state', 'tollFreePrefix'] as const;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The block query of `filter`, or `null` when nothing can match it.
 * @throws DomainError('invalid') when the filter breaks a rule of the API.
 * @example toBlockQuery({ state: 'wa', city: 'seattle' }) → { country: 'US', type: 'Local', state: 'WA', cityKey: 'seattle' }
 */
export function toBlockQuery(filter: SearchFilter): BlockQuery | null {
  const country = (present(filter.country) ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new DomainError('invalid', fieldText`${field('country')} must be a two-letter ISO 3166 country code`);
  const rawType = present(filter.phoneNumberType);
  if (rawType !== undefined && rawType !== 'Local' && rawType !== 'TollFree') {
    throw new DomainError('invalid', fieldText`${field('phoneNumberType')} must be Local or TollFree`);
  }
  let type: NumberType | undefined = rawType;

  if (country !== 'US') {
    for (const key of US_ONLY) {
      if (present(filter[key]) !== undefined) {
        throw new DomainError(
          'invalid',
          fieldText`${field(key)} is only supported when ${field('country')} is US; a search in ${country} accepts only ${field('phoneNumberType')}`,
        );
      }
    }
    if (type === undefined) throw new DomainError('invalid', fieldText`${field('phoneNumberType')} is required when ${field('country')} is ${country}`);
    return { country, type };
  }

  const areaCode = present(filter.areaCode);
  const city = present(filter.city);
  const state = present(filter.state)?.toUpperCase();
  const tollFreePrefix = present(filter.tollFreePrefix);
  if (areaCode === undefined && city === undefined && state === undefined && tollFreePrefix === undefined) {
    throw new DomainError(
      'invalid',
      fieldText`A search in the US needs at least one of ${field('areaCode')}, ${field('city')}, ${field('state')} or ${field('tollFreePrefix')}`,
    );
  }
  if (city !== undefined && state === undefined) throw new DomainError('invalid', fieldText`${field('city')} requires ${field('state')}`);
  if (tollFreePrefix !== undefined && !(TOLL_FREE_PREFIXES as readonly string[]).includes(tollFreePrefix)) {
    throw new DomainError('invalid', fieldText`${field('tollFreePrefix')} must be one of ${TOLL_FREE_PREFIXES.join(', ')}`);
  }
  if (areaCode !== undefined && !/^\d+$/.test(areaCode)) throw new DomainError('invalid', fieldText`${field('areaCode')} must be digits`);

  if (areaCode !== undefined && !/^[2-9]\d\d$/.test(areaCode)) return null;
  if (state !== undefined && !/^[A-Z]{2}$/.test(state)) return null;
  let npa = areaCode === undefined ? undefined : Number(areaCode);
  if (tollFreePrefix !== undefined) {
    if (type === 'Local' || state !== undefined || (npa !== undefined && npa !== Number(tollFreePrefix))) return null;
    type = 'TollFree';
    npa = Number(tollFreePrefix);
  }
  if (state !== undefined) {
    if (type === 'TollFree') return null;
    type = 'Local';
  }
  const query: BlockQuery = { country };
  if (type !== undefined) query.type = type;
  if (state !== undefined) query.state = state;
  if (city !== undefined) query.cityKey = cityKey(city);
  if (npa !== undefined) query.npa = npa;
  return query;
}

/** A canonical string of a query, so that equal queries enumerate in the same order. */
export function queryKey(query: BlockQuery): string {
  return JSON.stringify([query.country, query.type ?? '', query.state ?? '', query.cityKey ?? '', query.npa ?? '']);
}

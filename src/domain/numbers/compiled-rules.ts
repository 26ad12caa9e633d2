/**
 * libphonenumber's decision for a national number of a known country, with its patterns compiled once.
 *
 * libphonenumber-js builds a `RegExp` from the metadata's source text on every match (`matchesEntirely`); for the
 * US fixed-line pattern (about 700 characters) that costs ~10 µs a time, against ~0.1 µs to run a compiled one, and
 * parsing and typing one number does it six times or more. This module runs the same steps, in the same order, on
 * patterns compiled once per country, for the inputs where each step of libphonenumber-js 1.12's `parse` (national
 * digits with a default country) is known to be a no-op or is reproduced here:
 * - no IDD prefix at the start (`stripIddPrefix`), no calling code at the start (the number is not read as
 *   international without `+`), no national prefix for parsing at the start (nothing to strip);
 * - the country among those sharing the calling code found as `getCountryByNationalNumber` finds it (leading digits,
 *   else any type), and the type as `getNumberType` finds it.
 * Any other input answers `undefined`, and the caller asks libphonenumber itself. A unit test compares both over the
 * whole universe's blocks.
 *
 * The same for a number in E.164 form ({@link verdictOfE164}, what an order's numbers are classified by): the calling
 * code as libphonenumber reads it (the first of its 1 to 3 digits that is one), the national number after it, and the
 * country and type as above; a national number that starts with the national prefix, or whose country no pattern
 * decides, is left to libphonenumber.
 */
import { Metadata, type CountryCode } from 'libphonenumber-js/max';

/** What libphonenumber says of a number: the country it parses to and its type (undefined when invalid). */
export interface NumberVerdict {
  country: string;
  type: string | undefined;
}

interface CompiledType {
  name: string;
  pattern: RegExp;
  possibleLengths: readonly number[] | undefined;
}

interface CompiledCountry {
  country: string;
  callingCode: string;
  idd: RegExp | undefined;
  nationalPrefix: RegExp | undefined;
  leadingDigits: RegExp | undefined;
  general: RegExp;
  fixedLine: CompiledType | undefined;
  mobile: CompiledType | undefined;
  /** The mobile pattern is empty: a duplicate of the fixed-line one. */
  mobileIsFixed: boolean;
  others: CompiledType[];
  /** Countries sharing the calling code, in libphonenumber's order (this one included). */
  siblings: string[];
}

const NON_FIXED_LINE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** Internal shape of a numbering plan that `Metadata` exposes at run time but not in its types. */
interface Plan {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  hasTypes(): boolean;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/** A national significant number this module decides (shorter or longer ones are left to libphonenumber). */
const NATIONAL_DIGITS = /^\d{4,15}$/;

const compiled = new Map<string, CompiledCountry | null>();

function entire(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function compileType(plan: Plan, name: string): CompiledType | undefined {
  const type = plan.type(name);
  if (!type || !type.pattern()) return undefined;
  return { name, pattern: entire(type.pattern()), possibleLengths: type.possibleLengths() };
}

/** Internal methods of `Metadata` that exist at run time but not in its types. */
interface MetadataLookups {
  hasCountry(country: string): boolean;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
}

function compile(country: string): CompiledCountry | null {
  const metadata = new Metadata();
  const lookups = metadata as unknown as MetadataLookups;
  if (!lookups.hasCountry(country)) return null;
  metadata.selectNumberingPlan(country as CountryCode);
  const plan = metadata.numberingPlan as unknown as Plan;
  if (!plan.hasTypes()) return null;
  const callingCode = plan.callingCode();
  const idd = plan.IDDPrefix();
  const prefix = plan.nationalPrefixForParsing();
  const leading = plan.leadingDigits();
  const mobileType = plan.type('MOBILE');
  const siblings = lookups.getCountryCodesForCallingCode(callingCode) ?? [country];
  return {
    country,
    callingCode,
    idd: idd ? new RegExp(idd) : undefined,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    leadingDigits: leading ? new RegExp(leading) : undefined,
    general: entire(plan.nationalNumberPattern()),
    fixedLine: compileType(plan, 'FIXED_LINE'),
    mobile: compileType(plan, 'MOBILE'),
    mobileIsFixed: mobileType !== undefined && mobileType.pattern() === '',
    others: NON_FIXED_LINE_TYPES.map((name) => compileType(plan, name)).filter((t): t is CompiledType => t !== undefined),
    siblings,
  };
}

function rules(country: string): CompiledCountry | null {
  let found = compiled.get(country);
  if (found === undefined) {
    found = compile(country);
    compiled.set(country, found);
  }
  return found;
}

function isType(national: string, type: CompiledType | undefined): boolean {
  if (type === undefined) return false;
  if (type.possibleLengths && !type.possibleLengths.includes(national.length)) return false;
  return type.pattern.test(national);
}

/** `getNumberType` of libphonenumber-js for a national number and a country. */
function numberType(national: string, c: CompiledCountry): string | undefined {
  if (!c.general.test(national)) return undefined;
  if (isType(national, c.fixedLine)) {
    if (c.mobileIsFixed || c.mobile === undefined) return 'FIXED_LINE_OR_MOBILE';
    return isType(national, c.mobile) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const type of c.others) if (isType(national, type)) return type.name;
  return undefined;
}

/** `getCountryByCallingCode`: the country among those sharing the calling code, or undefined. */
function exactCountry(national: string, c: CompiledCountry): string | undefined {
  if (c.siblings.length === 1) return c.siblings[0];
  for (const sibling of c.siblings) {
    const s = rules(sibling);
    if (s === null) return undefined;
    if (s.leadingDigits) {
      if (national.search(s.leadingDigits) === 0) return sibling;
    } else if (numberType(national, s) !== undefined) return sibling;
  }
  return undefined;
}

/**
 * What `parsePhoneNumberFromString(national, country)` then `getType()` would say, or `undefined` when this input is
 * outside what this module reproduces (then ask libphonenumber). `national` is the national significant number.
 */
export function verdictOf(national: string, country: string): { verdict: NumberVerdict; callingCode: string } | undefined {
  if (!NATIONAL_DIGITS.test(national)) return undefined;
  const c = rules(country);
  if (c === null) return undefined;
  if (c.idd && national.search(c.idd) === 0) return undefined;
  if (national.startsWith(c.callingCode)) return undefined;
  if (c.nationalPrefix && c.nationalPrefix.test(national)) return undefined;
  const parsedCountry = exactCountry(national, c) ?? country;
  const p = rules(parsedCountry);
  if (p === null) return undefined;
  return { verdict: { country: parsedCountry, type: numberType(national, p) }, callingCode: c.callingCode };
}

const E164_DIGITS = /^\+[1-9]\d{5,17}$/;

/** The countries of a calling code in libphonenumber's order (the first is the one whose plan it selects), or undefined. */
function countriesOf(callingCode: string): string[] | undefined {
  return (new Metadata() as unknown as MetadataLookups).getCountryCodesForCallingCode(callingCode);
}

const mainCountries = new Map<string, string | null>();

/**
 * What `parsePhoneNumberFromString(e164)` then `isValid()`, `country` and `getType()` say: the country and the type
 * (type undefined: invalid), or `undefined` when this input is outside what this module reproduces.
 * @example verdictOfE164('+18445550100') → { country: 'US', type: 'TOLL_FREE' }
 */
export function verdictOfE164(e164: string): NumberVerdict | undefined {
  if (!E164_DIGITS.test(e164)) return undefined;
  for (let length = 1; length <= 3; length++) {
    const callingCode = e164.slice(1, 1 + length);
    let main = mainCountries.get(callingCode);
    if (main === undefined) {
      main = countriesOf(callingCode)?.[0] ?? null;
      mainCountries.set(callingCode, main);
    }
    if (main === null) continue;
    const national = e164.slice(1 + length);
    if (!NATIONAL_DIGITS.test(national)) return undefined;
    const c = rules(main);
    if (c === null || (c.nationalPrefix && c.nationalPrefix.test(national))) return undefined;
    const country = exactCountry(national, c);
    const p = country === undefined ? null : rules(country);
    if (country === undefined || p === null) return undefined;
    return { country, type: numberType(national, p) };
  }
  return undefined;
}

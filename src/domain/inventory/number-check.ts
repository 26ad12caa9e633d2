/**
 * Whether a number can be sold as a given country and type, by libphonenumber's full metadata (the same metadata
 * the order rules use), plus a fast pattern check for whole blocks when the inventory is indexed.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { NumberType } from '../numbers/number-rules.ts';
import { verdictOf } from '../numbers/compiled-rules.ts';

/** The libphonenumber types that make a number `Local` or `TollFree` in the inventory. */
const TYPES_OF: Record<NumberType, readonly string[]> = {
  Local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  TollFree: ['TOLL_FREE'],
};

/**
 * True when `e164` is valid for libphonenumber, belongs to `country` and has `type`
 * (`Local`: FIXED_LINE or FIXED_LINE_OR_MOBILE; `TollFree`: TOLL_FREE).
 * `nationalDigits` is the national significant number (the digits after the country calling code).
 * Answers as {@link isSellableByLibrary}, with libphonenumber's patterns compiled once ({@link verdictOf}).
 * @example isSellable('+12065550100', '2065550100', 'US', 'Local') → true
 */
export function isSellable(e164: string, nationalDigits: string, country: string, type: NumberType): boolean {
  const known = verdictOf(nationalDigits, country);
  if (known === undefined) return isSellableByLibrary(e164, nationalDigits, country, type);
  const { verdict, callingCode } = known;
  if (`+${callingCode}${nationalDigits}` !== e164 || verdict.country !== country) return false;
  return verdict.type !== undefined && TYPES_OF[type].includes(verdict.type);
}

/** {@link isSellable} asked of libphonenumber-js itself (the reference; several times slower). */
export function isSellableByLibrary(e164: string, nationalDigits: string, country: string, type: NumberType): boolean {
  // Parsing the national number with its country as default is several times faster than parsing the E.164 form
  // (which tries every country sharing the calling code); the checks below make it as strict.
  const parsed = parsePhoneNumberFromString(nationalDigits, country as CountryCode);
  if (!parsed || parsed.number !== e164 || parsed.country !== country || !parsed.isValid()) return false;
  const kind = parsed.getType();
  return kind !== undefined && TYPES_OF[type].includes(kind);
}

/** Internal shape of libphonenumber-js's numbering plan that `Metadata` exposes at run time but not in its types. */
interface PlanWithTypes {
  type?(name: string): { pattern(): string } | undefined;
}

const patternCache = new Map<string, RegExp | null>();

/**
 * A compiled national-number pattern of `country` for `type` (FIXED_LINE for Local, TOLL_FREE for TollFree), or
 * `null` when libphonenumber-js does not expose it (then callers fall back to {@link isSellable}).
 */
export function nationalPattern(country: string, type: NumberType): RegExp | null {
  const key = `${country}:${type}`;
  let cached = patternCache.get(key);
  if (cached === undefined) {
    cached = null;
    try {
      const metadata = new Metadata();
      metadata.selectNumberingPlan(country as CountryCode);
      const plan = metadata.numberingPlan as unknown as PlanWithTypes | undefined;
      const source = plan?.type?.(type === 'TollFree' ? 'TOLL_FREE' : 'FIXED_LINE')?.pattern();
      if (source) cached = new RegExp(`^(?:${source})$`);
    } catch {
      cached = null;
    }
    patternCache.set(key, cached);
  }
  return cached;
}

/**
 * Lines sampled to decide whether a block of 10,000 numbers is in the numbering plan. libphonenumber's NANP
 * patterns end in `\d{4}`, so the first and last lines decide for the whole block (checked against 7 lines of every
 * NPA-NXX when this was written: no block differs).
 */
const SAMPLE_LINES = ['0000', '9999'];

/**
 * True when the sampled lines of the block `<callingCode><nationalPrefix>XXXX` are valid for `country` and
 * `type`: a screening check when the inventory is indexed; search still checks every number it returns.
 * @example blockLooksValid('1', '206555', 'US', 'Local') → true
 */
export function blockLooksValid(callingCode: string, nationalPrefix: string, country: string, type: NumberType): boolean {
  const pattern = nationalPattern(country, type);
  return SAMPLE_LINES.every((line) => {
    const national = nationalPrefix + line;
    return pattern ? pattern.test(national) : isSellable(`+${callingCode}${national}`, national, country, type);
  });
}

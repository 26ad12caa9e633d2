/**
 * What a phone number is: its country and type, by libphonenumber's full metadata. The ordering rules of Amazon
 * Chime depend on both (toll-free numbers cannot be BusinessCalling; numbers outside the US need
 * SipMediaApplicationDialIn).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NumberType = 'Local' | 'TollFree';

export interface ClassifiedNumber {
  e164: string;
  valid: boolean;
  /** ISO 3166 alpha-2, when libphonenumber knows it. */
  country?: string;
  type?: NumberType;
}

/** Adds the `+` that the model lets clients leave out. */
export function normalizeE164(raw: string): string {
  return raw.startsWith('+') ? raw : `+${raw}`;
}

/** @example classifyNumber('+18445550100') → { e164: '+18445550100', valid: true, country: 'US', type: 'TollFree' } */
export function classifyNumber(e164: string): ClassifiedNumber {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid() || parsed.number !== e164) return { e164, valid: false };
  const kind = parsed.getType();
  return {
    e164,
    valid: true,
    country: parsed.country,
    type: kind === 'TOLL_FREE' ? 'TollFree' : 'Local',
  };
}

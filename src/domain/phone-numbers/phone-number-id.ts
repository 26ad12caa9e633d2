/**
 * `PhoneNumberId` on the wire: the E.164 number, percent-encoded (`%2B12065550100`), as AWS returns it. Callers send
 * it either way: `+12065550100` (the CLI examples) or `%2B12065550100` (the id as returned; the protocol layer has
 * already decoded the path segment once), and the model lets them leave out the `+`.
 */

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The E.164 number an id names, or `undefined` when it names none.
 * @example parsePhoneNumberId('%2B12065550100') → '+12065550100'; parsePhoneNumberId('12065550100') → '+12065550100'
 */
export function parsePhoneNumberId(raw: string): string | undefined {
  let e164 = raw;
  if (/^%2B/i.test(e164)) e164 = `+${e164.slice(3)}`;
  else if (!e164.startsWith('+')) e164 = `+${e164}`;
  return E164.test(e164) ? e164 : undefined;
}

/** @example formatPhoneNumberId('+12065550100') → '%2B12065550100' */
export function formatPhoneNumberId(e164: string): string {
  // A `+` and digits, as every stored number is: only the `+` is escaped (what encodeURIComponent gives, for less).
  return PLUS_AND_DIGITS.test(e164) ? `%2B${e164.slice(1)}` : encodeURIComponent(e164);
}

const PLUS_AND_DIGITS = /^\+\d*$/;

/** An id as it may appear in a message: the caller's own text, clipped. */
export function quoteId(raw: string): string {
  return raw.length > 40 ? `'${raw.slice(0, 40)}…'` : `'${raw}'`;
}

/**
 * Log redaction. The model marks phone numbers `sensitive`; logs show at most their first digits
 * (`+1206*******`), and secrets never appear.
 */

/** A `+` followed by 5 or more digits: an E.164 number (or the start of one). */
const E164 = /\+\d{5,15}/g;

/** `+12065550100` → `+1206*******`: the country code and area stay readable for operators. */
export function maskE164(text: string): string {
  return text.replace(E164, (match) => match.slice(0, 5) + '*'.repeat(match.length - 5));
}

/** Masks every string inside a log record, keys named like secrets entirely. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskE164(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { type: value.name, message: maskE164(value.message), stack: value.stack && maskE164(value.stack) };
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redactValue(inner, depth + 1);
  }
  return out;
}

const SECRET_KEYS = /secret|password|authorization|signature|token/i;

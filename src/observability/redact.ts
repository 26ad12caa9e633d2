/**
 * Log redaction. The model marks phone numbers `sensitive`; logs show at most their first digits
 * (`+1206*******`), and secrets never appear.
 */

/** A `+` followed by 5 or more digits: an E.164 number (or the start of one). */
const E164 = /\+\d{5,15}/g;

/** `+12065550100` → `+1206*******`: the country code and area stay readable for operators. */
export function maskE164(text: string): string {
  // Most strings of a record (ids, names of operations) have no `+`: they are returned without running the pattern.
  if (!text.includes('+')) return text;
  return text.replace(E164, (match) => match.slice(0, 5) + '*'.repeat(match.length - 5));
}

/** Masks every string inside a log record, keys named like secrets entirely. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskE164(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return redactError(value, depth);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redactValue(inner, depth + 1);
  }
  return out;
}

const SECRET_KEYS = /secret|password|authorization|signature|token/i;

/**
 * An error as a log shows it: its class, message, the driver's or system's `code` (`SQLITE_BUSY`, `57P01`,
 * `ECONNRESET`: what an operator searches for), the stack, and the same of its `cause`. No other property is copied:
 * drivers hang the query, its parameters or the connection's settings on their errors.
 */
function redactError(error: Error, depth: number): Record<string, unknown> {
  // The class, as pino names it (pg's DatabaseError calls itself `error`).
  const type = typeof error.constructor?.name === 'string' && error.constructor.name !== '' ? error.constructor.name : error.name;
  const out: Record<string, unknown> = { type, message: maskE164(error.message) };
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' || typeof code === 'number') out.code = maskE164(String(code).slice(0, MAX_CODE_LENGTH));
  if (error.stack !== undefined) out.stack = maskE164(error.stack);
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = redactValue(error.cause, depth + 1);
  return out;
}

const MAX_CODE_LENGTH = 64;
const MAX_CAUSE_DEPTH = 4;

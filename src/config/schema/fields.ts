/**
 * The building blocks of the configuration's schema, on zod/mini: the same checks and messages as zod's chained API
 * (`z.number().int().min(1)`), for a fraction of its cost at start, when every schema below is built once.
 */
// A namespace import in each file, used member by member: the bundle keeps only the parts of zod used.
import * as z from 'zod/mini';
import { useEnglishMessages } from '../../shared/zod-english.ts';

useEnglishMessages();

/** A whole number from `min` to `max`. */
export function int(min: number, max: number) {
  return z.number().check(z.int(), z.gte(min), z.lte(max));
}

/** A number from `min` to `max`. */
export function num(min: number, max: number) {
  return z.number().check(z.gte(min), z.lte(max));
}

/** A string of `min` to `max` characters. */
export function text(min: number, max: number) {
  return z.string().check(z.minLength(min), z.maxLength(max));
}

/** A string that matches `pattern`; `message` says what it must be. */
export function matching(pattern: RegExp, message?: string) {
  return z.string().check(z.regex(pattern, message));
}

/** An E.164 prefix: `+` and digits. */
export function e164Prefix() {
  return matching(/^\+[1-9]\d{0,14}$/, 'must be + and digits');
}

/** A 12-digit account id. */
export function accountId() {
  return matching(/^\d{12}$/, 'must be 12 digits');
}

/** An AWS region name, as SigV4 scopes and ARNs carry it. */
export function region() {
  return matching(/^[a-z0-9-]{2,32}$/);
}

/**
 * Raw request-target handling. Percent-decoding never turns `+` into a space: AWS clients send a space as `%20`
 * and a plus as `%2B`, and a literal `+` (as in `/phone-numbers/+12065550100`) stays a plus.
 */
import { badRequest } from './errors.ts';

export interface SplitTarget {
  /** Path segments after the leading `/`, still percent-encoded. */
  rawSegments: string[];
  query: Map<string, string[]>;
}

/** @example splitTarget('/search?type=phone-numbers&city=San%20Jose') */
export function splitTarget(target: string): SplitTarget {
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  if (!rawPath.startsWith('/')) throw badRequest('The request-target must be an absolute path');
  return { rawSegments: rawPath.slice(1).split('/'), query: parseQuery(q < 0 ? '' : target.slice(q + 1)) };
}

/** Decoded query pairs, repeated keys kept in arrival order. A key without `=` has the value `''`. */
export function parseQuery(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (raw.length === 0) return query;
  for (const pair of raw.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq), 'query parameter name');
    const value = eq < 0 ? '' : percentDecode(pair.slice(eq + 1), `query parameter '${key}'`);
    const values = query.get(key);
    if (values) values.push(value);
    else query.set(key, [value]);
  }
  return query;
}

/** Decodes `%XX` escapes (UTF-8); rejects malformed escapes and NUL with `BadRequestException`. */
export function percentDecode(raw: string, what: string): string {
  let decoded = raw;
  if (raw.includes('%')) {
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw badRequest(`Malformed percent-encoding in ${what}`);
    }
  }
  if (decoded.includes('\u0000')) throw badRequest(`NUL character in ${what}`);
  return decoded;
}

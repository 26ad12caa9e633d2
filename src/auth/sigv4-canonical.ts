/**
 * Pieces of the SigV4 computation (non-S3 flavour) — canonical URI, query and header values from the request exactly
 * as it arrived, dates, hashes and the signing-key cache. Nothing here throws: malformed input simply canonicalizes
 * to something the client cannot have signed.
 */
import { createHmac, hash } from 'node:crypto';
import { HmacSha256 } from '../shared/hmac-sha256.ts';
import { setBounded } from '../shared/bounded-map.ts';

/** `byte → canonical form`: RFC 3986 unreserved characters stay literal, every other byte becomes `%XX` (uppercase). */
const ENCODED: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  isUnreserved(b) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0'),
);

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x5f || // _
    c === 0x7e // ~
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Appends the percent-encoded UTF-8 bytes of `s.slice(from, to)` (non-ASCII text; lone surrogates become U+FFFD). */
function encodeUtf8(s: string, from: number, to: number): string {
  let out = '';
  for (const b of Buffer.from(s.slice(from, to), 'utf8')) out += ENCODED[b];
  return out;
}

/**
 * RFC 3986-encodes `s` as literal text (a `%` becomes `%25`), leaving `/` alone when `keepSlash`.
 * Returns `s` itself when nothing needs encoding.
 */
function encodeLiteral(s: string, keepSlash: boolean): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isUnreserved(c) && !(keepSlash && c === 0x2f)) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += keepSlash && c === 0x2f ? '/' : ENCODED[c];
      i++;
    } else {
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) >= 0x80) j++;
      out += encodeUtf8(s, i, j);
      i = j;
    }
  }
  return out;
}

/**
 * Canonical form of one query key or value as received: valid `%XX` escapes are decoded to their byte, `+` stays a
 * literal plus, and the result is re-encoded with RFC 3986 (so `%7e` → `~`, `%2a` → `%2A`, a stray `%` → `%25`).
 */
export function canonicalQueryComponent(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    if (!isUnreserved(s.charCodeAt(i))) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && hexValue(s.charCodeAt(i + 1)) >= 0 && hexValue(s.charCodeAt(i + 2)) >= 0) {
      out += ENCODED[hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2))];
      i += 3;
    } else if (c < 0x80) {
      out += ENCODED[c];
      i++;
    } else {
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) >= 0x80) j++;
      out += encodeUtf8(s, i, j);
      i = j;
    }
  }
  return out;
}

/**
 * Canonical URI of a raw (still percent-encoded) path, as the AWS SDKs compute it for non-S3 services: dot segments
 * removed and runs of `/` collapsed (RFC 3986 §5.2.4, like botocore and `@smithy/signature-v4`), then every byte
 * that is not unreserved or `/` percent-encoded once more — so the `%2B` a client sent is signed as `%252B`.
 */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '') return '/';
  let path = rawPath;
  if (path.includes('//') || path.includes('/.') || path.startsWith('.')) {
    const out: string[] = [];
    for (const segment of path.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') out.pop();
      else out.push(segment);
    }
    const lead = path.startsWith('/') ? '/' : '';
    const trail = out.length > 0 && path.endsWith('/') ? '/' : '';
    path = lead + out.join('/') + trail;
    if (path === '') path = '/';
  }
  return encodeLiteral(path, true);
}

/**
 * Canonical query string of a raw query (the part after `?`, without it): pairs split on `&` and then on the first
 * `=`, each side canonicalized by {@link canonicalQueryComponent}, sorted by key then value (code-unit order, which
 * is byte order for the ASCII result), joined as `k=v&k=v`. Empty pairs (`a=1&&b=2`) are ignored.
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    if (end > start) {
      const eq = rawQuery.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const key = canonicalQueryComponent(rawQuery.slice(start, hasValue ? eq : end));
      const value = hasValue ? canonicalQueryComponent(rawQuery.slice(eq + 1, end)) : '';
      pairs.push([key, value]);
    }
    start = end + 1;
  }
  if (pairs.length > 1) {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    out += (i === 0 ? '' : '&') + pair[0] + '=' + pair[1];
  }
  return out;
}

const WHITESPACE_RUN = /\s+/g;
/** Anything `trimAll` would change: edge whitespace, a run of two, or any whitespace other than a plain space. */
const NEEDS_TRIM = /^\s|\s$|\s\s|[^\S ]/;

/** SigV4 `Trimall`: leading/trailing whitespace removed and inner runs collapsed to one space. */
export function trimAll(value: string): string {
  return NEEDS_TRIM.test(value) ? value.trim().replace(WHITESPACE_RUN, ' ') : value;
}

/** Lowercase hex SHA-256 of `data` (node's one-shot `hash`: no Hash object, about half the cost of `createHash`). */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

/** SHA-256 of the empty payload, the hash of every body-less request. */
export const EMPTY_SHA256 = sha256Hex('');

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch of an ISO-8601 basic `YYYYMMDDTHHMMSSZ` timestamp, or `undefined` when invalid. */
export function parseAmzDate(value: string): number | undefined {
  // Requests signed in the same second carry the same date: the last one read is kept.
  if (value === lastAmzDate.text) return lastAmzDate.ms;
  const ms = readAmzDate(value);
  if (ms !== undefined) lastAmzDate = { text: value, ms };
  return ms;
}

let lastAmzDate: { text: string; ms: number | undefined } = { text: '', ms: undefined };

function readAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
  // Values Date.UTC would silently roll over (month 13, 25:00, Feb 30…) or read as 19xx (years 0–99) name no instant.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** `YYYYMMDDTHHMMSSZ` for a time in milliseconds since the epoch (sub-second part dropped). */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-27T12:03:03.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

/** A header value as received: a string, or the values in arrival order when the header was repeated. */
export type HeaderValue = string | string[];

/** Lowercased header name → value, or the values in arrival order when the header was repeated. */
export function indexHeaders(raw: readonly string[]): Map<string, HeaderValue> {
  const map = new Map<string, HeaderValue>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const previous = map.get(name);
    if (previous === undefined) map.set(name, value);
    else if (typeof previous === 'string') map.set(name, [previous, value]);
    else previous.push(value);
  }
  return map;
}

/** A header meant to occur once; repeated values are joined with `,`, which no valid value survives. */
export function single(value: HeaderValue | undefined): string | undefined {
  return value === undefined || typeof value === 'string' ? value : value.join(',');
}

/** Canonical value of a signed header: each value `Trimall`ed, repeated values joined with `,`. */
export function canonicalHeaderValue(value: HeaderValue): string {
  return typeof value === 'string' ? trimAll(value) : value.map(trimAll).join(',');
}

/** The SigV4 credential scope terminator. */
export const TERMINATOR = 'aws4_request';

const KEY_CACHE_LIMIT = 1000;
/** Derived signing keys by (date, region, service, secret); the oldest entry goes when the cache is full. */
const keyCache = new Map<string, HmacSha256>();

/**
 * The SigV4 signing key `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, cached with
 * its HMAC pads: a request's signature is then two one-shot hashes (see src/shared/hmac-sha256.ts).
 */
export function signingKey(secret: string, date: string, region: string, service: string): HmacSha256 {
  const last = lastKey;
  if (last !== undefined && last.secret === secret && last.date === date && last.region === region && last.service === service) return last.key;
  const key = cachedKey(secret, date, region, service);
  lastKey = { secret, date, region, service, key };
  return key;
}

/** The key of the last request: most requests in a row come from the same key, region and day. */
let lastKey: { secret: string; date: string; region: string; service: string; key: HmacSha256 } | undefined;

function cachedKey(secret: string, date: string, region: string, service: string): HmacSha256 {
  const id = `${date}\n${region}\n${service}\n${secret}`;
  let key = keyCache.get(id);
  if (key === undefined) {
    const kDate = createHmac('sha256', 'AWS4' + secret).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = new HmacSha256(createHmac('sha256', kService).update(TERMINATOR).digest());
    setBounded(keyCache, id, key, KEY_CACHE_LIMIT);
  }
  return key;
}

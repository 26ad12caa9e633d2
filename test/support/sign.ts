/**
 * A tiny SigV4 signer for tests, written independently of src/auth so that it cross-checks the verifier.
 * It signs the way the AWS SDKs do for non-S3 services: the raw path is encoded once more, query values are
 * decoded and RFC 3986-encoded, every given header is signed.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignInput {
  method: string;
  /** Request-target as it will be sent, already percent-encoded: `/phone-numbers/%2B12065550100?x=a%20b`. */
  target: string;
  /** Headers to send and sign; must include `host` (as the HTTP client will send it, e.g. `127.0.0.1:8080`). */
  headers: Record<string, string>;
  body?: string | Buffer;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  date: Date;
  /** Adds and signs `x-amz-security-token`. */
  sessionToken?: string;
  /** Adds and signs `x-amz-content-sha256`, as the JS SDK does. */
  contentSha256?: boolean;
}

const strictEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * The canonical path and query of a request-target as sent (already percent-encoded), as the AWS SDKs compute them
 * for non-S3 services: the path encoded once more, query pairs decoded, RFC 3986-encoded and sorted.
 */
export function canonicalTarget(target: string): { path: string; query: string } {
  const [path = '/', query = ''] = target.split(/\?(.*)/s);
  const canonicalQuery = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return [strictEncode(decodeURIComponent(key)), strictEncode(decodeURIComponent(value))] as const;
    })
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return { path: strictEncode(path).replace(/%2F/g, '/'), query: canonicalQuery };
}

/** `YYYYMMDDTHHMMSSZ` of a date. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Signs a request; returns the headers to send: the given ones plus `x-amz-date`, `authorization` and, when asked,
 * `x-amz-security-token` / `x-amz-content-sha256` (all lowercase names).
 */
export function signRequest(input: SignInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  if (headers['host'] === undefined) throw new Error('signRequest: headers must include host');
  const body = input.body ?? '';
  const payloadHash = sha256(body);
  const stamp = amzDate(input.date);
  headers['x-amz-date'] = stamp;
  if (input.sessionToken !== undefined) headers['x-amz-security-token'] = input.sessionToken;
  if (input.contentSha256) headers['x-amz-content-sha256'] = payloadHash;

  const { path: canonicalPath, query: canonicalQuery } = canonicalTarget(input.target);
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');

  const scope = `${stamp.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac('AWS4' + input.secretAccessKey, stamp.slice(0, 8));
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  headers['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** Flattens a header record into node's `rawHeaders` shape: `[name, value, name, value, ...]`. */
export function toRawHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers).flat();
}

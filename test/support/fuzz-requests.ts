/**
 * fast-check arbitraries for fuzzing the front door: requests built from the model's operations, then mutated in
 * method, path, query, headers, body and encoding, and signed (after mutation, so they reach the protocol layer),
 * left unsigned, signed with a wrong secret, or tampered with after signing.
 */
import fc from 'fast-check';
import { wiringTemplate } from './fuzz-wiring.ts';
import { signRequest } from './sign.ts';

export interface FuzzRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
  /** How the request is authenticated. */
  auth: 'signed' | 'unsigned' | 'wrong-secret' | 'tampered';
  /** Which of the test accounts signs it. */
  signer: number;
  /** Declared Content-Length differs from the body: 'shorter' pipelines the rest, 'longer' waits for the timeout. */
  length: 'exact' | 'shorter' | 'longer';
}

export const SIGNERS = [
  { accessKeyId: 'test', secretAccessKey: 'test' },
  { accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret' },
  { accessKeyId: 'AKIDBOB', secretAccessKey: 'bob-secret' },
];

const NUMBERS = Array.from({ length: 40 }, (_, i) => `+1206555${String(100 + i).padStart(4, '0')}`);
const ORDER_IDS = ['6f1c3a4e-0000-4000-8000-000000000000', '00000000-0000-0000-0000-000000000000', 'not-a-uuid'];

const absurd = fc.constantFrom('1e309', '-1', '0', 'abc', '99999999999999999999', '0x10', '1.5', '', '%20', 'NaN', '100', '5', '%FF', '%', '%zz');
const encoded = fc.string({ unit: 'binary', maxLength: 20 }).map((s) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, UTF-8-encoded the only way it can be: invalid
  }
});
const pathTrick = fc.constantFrom('..', '%2e%2e', '%252e%252e', '%00', '%2500', '%C0%AE', '%E2%98%8E', '', 'a'.repeat(300), '%2B', '%252B12065550100', '.', '%2F');
const numberId = fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMBERS).map((n) => encodeURIComponent(n)), fc.constantFrom(...NUMBERS).map((n) => n.slice(1)));
const label = fc.oneof({ weight: 5, arbitrary: numberId }, { weight: 2, arbitrary: pathTrick }, { weight: 2, arbitrary: encoded }, { weight: 1, arbitrary: fc.constantFrom(...ORDER_IDS) });
const numbers = fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }), { minLength: 0, maxLength: 6 });
const productType = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('VoiceConnector', 'BusinessCalling', 'SipMediaApplicationDialIn') }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });

/** A request before mutation: what an operation's input looks like on the wire. */
export interface Template {
  method: string;
  path: string;
  query: [string, string][];
  body?: Record<string, unknown>;
  /** Headers the operation's input binds (`location: header`), sent before the fuzzed ones. */
  headers?: [string, string][];
}

/**
 * One valid-looking request per implemented operation (and some others), before mutation; the wiring operations (voice
 * connectors, groups, SIP, associations) come from fuzz-wiring.ts.
 */
const weighted = (weight: number, arbitrary: fc.Arbitrary<Template>): fc.WeightedArbitrary<Template> => ({ weight, arbitrary });
export const template: fc.Arbitrary<Template> = fc.oneof(
  weighted(6, fc.record({ productType, numbers }).map(({ productType: p, numbers: n }) => ({ method: 'POST', path: '/phone-number-orders', query: [], body: { ProductType: p, E164PhoneNumbers: n } }))),
  weighted(2, fc.constantFrom(...ORDER_IDS).map((id) => ({ method: 'GET', path: `/phone-number-orders/${id}`, query: [] }))),
  weighted(3, fc.option(absurd).map((m) => ({ method: 'GET', path: '/phone-number-orders', query: m === null ? [] : [['max-results', m] as [string, string]] }))),
  weighted(2, fc.constantFrom('206', '212', '800', 'abc').map((a) => ({ method: 'GET', path: '/search', query: [['type', 'phone-numbers'], ['area-code', a], ['max-results', '3']] as [string, string][] }))),
  weighted(1, fc.constant<Template>({ method: 'GET', path: '/phone-number-countries', query: [['product-type', 'VoiceConnector']] as [string, string][] })),
  weighted(3, fc.constantFrom('Unassigned', 'AcquireFailed', 'x').map((s) => ({ method: 'GET', path: '/phone-numbers', query: [['status', s]] as [string, string][] }))),
  weighted(3, label.map((id) => ({ method: 'GET', path: `/phone-numbers/${id}`, query: [] }))),
  weighted(3, fc.tuple(label, fc.oneof(fc.record({ CallingName: fc.string({ maxLength: 20 }) }), fc.record({ ProductType: productType }))).map(([id, body]) => ({ method: 'POST', path: `/phone-numbers/${id}`, query: [], body }))),
  weighted(2, fc.array(numberId, { maxLength: 5 }).map((ids) => ({ method: 'POST', path: '/phone-numbers', query: [['operation', 'batch-update']] as [string, string][], body: { UpdatePhoneNumberRequestItems: ids.map((PhoneNumberId) => ({ PhoneNumberId, CallingName: 'Fuzz' })) } }))),
  weighted(3, label.map((id) => ({ method: 'DELETE', path: `/phone-numbers/${id}`, query: [] }))),
  weighted(2, fc.array(numberId, { maxLength: 5 }).map((ids) => ({ method: 'POST', path: '/phone-numbers', query: [['operation', 'batch-delete']] as [string, string][], body: { PhoneNumberIds: ids } }))),
  weighted(2, label.map((id) => ({ method: 'POST', path: `/phone-numbers/${id}`, query: [['operation', 'restore']] as [string, string][] }))),
  weighted(1, fc.constant<Template>({ method: 'GET', path: '/settings/phone-number', query: [] })),
  weighted(1, fc.string({ maxLength: 20 }).map((name) => ({ method: 'PUT', path: '/settings/phone-number', query: [], body: { CallingName: name } }))),
  weighted(1, fc.constant<Template>({ method: 'GET', path: '/settings', query: [] })),
  weighted(1, fc.tuple(fc.constantFrom('cdrs', 'Bad_Bucket', '', 'a..b', '10.0.0.1'), fc.constantFrom('VoiceConnector', 'BusinessCalling')).map(([CdrBucket, part]) => ({ method: 'PUT', path: '/settings', query: [], body: { [part]: { CdrBucket } } }))),
  weighted(1, fc.constant<Template>({ method: 'POST', path: '/accounts/a1/users/u1', query: [['operation', 'associate-phone-number']] as [string, string][], body: { E164PhoneNumber: NUMBERS[0] } })),
  weighted(1, fc.constantFrom('health', 'limits', 'ready', 'nope', '../phone-number-orders').map((p) => ({ method: 'GET', path: `/_dialtone/${p}`, query: [] }))),
  weighted(1, encoded.map((p) => ({ method: 'GET', path: `/${p}`, query: [] }))),
  weighted(10, wiringTemplate),
);

export type Mutation = (t: Template) => Template;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.constant((t: Template) => t) },
  { weight: 2, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS').map((m) => (t: Template) => ({ ...t, method: m })) },
  { weight: 1, arbitrary: fc.constantFrom('get', 'BREW', 'CONNECT', 'TRACE', 'PROPFIND', 'G\u00c9T').map((m) => (t: Template) => ({ ...t, method: m })) },
  { weight: 2, arbitrary: pathTrick.map((p) => (t: Template) => ({ ...t, path: `${t.path}/${p}` })) },
  { weight: 1, arbitrary: fc.constant((t: Template) => ({ ...t, path: t.path.replace(/\/[^/]*$/, '/..') })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('max-results', 'next-token', 'status', 'product-type', 'type', 'operation', 'x'), fc.oneof(absurd, encoded)).map(([k, v]) => (t: Template) => ({ ...t, query: [...t.query, [k, v] as [string, string]] })) },
  { weight: 1, arbitrary: fc.constant((t: Template) => ({ ...t, query: [...t.query, ...t.query] })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('ProductType', 'E164PhoneNumbers', 'CallingName', 'PhoneNumberIds', 'UpdatePhoneNumberRequestItems', 'ForceAssociate', 'TargetApplications', 'VoiceConnectorItems', 'Extra'), fc.jsonValue({ maxDepth: 4 })).map(([k, v]) => (t: Template) => ({ ...t, body: { ...(t.body ?? {}), [k]: v } })) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => (t: Template) => ({ ...t, body: { ...(t.body ?? {}), E164PhoneNumbers: Array.from({ length: n }, (_, i) => `+1206${String(i).padStart(7, '0')}`) } })) },
);

/** The body as bytes, possibly broken: truncated, invalid UTF-8, random bytes, deep nesting, or a non-object. */
export const bodyEncoding = fc.oneof(
  { weight: 12, arbitrary: fc.constant((text: string) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.nat().map((n) => (text: string) => Buffer.from(text.slice(0, n % (text.length + 1)))) },
  { weight: 1, arbitrary: fc.nat().map((n) => (text: string) => { const b = Buffer.from(text); const at = n % (b.length + 1); return Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xc0, 0x80]), b.subarray(at)]); }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => () => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((d) => () => Buffer.from(`{"E164PhoneNumbers":${'['.repeat(d)}${']'.repeat(d)}}`)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => () => Buffer.from(JSON.stringify(v) ?? 'null')) },
);

export const extraHeader = fc.oneof(
  fc.tuple(fc.constant('content-type'), fc.constantFrom('application/json', 'text/plain', 'application/x-amz-json-1.1', 'application/json; charset=latin1', '', 'application/vnd+json')),
  fc.tuple(fc.constant('x-amz-content-sha256'), fc.constantFrom('UNSIGNED-PAYLOAD', '0'.repeat(64), 'xyz')),
  fc.tuple(fc.constant('content-encoding'), fc.constantFrom('gzip', 'identity', 'br')),
  fc.tuple(fc.constant('x-amz-security-token'), fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
  fc.tuple(fc.stringMatching(/^x-[a-z]{1,12}$/), fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
  fc.tuple(fc.constantFrom('expect', 'upgrade', 'transfer-encoding'), fc.constantFrom('100-continue', 'bogus', 'websocket', 'gzip', 'h2c')),
  fc.tuple(fc.constantFrom('x-raw', 'bad header', 'x-\u00e9'), fc.constantFrom('\u0001', '\u00ff\u00fe', 'a\tb', '\u007f', 'caf\u00e9')),
);

/**
 * Fuzzed requests from `templates`: up to three mutations, a body encoding, up to three extra headers, an
 * authentication and a declared length. `longerWeight` > 0 (an integer) also declares bodies longer than sent, in
 * `longerWeight` of 410 + `longerWeight` requests: those end only at the server's request timeout.
 */
export function requestsFrom(templates: fc.Arbitrary<Template>, options: { longerWeight?: number } = {}): fc.Arbitrary<FuzzRequest> {
  const length: fc.Arbitrary<FuzzRequest['length']> = options.longerWeight
    ? fc.oneof(
        { weight: 400, arbitrary: fc.constant('exact' as const) },
        { weight: 10, arbitrary: fc.constant('shorter' as const) },
        { weight: options.longerWeight, arbitrary: fc.constant('longer' as const) },
      )
    : fc.oneof({ weight: 40, arbitrary: fc.constant('exact' as const) }, { weight: 1, arbitrary: fc.constant('shorter' as const) });
  return fc
    .record({
      template: templates,
      mutations: fc.array(mutation, { maxLength: 3 }),
      encode: bodyEncoding,
      headers: fc.array(extraHeader, { maxLength: 3 }),
      auth: fc.oneof(
        { weight: 14, arbitrary: fc.constant('signed' as const) },
        { weight: 3, arbitrary: fc.constant('unsigned' as const) },
        { weight: 1, arbitrary: fc.constant('wrong-secret' as const) },
        { weight: 2, arbitrary: fc.constant('tampered' as const) },
      ),
      signer: fc.integer({ min: 0, max: SIGNERS.length - 1 }),
      length,
    })
    .map(({ template: t0, mutations, encode, headers, auth, signer, length }) => {
      const t = mutations.reduce((acc, m) => m(acc), t0);
      const query = t.query.map(([k, v]) => `${k}=${v}`).join('&');
      const body = t.body === undefined && t.method !== 'POST' && t.method !== 'PUT' ? Buffer.alloc(0) : encode(JSON.stringify(t.body ?? {}));
      const bound = t.headers ?? [];
      const hasType = [...bound, ...headers].some(([name]) => name === 'content-type');
      return {
        method: t.method,
        target: query === '' ? t.path : `${t.path}?${query}`,
        headers: [...(body.length > 0 && !hasType ? [['content-type', 'application/json'] as [string, string]] : []), ...bound, ...headers],
        body,
        auth,
        signer,
        length,
      };
    });
}

/**
 * A fuzzed request of the operations dialtone implements (and a few others). No 'longer' bodies: one never completes
 * and only ends at the request timeout, which the hardening tests cover.
 */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = requestsFrom(template);

/** The bytes to write for `request` to `host`: signed as asked, `connection: close`. */
export function wireBytes(request: FuzzRequest, host: string, now: Date): Buffer {
  let headers: Record<string, string> = { host };
  for (const [name, value] of request.headers) headers[name] = value;
  const creds = SIGNERS[request.signer]!;
  if (request.auth !== 'unsigned') {
    try {
      headers = signRequest({
        method: request.method,
        target: request.target,
        headers,
        body: request.body,
        accessKeyId: creds.accessKeyId,
        secretAccessKey: request.auth === 'wrong-secret' ? 'wrong' : creds.secretAccessKey,
        region: 'us-east-1',
        service: 'chime',
        date: now,
      });
    } catch {
      headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260101/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    }
  }
  let body = request.body;
  if (request.auth === 'tampered') body = Buffer.concat([body, Buffer.from(' ')]);
  const declared = request.length === 'shorter' ? Math.max(0, body.length - 3) : request.length === 'longer' ? body.length + 5 : body.length;
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body.length > 0 || request.length !== 'exact') lines.push(`content-length: ${declared}`);
  lines.push('connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

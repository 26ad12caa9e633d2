import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AuthError, type AuthErrorType } from '../../src/auth/auth-error.ts';
import { checkSigV4Headers, verifySigV4, verifySignature, type SignedRequest, type VerifyOptions } from '../../src/auth/sigv4.ts';
import { formatAmzDate, parseAmzDate } from '../../src/auth/sigv4-canonical.ts';
import { signRequest, toRawHeaders } from '../support/sign.ts';

interface Vector {
  name: string;
  client: string;
  method: string;
  target: string;
  headers: [string, string][];
  bodyBase64: string;
  secretAccessKey: string;
  now: string;
  expect: 'valid' | 'invalid:signature' | 'invalid:scope' | 'invalid:expired' | 'invalid:malformed';
}

interface Credential {
  secretAccessKey: string;
  accountId: string;
}

const { vectors } = JSON.parse(
  readFileSync(new URL('../fixtures/sigv4-real-clients.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

/** `YYYYMMDDTHHMMSSZ` → Date. */
function parseStamp(stamp: string): Date {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  return new Date(iso);
}

function options(secretAccessKey: string, now: Date, extra: Partial<VerifyOptions<Credential>> = {}): VerifyOptions<Credential> {
  return {
    service: 'chime',
    now,
    lookup: (id) => (id === 'AKIDVECTOR' || id === 'AKIDTEST' ? { secretAccessKey, accountId: 'acct-1' } : undefined),
    ...extra,
  };
}

function requestOf(v: Vector): SignedRequest {
  return { method: v.method, target: v.target, rawHeaders: v.headers.flat(), body: Buffer.from(v.bodyBase64, 'base64') };
}

function scopeRegion(v: Vector): string {
  const auth = v.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
  return /Credential=[^/]*\/\d{8}\/([^/]*)\//.exec(auth)?.[1] ?? '';
}

/** Asserts `fn` throws an AuthError of `type` (and `message`, when given) and returns it. */
function assertAuthError(fn: () => unknown, type: AuthErrorType, message?: string): AuthError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof AuthError, `expected AuthError ${type}, got ${String(caught)}`);
  assert.equal(caught.type, type, caught.message);
  assert.equal(caught.status, 403);
  if (message !== undefined) assert.equal(caught.message, message);
  return caught;
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** `Date` → `YYYYMMDDTHHMMSSZ`. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Why an invalid vector must be refused, worked out from the vector itself (its headers, body, scope and clock), so
 * that a vector refused for another reason than the one it was made for fails.
 */
function expectedRefusal(v: Vector): { type: AuthErrorType; message: string } {
  const header = (name: string): string | undefined => v.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const authorization = header('authorization');
  switch (v.expect) {
    case 'invalid:expired': {
      const now = parseStamp(v.now).getTime();
      const earliest = stamp(new Date(now - 15 * 60_000));
      return { type: 'InvalidSignatureException', message: `Signature expired: ${header('x-amz-date')} is now earlier than ${earliest} (${v.now} - 15 min.)` };
    }
    case 'invalid:scope': {
      const service = /Credential=[^/]*\/\d{8}\/[^/]*\/([^/]*)\//.exec(authorization ?? '')?.[1];
      assert.ok(service !== undefined && service !== 'chime', `a scope vector scoped to another service: ${service}`);
      return { type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'chime'. " };
    }
    case 'invalid:signature': {
      const declared = header('x-amz-content-sha256');
      const body = Buffer.from(v.bodyBase64, 'base64');
      if (declared !== undefined && declared !== createHash('sha256').update(body).digest('hex')) {
        return { type: 'InvalidSignatureException', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
      }
      return { type: 'InvalidSignatureException', message: MISMATCH };
    }
    case 'invalid:malformed': {
      if (authorization === undefined) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
      if (header('x-amz-date') === undefined) {
        return {
          type: 'IncompleteSignatureException',
          message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
        };
      }
      const signature = /Signature=([^,\s]*)/.exec(authorization)?.[1] ?? '';
      assert.doesNotMatch(signature, /^[0-9a-f]{64}$/, 'a malformed vector has no date or a malformed signature');
      return {
        type: 'IncompleteSignatureException',
        message: `Authorization header 'Signature' must be 64 hexadecimal characters. Authorization=${authorization}`,
      };
    }
    case 'valid':
      return assert.fail('a valid vector is not refused');
  }
}

describe('verifySigV4 against real-client vectors', () => {
  // 42 requests as the clients sent them, and 486 variants derived from them (test/fixtures/README.md).
  assert.equal(vectors.length, 528);
  assert.equal(vectors.filter((v) => v.name.endsWith('(as sent)')).length, 42);
  vectors.forEach((v, i) => {
    test(`${v.name} #${i} → ${v.expect}`, () => {
      const run = () => verifySigV4(requestOf(v), options(v.secretAccessKey, parseStamp(v.now)));
      if (v.expect === 'valid') {
        const verified = run();
        assert.equal(verified.accessKeyId, 'AKIDVECTOR');
        assert.equal(verified.region, scopeRegion(v));
        assert.equal(verified.credential.accountId, 'acct-1');
        return;
      }
      const { type, message } = expectedRefusal(v);
      assertAuthError(run, type, message);
    });
  });
});

const SECRET = 'test/secret+key';
const SIGNED_AT = new Date('2026-11-27T12:03:03Z');
const BODY = JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100'] });

/** A copy of `headers` without `name`. */
function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([n]) => n !== name));
}

function signed(
  overrides: Partial<Parameters<typeof signRequest>[0]> = {},
): { req: SignedRequest; headers: Record<string, string> } {
  const input = {
    method: 'POST',
    target: '/phone-numbers/%2B12065550100?operation=restore&x=a%20b%2Bc~%2A&empty',
    headers: { host: '127.0.0.1:8080', 'content-type': 'application/json', 'user-agent': '  test   agent ' },
    body: BODY,
    accessKeyId: 'AKIDTEST',
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'chime',
    date: SIGNED_AT,
    ...overrides,
  };
  const headers = signRequest(input);
  return {
    headers,
    req: { method: input.method, target: input.target, rawHeaders: toRawHeaders(headers), body: Buffer.from(input.body) },
  };
}

describe('checkSigV4Headers, then verifySignature with the body', () => {
  test('verifies what verifySigV4 verifies, with the credential\'s secret or another one', () => {
    const { req } = signed();
    const head = { method: req.method, target: req.target, rawHeaders: req.rawHeaders };
    const checked = checkSigV4Headers(head, options(SECRET, SIGNED_AT));
    assert.equal(verifySignature(req, checked).accessKeyId, 'AKIDTEST');
    assertAuthError(() => verifySignature({ ...req, body: Buffer.from(`${BODY} `) }, checked), 'InvalidSignatureException');
    const rotated = checkSigV4Headers(head, options('the new secret', SIGNED_AT));
    assertAuthError(() => verifySignature(req, rotated), 'InvalidSignatureException');
    assert.equal(verifySignature(req, rotated, SECRET).credential.secretAccessKey, 'the new secret');
  });

  test('refuses before the body what verifySigV4 refuses on the headers', () => {
    const { req } = signed();
    const head = { method: req.method, target: req.target, rawHeaders: req.rawHeaders };
    assertAuthError(() => checkSigV4Headers(head, options(SECRET, new Date('2026-11-27T12:28:05Z'))), 'InvalidSignatureException');
    assertAuthError(() => checkSigV4Headers({ ...head, rawHeaders: [] }, options(SECRET, SIGNED_AT)), 'MissingAuthenticationTokenException');
  });
});

describe('verifySigV4', () => {
  test('a request signed by the test signer verifies', () => {
    const { req } = signed({ sessionToken: 'session/token==', contentSha256: true });
    const verified = verifySigV4(req, options(SECRET, SIGNED_AT));
    assert.deepEqual(verified, { accessKeyId: 'AKIDTEST', region: 'us-east-1', credential: { secretAccessKey: SECRET, accountId: 'acct-1' } });
  });

  test('an empty-bodied GET with no query verifies', () => {
    const { req } = signed({ method: 'GET', target: '/phone-number-orders', body: '' });
    assert.equal(verifySigV4(req, options(SECRET, SIGNED_AT)).region, 'us-east-1');
  });

  test('the Authorization separators may be "," without a space', () => {
    const { req, headers } = signed();
    const compact = headers['authorization']!.replace(/, /g, ',');
    const rawHeaders = toRawHeaders({ ...headers, authorization: compact });
    assert.equal(verifySigV4({ ...req, rawHeaders }, options(SECRET, SIGNED_AT)).accessKeyId, 'AKIDTEST');
  });

  test('the usual Authorization form and its other spellings read the same (parameters reordered, more spaces)', () => {
    const { req, headers } = signed();
    const usual = headers['authorization']!;
    const [algorithm, rest] = [usual.slice(0, usual.indexOf(' ')), usual.slice(usual.indexOf(' ') + 1)];
    const [credential, signedHeaders, signature] = rest.split(', ') as [string, string, string];
    const spellings = [usual, `${algorithm} ${signature}, ${credential}, ${signedHeaders}`, `${algorithm}   ${credential},   ${signedHeaders},  ${signature}`];
    const read = spellings.map((authorization) => {
      const head = checkSigV4Headers({ ...req, rawHeaders: toRawHeaders({ ...headers, authorization }) }, options(SECRET, SIGNED_AT));
      return { auth: head.auth, verified: verifySignature({ ...req, rawHeaders: toRawHeaders({ ...headers, authorization }) }, head) };
    });
    for (const other of read.slice(1)) assert.deepEqual(other, read[0]);
    assert.deepEqual(read[0]!.auth.signedHeaderNames, signedHeaders.slice('SignedHeaders='.length).split(';'));
    // A SignedHeaders list without host is refused in either form, however often that list was read before.
    const withoutHost = usual.replace(/SignedHeaders=[^,]*/, 'SignedHeaders=x-amz-date');
    for (const authorization of [withoutHost, withoutHost.replace(/, /g, ',  ')]) {
      assertAuthError(
        () => checkSigV4Headers({ ...req, rawHeaders: toRawHeaders({ ...headers, authorization }) }, options(SECRET, SIGNED_AT)),
        'IncompleteSignatureException',
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      );
    }
  });

  test('an unknown access key is UnrecognizedClientException', () => {
    const { req } = signed({ accessKeyId: 'AKIDNOBODY' });
    assertAuthError(
      () => verifySigV4(req, options(SECRET, SIGNED_AT)),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  test('a body changed while x-amz-content-sha256 stays is rejected with the content-sha256 message', () => {
    const { req } = signed({ contentSha256: true });
    const tampered = { ...req, body: Buffer.from(BODY.replace('2065550100', '2075550100')) };
    assertAuthError(
      () => verifySigV4(tampered, options(SECRET, SIGNED_AT)),
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  });

  test('a signature mismatch has the AWS message', () => {
    const { req } = signed();
    assertAuthError(
      () => verifySigV4(req, options('another secret', SIGNED_AT)),
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  test('an expired signature has the AWS message', () => {
    const { req } = signed();
    assertAuthError(
      () => verifySigV4(req, options(SECRET, new Date('2026-11-27T12:28:05Z'))),
      'InvalidSignatureException',
      'Signature expired: 20261127T120303Z is now earlier than 20261127T121305Z (20261127T122805Z - 15 min.)',
    );
  });

  test('a signature from the future has the AWS message', () => {
    const { req } = signed();
    assertAuthError(
      () => verifySigV4(req, options(SECRET, new Date('2026-11-27T11:40:00Z'))),
      'InvalidSignatureException',
      'Signature not yet current: 20261127T120303Z is still later than 20261127T115500Z (20261127T114000Z + 15 min.)',
    );
  });

  test('skew of exactly maxSkewMs is accepted, one second more is not', () => {
    const { req } = signed();
    const opts = (now: string) => options(SECRET, new Date(now), { maxSkewMs: 5 * 60_000 });
    assert.ok(verifySigV4(req, opts('2026-11-27T12:08:03Z')));
    assertAuthError(() => verifySigV4(req, opts('2026-11-27T12:08:04Z')), 'InvalidSignatureException');
  });

  test('a region refused by isRegionAllowed is rejected', () => {
    const { req } = signed({ region: 'mars-north-1' });
    const allowOnly = (region: string) => region === 'us-east-1';
    assertAuthError(
      () => verifySigV4(req, options(SECRET, SIGNED_AT, { isRegionAllowed: allowOnly })),
      'InvalidSignatureException',
      'Credential should be scoped to a valid region. ',
    );
    const ok = signed({ region: 'us-east-1' });
    assert.equal(verifySigV4(ok.req, options(SECRET, SIGNED_AT, { isRegionAllowed: allowOnly })).region, 'us-east-1');
  });

  test('a scope for another service is rejected', () => {
    const { req } = signed({ service: 's3' });
    assertAuthError(
      () => verifySigV4(req, options(SECRET, SIGNED_AT)),
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'chime'. ",
    );
  });

  test('a scope date that does not match x-amz-date is rejected', () => {
    const { req, headers } = signed();
    const rawHeaders = toRawHeaders({ ...headers, authorization: headers['authorization']!.replace('/20261127/', '/20261126/') });
    assertAuthError(
      () => verifySigV4({ ...req, rawHeaders }, options(SECRET, SIGNED_AT)),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261126' != '20261127', from '20261127T120303Z'.",
    );
  });

  test('no Authorization header is MissingAuthenticationTokenException', () => {
    const { req, headers } = signed();
    assertAuthError(
      () => verifySigV4({ ...req, rawHeaders: toRawHeaders(without(headers, 'authorization')) }, options(SECRET, SIGNED_AT)),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  });

  test('incomplete authorizations are IncompleteSignatureException', () => {
    const { req, headers } = signed();
    const auth = headers['authorization']!;
    const withAuth = (value: string) => ({ ...req, rawHeaders: toRawHeaders({ ...headers, authorization: value }) });
    const noSignature = auth.replace(/, Signature=.*$/, '');
    const e = assertAuthError(() => verifySigV4(withAuth(noSignature), options(SECRET, SIGNED_AT)), 'IncompleteSignatureException');
    assert.equal(e.message, `Authorization header requires 'Signature' parameter. Authorization=${noSignature}`);
    for (const bad of [
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 ',
      'Bearer abc',
      auth.replace('Credential=AKIDTEST/', 'Credential=AKIDTEST/x/'),
      auth.replace('SignedHeaders=', 'SignedHeaders'),
      auth.replace('SignedHeaders=', 'SignedHeaders=;'),
      auth.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;'),
      auth.replace(/Signature=[0-9a-f]{64}/, 'Signature=' + 'z'.repeat(64)),
      auth + ', Signature=' + '0'.repeat(64),
    ]) {
      assertAuthError(() => verifySigV4(withAuth(bad), options(SECRET, SIGNED_AT)), 'IncompleteSignatureException');
    }
  });

  test('a missing x-amz-date or a signed header absent from the request is IncompleteSignatureException', () => {
    const { req, headers } = signed();
    const e = assertAuthError(
      () => verifySigV4({ ...req, rawHeaders: toRawHeaders(without(headers, 'x-amz-date')) }, options(SECRET, SIGNED_AT)),
      'IncompleteSignatureException',
    );
    assert.match(e.message, /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\./);
    assertAuthError(
      () => verifySigV4({ ...req, rawHeaders: toRawHeaders(without(headers, 'content-type')) }, options(SECRET, SIGNED_AT)),
      'IncompleteSignatureException',
    );
    const badDate = toRawHeaders({ ...headers, 'x-amz-date': '20261327T120303Z' });
    assertAuthError(() => verifySigV4({ ...req, rawHeaders: badDate }, options(SECRET, SIGNED_AT)), 'IncompleteSignatureException');
  });

  test('duplicate signed headers are joined with "," in arrival order', () => {
    const input = {
      method: 'GET',
      target: '/phone-numbers',
      headers: { host: 'h', 'x-custom': 'a,b c' },
      accessKeyId: 'AKIDTEST',
      secretAccessKey: SECRET,
      region: 'us-east-1',
      service: 'chime',
      date: SIGNED_AT,
    };
    const headers = signRequest(input);
    const rawHeaders = toRawHeaders(headers).flatMap((x, i, all) =>
      i % 2 === 0 && x === 'x-custom' ? ['X-Custom', ' a ', 'x-custom', 'b   c '] : i % 2 === 1 && all[i - 1] === 'x-custom' ? [] : [x],
    );
    const req = { method: 'GET', target: '/phone-numbers', rawHeaders, body: Buffer.alloc(0) };
    assert.equal(verifySigV4(req, options(SECRET, SIGNED_AT)).accessKeyId, 'AKIDTEST');
  });

  test('malformed percent-encoding and odd targets never throw anything but AuthError', () => {
    const { req } = signed();
    for (const target of ['/a%', '/a%zz/%E0%A4?x=%&y=%G1&%%=1', '/%2B?a=%E2%82%ZZ&a=%e2%82%ac', '*', '', '/\u00e9\ud800?\u00e9=\ud800&=&&']) {
      assertAuthError(() => verifySigV4({ ...req, target }, options(SECRET, SIGNED_AT)), 'InvalidSignatureException');
    }
  });

  test('query values: "+" is a literal plus, escapes are compared decoded, lowercase hex is accepted', () => {
    const { req } = signed({ method: 'GET', target: '/search?q=a+b&t=%7E%2a', body: '' });
    assert.ok(verifySigV4(req, options(SECRET, SIGNED_AT)));
    // What the client signed is q="a+b", t="~*": the same values spelled differently verify too.
    assert.ok(verifySigV4({ ...req, target: '/search?t=~%2A&q=a%2Bb' }, options(SECRET, SIGNED_AT)));
    assertAuthError(() => verifySigV4({ ...req, target: '/search?q=a%20b&t=~%2A' }, options(SECRET, SIGNED_AT)), 'InvalidSignatureException');
  });

  test('the path is normalized like the SDKs do (dot segments, repeated slashes) before being encoded again', () => {
    const { req } = signed({ method: 'GET', target: '/phone-numbers/%2B12065550100/', body: '' });
    assert.ok(verifySigV4({ ...req, target: '//phone-numbers/./x/..//%2B12065550100/' }, options(SECRET, SIGNED_AT)));
    // %2B is signed as %252B: sending the decoded "+" is a different path.
    assertAuthError(() => verifySigV4({ ...req, target: '/phone-numbers/+12065550100/' }, options(SECRET, SIGNED_AT)), 'InvalidSignatureException');
  });

  test('the signing-key cache stays correct across many secrets and regions', () => {
    for (let i = 0; i < 1100; i++) {
      const secret = `secret-${i}`;
      const { req } = signed({ secretAccessKey: secret, region: `r-${i % 7}` });
      assert.equal(verifySigV4(req, options(secret, SIGNED_AT)).region, `r-${i % 7}`);
    }
  });
});

describe('parseAmzDate', () => {
  test('reads valid instants, leap days included, and refuses what would roll over or be read as 19xx', () => {
    const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => {
      const date = new Date(0);
      date.setUTCFullYear(y, mo - 1, d);
      date.setUTCHours(h, mi, s, 0);
      return date.getTime();
    };
    const valid: [string, number][] = [
      ['20261202T112406Z', at(2026, 12, 2, 11, 24, 6)],
      ['20240229T235959Z', at(2024, 2, 29, 23, 59, 59)],
      ['20000229T000000Z', at(2000, 2, 29)],
      ['19700101T000000Z', 0],
      ['01000301T000000Z', at(100, 3, 1)],
      ['99991231T235959Z', at(9999, 12, 31, 23, 59, 59)],
    ];
    for (const [text, ms] of valid) {
      assert.equal(parseAmzDate(text), ms, text);
      assert.equal(formatAmzDate(ms), text, text);
    }
    for (const text of ['20250229T000000Z', '19000229T000000Z', '20261301T000000Z', '20260001T000000Z', '20260431T000000Z', '20260100T000000Z',
      '20260101T240000Z', '20260101T006000Z', '20260101T000060Z', '00500101T000000Z', '00991231T235959Z', '2026-01-01T00:00:00Z', '20260101T000000']) {
      assert.equal(parseAmzDate(text), undefined, text);
    }
  });

  test('the same text read again in a row, or again after others, answers its own instant each time', () => {
    const sequence = ['20261202T112406Z', '20261202T112406Z', '20261202T112407Z', '20260229T000000Z', '20261202T112406Z', '20261202T112406Z', 'x', '20261202T112406Z'];
    const expected = [1_796_210_646_000, 1_796_210_646_000, 1_796_210_647_000, undefined, 1_796_210_646_000, 1_796_210_646_000, undefined, 1_796_210_646_000];
    assert.deepEqual(sequence.map(parseAmzDate), expected);
  });
});

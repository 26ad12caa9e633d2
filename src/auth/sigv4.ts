/**
 * Server-side verification of AWS Signature Version 4 (header form, `AWS4-HMAC-SHA256`) for a non-S3 service.
 * The payload hash is always computed from the received body; the `x-amz-content-sha256` header, when a client
 * sends one, is only checked against it, never trusted.
 */
import { timingSafeEqual } from 'node:crypto';
import { setBounded } from '../shared/bounded-map.ts';
import { AuthError } from './auth-error.ts';
import {
  EMPTY_SHA256,
  TERMINATOR,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  formatAmzDate,
  indexHeaders,
  parseAmzDate,
  sha256Hex,
  signingKey,
  single,
} from './sigv4-canonical.ts';

/** A request as received, before any parsing that could alter what was signed. */
export interface SignedRequest {
  method: string;
  /** Raw request-target as received, still percent-encoded, e.g. `/phone-numbers/%2B1206?x=a%20b`. */
  target: string;
  /** Flat `[name, value, name, value, ...]` exactly like node's `IncomingMessage.rawHeaders` (duplicates possible). */
  rawHeaders: readonly string[];
  body: Buffer;
}

export interface VerifyOptions<C extends { secretAccessKey: string }> {
  /** The signing name the credential scope must carry, e.g. `chime`. */
  service: string;
  /** The server clock. */
  now: Date;
  /** Largest accepted distance between `now` and `x-amz-date`; 15 minutes by default, as AWS. */
  maxSkewMs?: number;
  /** The credential of an access key id, or `undefined` when the key is unknown. */
  lookup(accessKeyId: string): C | undefined;
  /** Whether the scope's region is acceptable; every region is when omitted. */
  isRegionAllowed?(region: string): boolean;
}

export interface Verified<C> {
  credential: C;
  accessKeyId: string;
  region: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

export interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  /** SignedHeaders exactly as sent (it is part of the canonical request). */
  signedHeaders: string;
  /** The same names, lowercased, in order. */
  signedHeaderNames: readonly string[];
  signature: string;
}

const incomplete = (message: string) => new AuthError('IncompleteSignatureException', message);
const invalid = (message: string) => new AuthError('InvalidSignatureException', message);

/**
 * Verifies the SigV4 `Authorization` header of `req` and returns the credential it was signed with.
 *
 * @throws {AuthError} `MissingAuthenticationTokenException` without an Authorization header;
 *   `IncompleteSignatureException` when the authorization, `x-amz-date` or a signed header is missing or malformed;
 *   `InvalidSignatureException` for a wrong scope, clock skew beyond `maxSkewMs`, a body that does not match
 *   `x-amz-content-sha256`, or a signature mismatch; `UnrecognizedClientException` for an unknown access key.
 */
export function verifySigV4<C extends { secretAccessKey: string }>(
  req: SignedRequest,
  options: VerifyOptions<C>,
): Verified<C> {
  return verifySignature(req, inspect(req, options));
}

/**
 * What {@link checkSigV4Headers} read from the headers, so that the signature is verified once the body has arrived
 * without parsing them again.
 */
export interface SigV4Head<C> {
  readonly credential: C;
  readonly headers: ReturnType<typeof indexHeaders>;
  readonly auth: ParsedAuthorization;
  readonly amzDate: string;
}

/**
 * The signature of `req` (the request whose headers `head` was read from, now with its body), computed with
 * `secretAccessKey` (by default the credential's own). Throws as {@link verifySigV4} does.
 */
export function verifySignature<C extends { secretAccessKey: string }>(
  req: SignedRequest,
  head: SigV4Head<C>,
  secretAccessKey: string = head.credential.secretAccessKey,
): Verified<C> {
  const { headers, auth, amzDate, credential } = head;
  const payloadHash = req.body.length === 0 ? EMPTY_SHA256 : sha256Hex(req.body);
  const declaredHash = headers.get('x-amz-content-sha256');
  if (declaredHash !== undefined && single(declaredHash) !== payloadHash) {
    throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  const q = req.target.indexOf('?');
  let canonical =
    req.method +
    '\n' +
    canonicalUri(q === -1 ? req.target : req.target.slice(0, q)) +
    '\n' +
    (q === -1 ? '' : canonicalQuery(req.target.slice(q + 1))) +
    '\n';
  for (const name of auth.signedHeaderNames) {
    canonical += name + ':' + canonicalHeaderValue(headers.get(name)!) + '\n';
  }
  canonical += '\n' + auth.signedHeaders + '\n' + payloadHash;

  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/${TERMINATOR}`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const expected = signingKey(secretAccessKey, auth.scopeDate, auth.region, auth.service).bytes(stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'))) {
    throw invalid(
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { credential, accessKeyId: auth.accessKeyId, region: auth.region };
}

/**
 * Everything SigV4 checks before the body: the Authorization header, the date and its skew, the scope, and that the
 * key exists. A request that fails here can be refused before its body is read, so a client without a valid key
 * cannot make the server hold its upload. Throws as {@link verifySigV4} does; answers what it read (the key's credential among it), for {@link verifySignature}.
 */
export function checkSigV4Headers<C extends { secretAccessKey: string }>(req: Omit<SignedRequest, 'body'>, options: VerifyOptions<C>): SigV4Head<C> {
  return inspect(req, options);
}

function inspect<C extends { secretAccessKey: string }>(req: Omit<SignedRequest, 'body'>, options: VerifyOptions<C>): SigV4Head<C> {
  const headers = indexHeaders(req.rawHeaders);
  const authorization = single(headers.get('authorization'));
  if (authorization === undefined) {
    throw new AuthError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(authorization);

  const amzDate = single(headers.get('x-amz-date'));
  if (amzDate === undefined) {
    throw incomplete(
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
    );
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  for (const name of auth.signedHeaderNames) {
    if (!headers.has(name)) {
      throw incomplete(`Signed header '${name}' is not present in the request. Authorization=${authorization}`);
    }
  }

  if (auth.terminator !== TERMINATOR) {
    throw invalid(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${auth.terminator}'. `);
  }
  if (auth.service !== options.service) {
    throw invalid(`Credential should be scoped to correct service: '${options.service}'. `);
  }
  if (auth.region === '' || (options.isRegionAllowed !== undefined && !options.isRegionAllowed(auth.region))) {
    throw invalid('Credential should be scoped to a valid region. ');
  }
  const date8 = amzDate.slice(0, 8);
  if (auth.scopeDate !== date8) {
    throw invalid(
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${auth.scopeDate}' != '${date8}', from '${amzDate}'.`,
    );
  }
  checkSkew(amzDate, signedAt, options.now.getTime(), options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);

  const credential = options.lookup(auth.accessKeyId);
  if (credential === undefined) {
    throw new AuthError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  return { headers, auth, amzDate, credential };
}

/**
 * The form every SDK and CLI sends: the three parameters in this order, one space or none after each comma, the scope
 * of five parts without spaces and a signature of 64 hexadecimal digits. What it matches, the general parse below
 * reads the same way; anything else (another order, more spacing, a parameter more or missing) goes through it.
 */
const USUAL_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]*)\/([^/,\s]*)\/([^/,\s]*)\/([^/,\s]*)\/([^/,\s]*), ?SignedHeaders=([^,\s]*), ?Signature=([0-9a-fA-F]{64})$/;

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` (any spacing after the commas). */
function parseAuthorization(authorization: string): ParsedAuthorization {
  const usual = USUAL_AUTHORIZATION.exec(authorization);
  if (usual !== null) {
    const signedHeaders = usual[6]!;
    return {
      accessKeyId: usual[1]!,
      scopeDate: usual[2]!,
      region: usual[3]!,
      service: usual[4]!,
      terminator: usual[5]!,
      signedHeaders,
      signedHeaderNames: signedHeaderNamesOf(signedHeaders, authorization),
      signature: usual[7]!,
    };
  }
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'. Authorization=${authorization}`);
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const rawPart of authorization.slice(space + 1).split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw incomplete(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`);
    }
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === 'Credential' || name === 'SignedHeaders' || name === 'Signature') {
      if ((name === 'Credential' ? credential : name === 'SignedHeaders' ? signedHeaders : signature) !== undefined) {
        throw incomplete(`Authorization header has more than one '${name}' parameter. Authorization=${authorization}`);
      }
      if (name === 'Credential') credential = value;
      else if (name === 'SignedHeaders') signedHeaders = value;
      else signature = value;
    }
  }
  let missing = '';
  if (credential === undefined) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature === undefined) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (credential === undefined || signature === undefined || signedHeaders === undefined) {
    throw incomplete(`${missing}Authorization=${authorization}`);
  }
  if (!SIGNATURE.test(signature)) {
    throw incomplete(`Authorization header 'Signature' must be 64 hexadecimal characters. Authorization=${authorization}`);
  }

  const scope = credential.split('/');
  if (scope.length !== 5) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const signedHeaderNames = signedHeaderNamesOf(signedHeaders, authorization);
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  return { accessKeyId, scopeDate, region, service, terminator, signedHeaders, signedHeaderNames, signature };
}

/** The lowercased names of `SignedHeaders`, by its text (a client signs the same few lists again and again). */
const signedHeaderLists = new Map<string, readonly string[]>();
const SIGNED_HEADER_LISTS = 256;

function signedHeaderNamesOf(signedHeaders: string, authorization: string): readonly string[] {
  const known = signedHeaderLists.get(signedHeaders);
  if (known !== undefined) return known;
  const names = signedHeaders.toLowerCase().split(';');
  if (names.includes('')) {
    throw incomplete(`Authorization header has an empty name in 'SignedHeaders'. Authorization=${authorization}`);
  }
  if (!names.includes('host')) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  setBounded(signedHeaderLists, signedHeaders, Object.freeze(names), SIGNED_HEADER_LISTS);
  return names;
}

function checkSkew(amzDate: string, signedAt: number, now: number, maxSkewMs: number): void {
  const skew = maxSkewMs % 60_000 === 0 ? `${maxSkewMs / 60_000} min.` : `${maxSkewMs / 1000} sec.`;
  if (signedAt < now - maxSkewMs) {
    throw invalid(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - maxSkewMs)} (${formatAmzDate(now)} - ${skew})`,
    );
  }
  if (signedAt > now + maxSkewMs) {
    throw invalid(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + maxSkewMs)} (${formatAmzDate(now)} + ${skew})`,
    );
  }
}

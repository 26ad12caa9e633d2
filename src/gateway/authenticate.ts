/**
 * SigV4 on the raw request → the caller's credential, or a front-door error, in two steps:
 * 1. before the body is read: the Authorization header, date, scope and that the key exists (looked up in a cache,
 *    normally without touching the database) — a request that fails here is refused without reading its upload;
 * 2. with the body: the signature itself. A key rotated with a grace period also verifies with its former secret
 *    until the grace ends. Only then are the key's and the account's states checked, so nobody learns whether a key
 *    is disabled without holding its secret.
 */
import type { IncomingMessage } from 'node:http';
import { AuthError } from '../auth/auth-error.ts';
import type { Credential, CredentialStore } from '../auth/credentials.ts';
import { checkSigV4Headers, verifySignature, type SigV4Head } from '../auth/sigv4.ts';
import { ServiceError } from '../protocol/errors.ts';

export interface AuthenticateOptions {
  credentials: CredentialStore;
  now(): Date;
  /** Accepted scope regions; empty accepts any. */
  regions: string[];
}

export interface Caller {
  credential: Credential;
  region: string;
}

/** The access key id of an `Authorization: AWS4-HMAC-SHA256 Credential=<id>/…` header, when there is one. */
const KEY_ID = /Credential=([^/,\s]{1,256})\//;

/**
 * The first step, on the headers: resolves with the second (which takes the body and resolves with the caller) or
 * rejects, before any body is read, with a `ServiceError` the client understands.
 */
export type Authenticate = (req: IncomingMessage) => Promise<(body: Buffer) => Promise<Caller>>;

/** Builds the authentication steps. */
export function authenticator(options: AuthenticateOptions): Authenticate {
  const allowed = new Set(options.regions);
  const isRegionAllowed = allowed.size === 0 ? undefined : (region: string) => allowed.has(region);
  return async (req) => {
    const authorization = req.headers.authorization;
    const keyId = typeof authorization === 'string' ? KEY_ID.exec(authorization)?.[1] : undefined;
    const credential = keyId === undefined ? undefined : await options.credentials.lookup(keyId);
    const now = options.now();
    const head = { method: req.method ?? 'GET', target: req.url ?? '/', rawHeaders: req.rawHeaders };
    let known: SigV4Head<Credential>;
    try {
      known = checkSigV4Headers(head, { service: 'chime', now, lookup: (id) => (id === credential?.accessKeyId ? credential : undefined), isRegionAllowed });
    } catch (error) {
      if (error instanceof AuthError) throw new ServiceError(error.type, error.message, error.status);
      throw error;
    }
    return (body) => verifyBody({ ...head, body }, known, now);
  };
}

/** The second step: the signature over the body, then the key's and the account's states. */
function verifyBody(signed: { method: string; target: string; rawHeaders: string[]; body: Buffer }, head: SigV4Head<Credential>, now: Date): Promise<Caller> {
  const { credential } = head;
  const verify = (secretAccessKey?: string) => {
    const verified = verifySignature(signed, head, secretAccessKey);
    return secretAccessKey === undefined ? verified : { ...verified, credential: { ...credential, secretAccessKey } };
  };
  let verified;
  try {
    try {
      verified = verify();
    } catch (error) {
      const previous = credential.previousSecret;
      if (!(error instanceof AuthError) || error.type !== 'InvalidSignatureException' || !previous || previous.validUntil <= now.getTime()) {
        throw error;
      }
      verified = verify(previous.secretAccessKey);
    }
  } catch (error) {
    return Promise.reject(error instanceof AuthError ? new ServiceError(error.type, error.message, error.status) : error);
  }
  const caller = verified.credential;
  if (caller.enabled === false) {
    return Promise.reject(new ServiceError('UnauthorizedClientException', `The access key ${caller.accessKeyId} is disabled`, 401));
  }
  if (caller.account?.enabled === false) {
    return Promise.reject(new ServiceError('ForbiddenException', `The account ${caller.accountId} is suspended`, 403));
  }
  return Promise.resolve({ credential: caller, region: verified.region });
}

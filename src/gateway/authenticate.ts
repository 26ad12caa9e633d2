/**
 * SigV4 on the raw request → the caller's credential, or a front-door error. The credential is looked up before
 * verification (from a cache, normally without touching the database); a key rotated with a grace period also
 * verifies with its former secret until the grace ends. Only then are the key's and the account's states checked, so
 * nobody learns whether a key is disabled without holding its secret.
 */
import type { IncomingMessage } from 'node:http';
import { AuthError } from '../auth/auth-error.ts';
import type { Credential, CredentialStore } from '../auth/credentials.ts';
import { verifySigV4 } from '../auth/sigv4.ts';
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

/** Builds the authentication step: resolves with the caller, rejects with a `ServiceError` the client understands. */
export function authenticator(options: AuthenticateOptions): (req: IncomingMessage, body: Buffer) => Promise<Caller> {
  const allowed = new Set(options.regions);
  const isRegionAllowed = allowed.size === 0 ? undefined : (region: string) => allowed.has(region);
  return async (req, body) => {
    const authorization = req.headers.authorization;
    const keyId = typeof authorization === 'string' ? KEY_ID.exec(authorization)?.[1] : undefined;
    const credential = keyId === undefined ? undefined : await options.credentials.lookup(keyId);
    const now = options.now();
    const signed = { method: req.method ?? 'GET', target: req.url ?? '/', rawHeaders: req.rawHeaders, body };
    const verify = (secretAccessKey?: string) =>
      verifySigV4(signed, {
        service: 'chime',
        now,
        lookup: (id) => (credential !== undefined && id === credential.accessKeyId ? (secretAccessKey === undefined ? credential : { ...credential, secretAccessKey }) : undefined),
        isRegionAllowed,
      });
    let verified;
    try {
      try {
        verified = verify();
      } catch (error) {
        const previous = credential?.previousSecret;
        if (!(error instanceof AuthError) || error.type !== 'InvalidSignatureException' || !previous || previous.validUntil <= now.getTime()) {
          throw error;
        }
        verified = verify(previous.secretAccessKey);
      }
    } catch (error) {
      if (error instanceof AuthError) throw new ServiceError(error.type, error.message, error.status);
      throw error;
    }
    const caller = verified.credential;
    if (caller.enabled === false) {
      throw new ServiceError('UnauthorizedClientException', `The access key ${caller.accessKeyId} is disabled`, 401);
    }
    if (caller.account?.enabled === false) {
      throw new ServiceError('ForbiddenException', `The account ${caller.accountId} is suspended`, 403);
    }
    return { credential: caller, region: verified.region };
  };
}

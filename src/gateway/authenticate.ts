/** SigV4 on the raw request → the caller's credential, or a front-door error. */
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

export function authenticator(options: AuthenticateOptions): (req: IncomingMessage, body: Buffer) => Caller {
  const allowed = new Set(options.regions);
  const isRegionAllowed = allowed.size === 0 ? undefined : (region: string) => allowed.has(region);
  return (req, body) => {
    try {
      const verified = verifySigV4(
        { method: req.method ?? 'GET', target: req.url ?? '/', rawHeaders: req.rawHeaders, body },
        { service: 'chime', now: options.now(), lookup: (id) => options.credentials.lookup(id), isRegionAllowed },
      );
      return { credential: verified.credential, region: verified.region };
    } catch (error) {
      if (error instanceof AuthError) throw new ServiceError(error.type, error.message, error.status);
      throw error;
    }
  };
}

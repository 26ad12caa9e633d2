/**
 * The web console's sessions: sign-in with an access key and its secret, the session behind a cookie, and its end.
 * - The secret is compared in constant time with the key's (or, during a rotation's grace, its former one); the key
 *   must be enabled and its account active — what a SigV4 request would need.
 * - The cookie holds a random 32-byte token; the database holds only its SHA-256, so a copy of the database opens no
 *   session. Each session has its own random CSRF token.
 * - A session ends at sign-out, at `expiresAt` (sign-in + `sessionMs`), after `idleMs` without a request, or at the
 *   first request after its key was disabled or removed, moved to another account, or its account suspended.
 *   `lastSeenAt` is written at most once a minute (a write per request would cost every console read one).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CredentialStore } from '../auth/credentials.ts';
import type { ConsoleSession, ConsoleSessionRepository } from '../domain/ports/console-sessions.ts';
import type { IdSource } from '../domain/shared/ids.ts';
import type { ActiveSession, ConsoleSessionBook, SignInRefusal } from '../gateway/console/console-endpoint.ts';

/** How often a session's `lastSeenAt` is written at most. */
const TOUCH_EVERY_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ConsoleSessionsOptions {
  repository: ConsoleSessionRepository;
  credentials: CredentialStore;
  now(): Date;
  ids: IdSource;
  sessionMs: number;
  idleMs: number;
}

export class ConsoleSessions implements ConsoleSessionBook {
  readonly #o: ConsoleSessionsOptions;

  constructor(options: ConsoleSessionsOptions) {
    this.#o = options;
  }

  /** Opens a session for the key, or says why not. The token goes into the cookie and nowhere else. */
  async signIn(accessKeyId: string, secret: string): Promise<{ token: string; active: ActiveSession } | { refused: SignInRefusal }> {
    const credential = await this.#o.credentials.lookup(accessKeyId);
    const now = this.#o.now();
    if (credential === undefined) return { refused: 'unknown-key' };
    const previous = credential.previousSecret;
    const matches = sameText(secret, credential.secretAccessKey) || (previous !== undefined && previous.validUntil > now.getTime() && sameText(secret, previous.secretAccessKey));
    if (!matches) return { refused: 'wrong-secret' };
    if (credential.enabled === false) return { refused: 'key-disabled' };
    if (credential.account?.enabled === false) return { refused: 'account-suspended' };
    const token = this.#o.ids.bytes(32).toString('base64url');
    const session: ConsoleSession = {
      tokenHash: hashToken(token),
      accountId: credential.accountId,
      accessKeyId: credential.accessKeyId,
      csrfToken: this.#o.ids.bytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.#o.sessionMs),
      lastSeenAt: now,
    };
    await this.#o.repository.insert(session);
    return { token, active: { session, credential } };
  }

  /** The session of a cookie's token, when it is still open and its key may still act; ends it otherwise. */
  async resolve(token: string | undefined): Promise<ActiveSession | undefined> {
    if (token === undefined || !TOKEN.test(token)) return undefined;
    const tokenHash = hashToken(token);
    const session = await this.#o.repository.find(tokenHash);
    if (session === undefined) return undefined;
    const now = this.#o.now();
    const credential = await this.#o.credentials.lookup(session.accessKeyId);
    const ended =
      session.expiresAt.getTime() <= now.getTime() ||
      session.lastSeenAt.getTime() + this.#o.idleMs <= now.getTime() ||
      credential === undefined ||
      credential.accountId !== session.accountId ||
      credential.enabled === false ||
      credential.account?.enabled === false;
    if (ended || credential === undefined) {
      await this.#o.repository.delete(tokenHash);
      return undefined;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.#o.repository.touch(tokenHash, now);
      session.lastSeenAt = now;
    }
    return { session, credential };
  }

  /** Ends the session of a token (sign-out). */
  async signOut(token: string): Promise<void> {
    if (TOKEN.test(token)) await this.#o.repository.delete(hashToken(token));
  }

  /** Deletes up to `limit` ended sessions (the background sweep); how many. */
  sweep(limit = 1_000): Promise<number> {
    const now = this.#o.now();
    return this.#o.repository.deleteEnded(now, new Date(now.getTime() - this.#o.idleMs), limit);
  }
}

/** SHA-256 of a session token, base64url: what the database keys sessions by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether two texts are equal, in time that does not depend on where they differ. */
function sameText(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

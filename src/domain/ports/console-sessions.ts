/** The web console's sessions, as stored: found by the SHA-256 of their token, never by the token itself. */

export interface ConsoleSession {
  /** SHA-256 of the session token, base64url. */
  tokenHash: string;
  accountId: string;
  accessKeyId: string;
  /** What every mutation must send in `X-CSRF-Token`. */
  csrfToken: string;
  createdAt: Date;
  /** The session ends then, however active. */
  expiresAt: Date;
  /** Its latest request (written at most once a minute), for the idle timeout. */
  lastSeenAt: Date;
}

export interface ConsoleSessionRepository {
  insert(session: ConsoleSession): Promise<void>;
  find(tokenHash: string): Promise<ConsoleSession | undefined>;
  /** Records a request of the session. */
  touch(tokenHash: string, at: Date): Promise<void>;
  /** Ends one session; whether it existed. */
  delete(tokenHash: string): Promise<boolean>;
  /** Deletes up to `limit` sessions ended by `now` (expired, or idle since before `idleSince`); how many. */
  deleteEnded(now: Date, idleSince: Date, limit: number): Promise<number>;
}

/** Access keys, the accounts they belong to, and what each key may do. */

/** Token-bucket settings of one operation class: `ratePerSecond` tokens refill each second, up to `burst`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** Per-account throttling: reading requests (HTTP GET/HEAD) and mutating ones (everything else). */
export interface ThrottleLimits {
  reading: RateLimit;
  mutating: RateLimit;
}

/** The account a key belongs to, as far as the front door needs it. */
export interface AccountState {
  /** False while the account is suspended: every request answers `ForbiddenException`. */
  enabled: boolean;
  /** The account's token buckets; undefined means no throttling. */
  throttle?: ThrottleLimits;
}

/** IAM-style action patterns of a key: `chime:CreatePhoneNumberOrder`, `chime:Get*`, `chime:*`, `*`. */
export interface KeyPolicy {
  /** Allowed actions; undefined allows every action. */
  allow?: string[];
  /** Denied actions; an explicit deny wins over any allow. */
  deny?: string[];
}

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** False for a disabled key: its requests answer `UnauthorizedClientException`. Enabled when omitted. */
  enabled?: boolean;
  /** After a rotation with a grace period: the former secret, accepted until `validUntil` (epoch ms). */
  previousSecret?: { secretAccessKey: string; validUntil: number };
  policy?: KeyPolicy;
  /** Enabled and unthrottled when omitted. */
  account?: AccountState;
}

/** Looks up an access key; may answer from a cache or go to a database. */
export interface CredentialStore {
  lookup(accessKeyId: string): Credential | undefined | Promise<Credential | undefined>;
}

/** An in-memory store built from the configured accounts. */
export function staticCredentialStore(
  accounts: { accountId: string; credentials: { accessKeyId: string; secretAccessKey: string }[] }[],
): CredentialStore {
  const byKey = new Map<string, Credential>();
  for (const account of accounts) {
    for (const key of account.credentials) byKey.set(key.accessKeyId, { ...key, accountId: account.accountId });
  }
  return { lookup: (accessKeyId) => byKey.get(accessKeyId) };
}

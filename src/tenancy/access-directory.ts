/**
 * Who may call the API: the accounts and keys of the configuration file merged with those created from the command
 * line (stored in the database, secrets encrypted). The file wins: a key or account id it defines is never read from
 * the database, and the command line refuses to change it. A key of the database may belong to an account of either
 * origin; a key whose account exists nowhere is unknown.
 */
import type { Credential } from '../auth/credentials.ts';
import type { AccountConfig, AccountLimits, Config } from '../config/config.ts';
import { accountLimitsSchema } from '../config/config.ts';
import type { AccessRepository, StoredAccessKey, StoredAccount } from '../domain/ports/access.ts';
import { effectiveLimits, type EffectiveLimits } from './limits.ts';
import { MasterKeyError, type SecretBox } from './secret-box.ts';

/** An account as the server sees it. */
export interface ResolvedAccount {
  accountId: string;
  enabled: boolean;
  origin: 'config' | 'cli';
  limits: EffectiveLimits;
}

/** What the directory reads from: the configuration, the stored keys and accounts, the master key, the clock. */
export interface AccessDirectoryOptions {
  config: Pick<Config, 'accounts' | 'limits' | 'throttling'>;
  access: AccessRepository;
  box: SecretBox;
  /** The current time in ms (for the grace period of rotated secrets and the account cache). */
  now(): number;
  /** How long a resolved account is reused (ms). */
  cacheTtlMs: number;
  /** Told about a stored key that cannot be used (its secret does not decrypt with this master key). */
  warn?(message: string): void;
}

/** The merged view of configuration-file and command-line accounts and keys. */
export class AccessDirectory {
  readonly #o: AccessDirectoryOptions;
  readonly #configAccounts = new Map<string, AccountConfig>();
  readonly #configKeys = new Map<string, { account: AccountConfig; key: AccountConfig['credentials'][number] }>();
  readonly #accountCache = new Map<string, { value: ResolvedAccount | undefined; until: number }>();

  constructor(options: AccessDirectoryOptions) {
    this.#o = options;
    for (const account of options.config.accounts) {
      this.#configAccounts.set(account.accountId, account);
      for (const key of account.credentials) this.#configKeys.set(key.accessKeyId, { account, key });
    }
  }

  /** Whether the configuration file defines this account id / access key id (then it is read-only here). */
  isConfigAccount(accountId: string): boolean {
    return this.#configAccounts.has(accountId);
  }

  isConfigKey(accessKeyId: string): boolean {
    return this.#configKeys.has(accessKeyId);
  }

  /** The credential of an access key, with its policy and its account's state and throttle limits. */
  async lookup(accessKeyId: string): Promise<Credential | undefined> {
    const fromFile = this.#configKeys.get(accessKeyId);
    if (fromFile !== undefined) {
      const { account, key } = fromFile;
      const limits = effectiveLimits(this.#o.config, account.limits);
      return {
        accessKeyId,
        secretAccessKey: key.secretAccessKey,
        accountId: account.accountId,
        enabled: key.enabled,
        policy: { allow: key.allow, deny: key.deny },
        account: { enabled: account.enabled, throttle: limits.throttle },
      };
    }
    const stored = await this.#o.access.getKey(accessKeyId);
    if (stored === undefined) return undefined;
    const account = await this.#resolve(stored.accountId);
    if (account === undefined) return undefined;
    try {
      return this.#credential(stored, account);
    } catch (error) {
      if (!(error instanceof MasterKeyError)) throw error;
      this.#o.warn?.(`access key ${accessKeyId} is unusable: ${error.message}`);
      return undefined;
    }
  }

  #credential(stored: StoredAccessKey, account: ResolvedAccount): Credential {
    const { accessKeyId } = stored;
    const credential: Credential = {
      accessKeyId,
      secretAccessKey: this.#o.box.open(stored.secretCiphertext, accessKeyId),
      accountId: stored.accountId,
      enabled: stored.enabled,
      policy: { allow: stored.allow, deny: stored.deny },
      account: { enabled: account.enabled, throttle: account.limits.throttle },
    };
    if (stored.previousSecretCiphertext !== undefined && stored.previousValidUntil !== undefined && stored.previousValidUntil.getTime() > this.#o.now()) {
      credential.previousSecret = {
        secretAccessKey: this.#o.box.open(stored.previousSecretCiphertext, accessKeyId),
        validUntil: stored.previousValidUntil.getTime(),
      };
    }
    return credential;
  }

  /** The account with its effective limits, reused for `cacheTtlMs`; undefined when it exists nowhere. */
  async account(accountId: string): Promise<ResolvedAccount | undefined> {
    const now = this.#o.now();
    const cached = this.#accountCache.get(accountId);
    if (cached !== undefined && cached.until > now) return cached.value;
    const value = await this.#resolve(accountId);
    if (this.#accountCache.size >= 10_000) this.#accountCache.clear();
    this.#accountCache.set(accountId, { value, until: now + this.#o.cacheTtlMs });
    return value;
  }

  async #resolve(accountId: string): Promise<ResolvedAccount | undefined> {
    const fromFile = this.#configAccounts.get(accountId);
    if (fromFile !== undefined) {
      return { accountId, enabled: fromFile.enabled, origin: 'config', limits: effectiveLimits(this.#o.config, fromFile.limits) };
    }
    const stored = await this.#o.access.getAccount(accountId);
    if (stored === undefined) return undefined;
    return { accountId, enabled: stored.enabled, origin: 'cli', limits: effectiveLimits(this.#o.config, storedLimits(stored)) };
  }
}

/** The stored overrides, validated again (a bad row falls back to the global limits rather than failing requests). */
export function storedLimits(account: StoredAccount): AccountLimits | undefined {
  if (account.limits === undefined) return undefined;
  const parsed = accountLimitsSchema.safeParse(account.limits);
  return parsed.success ? parsed.data : undefined;
}

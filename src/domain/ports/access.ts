/** Accounts and access keys managed from the command line: admin data, used by tenancy only (never by the API services). */

/** An account created from the command line. */
export interface StoredAccount {
  accountId: string;
  enabled: boolean;
  /** Limit overrides as stored (a JSON object), or undefined. */
  limits?: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** An access key created from the command line; secrets stay encrypted here (the caller decrypts). */
export interface StoredAccessKey {
  accessKeyId: string;
  accountId: string;
  secretCiphertext: string;
  previousSecretCiphertext?: string;
  previousValidUntil?: Date;
  enabled: boolean;
  /** Allowed action patterns; undefined allows every action. */
  allow?: string[];
  deny: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AccessRepository {
  getAccount(accountId: string): Promise<StoredAccount | undefined>;
  listAccounts(): Promise<StoredAccount[]>;
  /** @returns false when the account already exists */
  insertAccount(account: StoredAccount): Promise<boolean>;
  /** @returns false when no such account */
  setAccountEnabled(accountId: string, enabled: boolean, at: Date): Promise<boolean>;
  getKey(accessKeyId: string): Promise<StoredAccessKey | undefined>;
  /** Keys of one account, or of every account; by account, then key id. */
  listKeys(accountId?: string): Promise<StoredAccessKey[]>;
  /** @returns false when the key id already exists */
  insertKey(key: StoredAccessKey): Promise<boolean>;
  /** @returns false when no such key */
  setKeyEnabled(accessKeyId: string, enabled: boolean, at: Date): Promise<boolean>;
  /** Replaces the secret; the former one stays valid until `previousValidUntil` when given. @returns false when no such key */
  rotateKey(
    accessKeyId: string,
    change: { secretCiphertext: string; previousSecretCiphertext?: string; previousValidUntil?: Date; at: Date },
  ): Promise<boolean>;
  /** @returns false when no such key */
  deleteKey(accessKeyId: string): Promise<boolean>;
}

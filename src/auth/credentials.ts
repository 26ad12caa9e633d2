/** Access keys and the accounts they belong to. */
export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export interface CredentialStore {
  lookup(accessKeyId: string): Credential | undefined;
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

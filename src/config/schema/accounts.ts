/** Accounts, their access keys and their limits (the file's `accounts`). */
import * as z from 'zod/mini';
import { accountId, int, matching, num, text } from './fields.ts';

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_ACCESS_KEY_ID = 'test';
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

/** An IAM-style action pattern: `*`, `chime:*`, `chime:Get*`, `chime:CreatePhoneNumberOrder`. */
export const actionPatternSchema = matching(
  /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/,
  "must be an action such as 'chime:CreatePhoneNumberOrder', 'chime:Get*', 'chime:*' or '*'",
);

const credentialSchema = z.strictObject({
  accessKeyId: matching(/^[A-Za-z0-9]{3,128}$/, 'must be 3-128 letters or digits'),
  secretAccessKey: text(1, 256),
  /** A disabled key answers UnauthorizedClientException (401). */
  enabled: z._default(z.boolean(), true),
  /** Actions the key may perform; absent = every action. */
  allow: z.optional(z.array(actionPatternSchema).check(z.maxLength(100))),
  /** Actions the key may not perform; an explicit deny wins. */
  deny: z._default(z.array(actionPatternSchema).check(z.maxLength(100)), []),
});

/** A token bucket. */
export const rateSchema = z.strictObject({
  /** Tokens added per second. */
  ratePerSecond: num(0.01, 1_000_000),
  /** Bucket size: the most requests accepted at once after a quiet period. */
  burst: int(1, 10_000_000),
});

/** Per-account overrides of the global limits (every key optional). */
export const accountLimitsSchema = z.strictObject({
  maxNumbersPerOrder: z.optional(int(1, 1000)),
  maxPhoneNumbersPerAccount: z.optional(int(0, 100_000_000)),
  maxProcessingOrdersPerAccount: z.optional(int(0, 1_000_000)),
  maxVoiceConnectorsPerAccount: z.optional(int(0, 100_000)),
  maxVoiceConnectorGroupsPerAccount: z.optional(int(0, 100_000)),
  maxSipMediaApplicationsPerAccount: z.optional(int(0, 100_000)),
  maxSipRulesPerAccount: z.optional(int(0, 100_000)),
  maxVoiceProfileDomainsPerRegion: z.optional(int(0, 100_000)),
  reading: z.optional(rateSchema),
  mutating: z.optional(rateSchema),
});

export const accountSchema = z.strictObject({
  accountId: accountId(),
  /** A suspended account (false) answers ForbiddenException (403) to every request. */
  enabled: z._default(z.boolean(), true),
  credentials: z._default(z.array(credentialSchema), []),
  limits: z.optional(accountLimitsSchema),
});

export type AccountConfig = z.output<typeof accountSchema>;
export type AccountLimits = z.output<typeof accountLimitsSchema>;

/** `accounts` with the default account (and its test/test key) merged in, unless `defaultAccount` is false. */
export function mergeDefaultAccount(accounts: AccountConfig[], defaultAccount: boolean): AccountConfig[] {
  if (!defaultAccount) return accounts;
  const defaultKey = { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY, enabled: true, deny: [] };
  const existing = accounts.find((a) => a.accountId === DEFAULT_ACCOUNT_ID);
  if (existing) {
    return accounts.map((a) => (a === existing ? { ...a, credentials: [defaultKey, ...a.credentials] } : a));
  }
  return [{ accountId: DEFAULT_ACCOUNT_ID, enabled: true, credentials: [defaultKey] }, ...accounts];
}

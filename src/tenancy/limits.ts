/** An account's effective limits: the global configuration with the account's overrides on top. */
import type { ThrottleLimits } from '../auth/credentials.ts';
import { accountLimitsSchema, type AccountLimits, type Config } from '../config/config.ts';

/** The limits that apply to one account. */
export interface EffectiveLimits {
  maxNumbersPerOrder: number;
  maxPhoneNumbersPerAccount: number;
  maxProcessingOrdersPerAccount: number;
  maxPhoneNumbersPerBatch: number;
  maxVoiceConnectorsPerAccount: number;
  maxVoiceConnectorGroupsPerAccount: number;
  maxSipMediaApplicationsPerAccount: number;
  maxSipRulesPerAccount: number;
  maxVoiceProfileDomainsPerRegion: number;
  /** Undefined when throttling is disabled. */
  throttle?: ThrottleLimits;
}

/** The global limits with `overrides` applied. */
export function effectiveLimits(config: Pick<Config, 'limits' | 'throttling'>, overrides: AccountLimits | undefined): EffectiveLimits {
  const o = overrides ?? {};
  const limits: EffectiveLimits = {
    maxNumbersPerOrder: o.maxNumbersPerOrder ?? config.limits.maxNumbersPerOrder,
    maxPhoneNumbersPerAccount: o.maxPhoneNumbersPerAccount ?? config.limits.maxPhoneNumbersPerAccount,
    maxProcessingOrdersPerAccount: o.maxProcessingOrdersPerAccount ?? config.limits.maxProcessingOrdersPerAccount,
    maxPhoneNumbersPerBatch: config.limits.maxPhoneNumbersPerBatch,
    maxVoiceConnectorsPerAccount: o.maxVoiceConnectorsPerAccount ?? config.limits.maxVoiceConnectorsPerAccount,
    maxVoiceConnectorGroupsPerAccount: o.maxVoiceConnectorGroupsPerAccount ?? config.limits.maxVoiceConnectorGroupsPerAccount,
    maxSipMediaApplicationsPerAccount: o.maxSipMediaApplicationsPerAccount ?? config.limits.maxSipMediaApplicationsPerAccount,
    maxSipRulesPerAccount: o.maxSipRulesPerAccount ?? config.limits.maxSipRulesPerAccount,
    maxVoiceProfileDomainsPerRegion: o.maxVoiceProfileDomainsPerRegion ?? config.limits.maxVoiceProfileDomainsPerRegion,
  };
  if (config.throttling.enabled) {
    limits.throttle = { reading: o.reading ?? config.throttling.reading, mutating: o.mutating ?? config.throttling.mutating };
  }
  return limits;
}

/**
 * Parses `name=value` overrides from the command line (`maxPhoneNumbersPerAccount=500`, `reading=10/20` for
 * 10 requests per second with a burst of 20) into validated account limits.
 * @throws Error naming the bad override
 */
export function parseLimitOverrides(items: string[]): AccountLimits | undefined {
  if (items.length === 0) return undefined;
  const raw: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--limit '${item}': expected name=value`);
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (name === 'reading' || name === 'mutating') {
      const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(value);
      if (!match) throw new Error(`--limit ${name}: expected RATE/BURST, e.g. ${name}=10/20`);
      raw[name] = { ratePerSecond: Number(match[1]), burst: Number(match[2]) };
    } else {
      if (!/^\d+$/.test(value)) throw new Error(`--limit ${name}: '${value}' is not a whole number`);
      raw[name] = Number(value);
    }
  }
  const parsed = accountLimitsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`--limit: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

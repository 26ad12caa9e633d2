/**
 * The quota port of the order service, answered by tenancy: the account's limits as the access directory resolves them
 * (configuration-file and command-line overrides on the global limits), or the global limits for an account it does
 * not know.
 */
import type { Config } from '../config/config.ts';
import type { QuotaSource } from '../domain/ports/quotas.ts';
import type { AccessDirectory } from './access-directory.ts';
import { effectiveLimits } from './limits.ts';

export function accountQuotas(config: Pick<Config, 'limits' | 'throttling'>, directory: Pick<AccessDirectory, 'account'>): QuotaSource {
  return {
    quotasOf: async (accountId) => (await directory.account(accountId))?.limits ?? effectiveLimits(config, undefined),
  };
}

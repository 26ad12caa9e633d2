/**
 * The quota ports of the order, voice connector, SIP and voice profile domain services, answered by tenancy: the account's limits as the access
 * directory resolves them (configuration-file and command-line overrides on the global limits), or the global limits
 * for an account it does not know.
 */
import type { Config } from '../config/config.ts';
import type { QuotaSource, SipQuotaSource, VoiceConnectorQuotaSource, VoiceProfileDomainQuotaSource } from '../domain/ports/quotas.ts';
import type { AccessDirectory } from './access-directory.ts';
import { effectiveLimits } from './limits.ts';

export function accountQuotas(
  config: Pick<Config, 'limits' | 'throttling'>,
  directory: Pick<AccessDirectory, 'account'>,
): QuotaSource & VoiceConnectorQuotaSource & SipQuotaSource & VoiceProfileDomainQuotaSource {
  const limitsOf = async (accountId: string) => (await directory.account(accountId))?.limits ?? effectiveLimits(config, undefined);
  return {
    quotasOf: limitsOf,
    voiceConnectorQuotasOf: limitsOf,
    sipQuotasOf: limitsOf,
    voiceProfileDomainQuotasOf: limitsOf,
  };
}

/** Where an account's quotas come from: the domain asks, tenancy (configuration and stored overrides) answers. */

/** The limit of every order, whoever orders. */
export interface OrderLimits {
  /** Most numbers one order may carry. */
  maxNumbersPerOrder: number;
}

/** An account's quotas that a new order must respect. */
export interface AccountQuotas extends OrderLimits {
  /** Numbers the account may own plus have on order. */
  maxPhoneNumbersPerAccount: number;
  /** Orders the account may have in `Processing` at once. */
  maxProcessingOrdersPerAccount: number;
}

export interface QuotaSource {
  /** The account's effective quotas. */
  quotasOf(accountId: string): Promise<AccountQuotas>;
}

/** An account's quotas of voice connectors and voice connector groups. */
export interface VoiceConnectorQuotas {
  /** Voice connectors the account may have. */
  maxVoiceConnectorsPerAccount: number;
  /** Voice connector groups the account may have. */
  maxVoiceConnectorGroupsPerAccount: number;
}

export interface VoiceConnectorQuotaSource {
  /** The account's effective voice connector quotas. */
  voiceConnectorQuotasOf(accountId: string): Promise<VoiceConnectorQuotas>;
}

/** An account's quotas of SIP media applications and SIP rules. */
export interface SipQuotas {
  /** SIP media applications the account may have. */
  maxSipMediaApplicationsPerAccount: number;
  /** SIP rules the account may have. */
  maxSipRulesPerAccount: number;
}

export interface SipQuotaSource {
  /** The account's effective SIP quotas. */
  sipQuotasOf(accountId: string): Promise<SipQuotas>;
}

/** An account's quota of voice profile domains. */
export interface VoiceProfileDomainQuotas {
  /** Voice profile domains the account may have in each region. */
  maxVoiceProfileDomainsPerRegion: number;
}

export interface VoiceProfileDomainQuotaSource {
  /** The account's effective voice profile domain quota. */
  voiceProfileDomainQuotasOf(accountId: string): Promise<VoiceProfileDomainQuotas>;
}

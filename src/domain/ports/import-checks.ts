/**
 * What `dialtone import` asks the target database before it writes an account's data: whether the account already
 * holds something, and which of the ids, triggers and numbers it would write are taken (by any account).
 */

/** The kinds of data an account holds (what an import into it would merge with). */
export type HoldingKind =
  | 'orders'
  | 'phoneNumbers'
  | 'phoneNumberSettings'
  | 'globalSettings'
  | 'voiceConnectors'
  | 'voiceConnectorGroups'
  | 'sipMediaApplications'
  | 'sipRules'
  | 'voiceProfileDomains'
  | 'proxySessions'
  | 'voiceProfiles'
  | 'voiceAnalyticsTasks'
  | 'associations';

/** The kinds of keys that are unique in the whole database. */
export type ImportKeyKind =
  | 'order'
  | 'voiceConnector'
  | 'voiceConnectorGroup'
  | 'sipMediaApplication'
  | 'sipRule'
  | 'sipRuleTrigger'
  | 'voiceProfileDomain'
  | 'proxySession'
  | 'voiceProfile'
  | 'voiceAnalyticsTask'
  | 'ownedNumber'
  | 'associatedNumber';

/** The keys an import would write; each must be free in the target database. */
export interface ImportKeys {
  orderIds: readonly string[];
  voiceConnectorIds: readonly string[];
  voiceConnectorGroupIds: readonly string[];
  sipMediaApplicationIds: readonly string[];
  sipRuleIds: readonly string[];
  sipRuleTriggers: readonly { type: string; value: string }[];
  voiceProfileDomainIds: readonly string[];
  proxySessionIds: readonly string[];
  voiceProfileIds: readonly string[];
  /** Of both kinds: a task's id is unique whatever its kind. */
  voiceAnalyticsTaskIds: readonly string[];
  /** Numbers the import makes owned (its active records): no account may own them already. */
  ownedNumbers: readonly string[];
  /** Numbers the import associates: none may have an association already. */
  associatedNumbers: readonly string[];
}

/** A key that is taken, and the account that holds it. A trigger is given as `type value`. */
export interface TakenKey {
  kind: ImportKeyKind;
  key: string;
  accountId: string;
}

export interface ImportChecks {
  /**
   * Inside a unit of work, before its first read: makes the transaction a writer at once, so that another process
   * writing meanwhile makes it wait (SQLite: up to the busy timeout) instead of failing it at its first write.
   */
  beginWrites(): Promise<void>;
  /** What the account holds already; empty when it holds nothing. */
  holdings(accountId: string): Promise<HoldingKind[]>;
  /** Those of the keys that are taken, in the order of `ImportKeys`' members. */
  taken(keys: ImportKeys): Promise<TakenKey[]>;
}

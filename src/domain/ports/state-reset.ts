/**
 * Wiping state, as a test suite does between its cases (`POST /_dialtone/reset`, `dialtone reset`): every resource of
 * one account, or of every account, goes; accounts, access keys and server-wide values (the page-token key, the test
 * clock) stay, and so does the schema.
 */

/** How many rows of each kind a reset removed. */
export interface ResetCounts {
  orders: number;
  /** The numbers listed in those orders. */
  orderedNumbers: number;
  /** Invocation ids that answered retried creates. */
  orderInvocations: number;
  /** Fulfilment jobs (orders still `Processing`). */
  jobs: number;
  /** Phone-number records: owned, in the deletion queue, or released and still aging. */
  phoneNumbers: number;
  /** Account-wide phone-number settings (the default calling name). */
  phoneNumberSettings: number;
  /** Account-wide global settings (the call detail record buckets). */
  globalSettings: number;
  voiceConnectors: number;
  voiceConnectorGroups: number;
  sipMediaApplications: number;
  sipRules: number;
  voiceProfileDomains: number;
  /** The voice connectors' proxy sessions, open or closed. */
  proxySessions: number;
  /** The SIP media applications' outbound calls of the last day. */
  sipMediaApplicationCalls: number;
  /** The voice connectors' speaker search and voice tone analysis tasks of the last day. */
  voiceAnalyticsTasks: number;
  /** The voice profiles enrolled in the account's domains. */
  voiceProfiles: number;
  /** Numbers put to work on a voice connector, a group or a SIP rule. */
  associations: number;
  /** Events of the outbox (their sequence numbers are not given again). */
  events: number;
}

/** What a reset did: its scope and what it removed. */
export interface ResetReport {
  /** The account reset, or `undefined` for every account. */
  accountId: string | undefined;
  removed: ResetCounts;
}

/**
 * Wipes state in one transaction. Safe while requests are served and the worker runs: a fulfilment job claimed before
 * the reset finds itself gone and writes nothing afterwards (its writes are fenced by the job row), and work that
 * commits after the reset is simply newer state. Each reset also bumps a mark in the meta table
 * (`RESET_MARK_PREFIX` + account id, or `RESET_ALL_MARK`), by which every node learns of it and drops what it keeps
 * in memory for the account (its throttling buckets).
 */
export interface StateReset {
  /** Removes every resource of `accountId` (12 digits). */
  resetAccount(accountId: string): Promise<ResetReport>;
  /** Removes every resource of every account. */
  resetAll(): Promise<ResetReport>;
}

/** The meta names that count resets: `state-reset:<accountId>` per account, `state-reset:*` for resets of everything. */
export const RESET_MARK_PREFIX = 'state-reset:';
export const RESET_ALL_MARK = `${RESET_MARK_PREFIX}*`;

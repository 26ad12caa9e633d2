import type { Generated } from 'kysely';
import type {
  GlobalSettingsTable,
  PhoneNumberAssociationsTable,
  SipMediaApplicationsTable,
  SipRulesTable,
  SipRuleTargetApplicationsTable,
  VoiceConnectorGroupItemsTable,
  VoiceConnectorGroupsTable,
  VoiceConnectorsTable,
  VoiceProfileDomainsTable,
  ProxySessionsTable,
  SipMediaApplicationCallsTable,
  VoiceAnalyticsTasksTable,
  VoiceProfilesTable,
} from './voice-schema.ts';

/** The voice tables' row shapes are defined in voice-schema.ts; they are exported from here with the others. */
export type * from './voice-schema.ts';

/**
 * Row shapes of the tables, as kysely sees them. Shared by every dialect:
 * timestamps are integer milliseconds since the epoch, optional text is `null`.
 */

/** One phone-number order. Tenant data: always read with `account_id`. */
export interface OrdersTable {
  id: string;
  account_id: string;
  product_type: string;
  status: string;
  /** The name given to every number the order acquires (0006); `null` when none was given. */
  name: string | null;
  /** Milliseconds since the epoch. Some drivers return 64-bit integers as strings; read through `Number()`. */
  created_at: number;
  updated_at: number;
}

/** One number of an order, kept in the order the client asked for (`position` from 0). */
export interface OrderNumbersTable {
  order_id: string;
  position: number;
  e164: string;
  status: string;
  failure_reason: string | null;
}

/** Small server-wide name/value pairs. */
export interface MetaTable {
  name: string;
  value: string;
}

/** Numbers an account owns or owned. `active` = 1 while owned; at most one active row per number. */
export interface PhoneNumbersTable {
  id: Generated<number>;
  e164: string;
  account_id: string;
  order_id: string | null;
  status: string;
  active: number;
  product_type: string;
  number_type: string;
  country: string;
  created_at: number;
  updated_at: number;
  released_at: number | null;
  /** The outbound calling name last asked for (0003); `null` until one is set. */
  calling_name: string | null;
  /** `CallingNameStatus` (0003); `null` on rows that never had a calling name, read as `Unassigned`. */
  calling_name_status: string | null;
  /** While `UpdateInProgress`: when the calling name has propagated (0003). */
  calling_name_due_at: number | null;
  /** While in the deletion queue (`DeleteInProgress`): when the number is released (0003). */
  deletion_at: number | null;
  /** The number's name (0006): from its order, or set later; `null` when it has none. */
  name: string | null;
}

/** The account-wide phone-number settings (0003): the default outbound calling name. Tenant data. */
export interface PhoneNumberSettingsTable {
  account_id: string;
  calling_name: string;
  calling_name_updated_at: number;
}

/** Background work with a lease: whoever holds an unexpired lease works on the job. */
export interface JobsTable {
  id: string;
  kind: string;
  account_id: string;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
}

/** Accounts created from the command line (0004); configuration-file accounts are not stored. */
export interface AccountsTable {
  account_id: string;
  /** 1 = enabled, 0 = suspended. */
  enabled: number;
  /** JSON object of limit overrides, or `null`. */
  limits: string | null;
  created_at: number;
  updated_at: number;
}

/** Access keys created from the command line (0004). Secrets are stored encrypted, never in plain text. */
export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** The encrypted secret access key. */
  secret: string;
  /** After a rotation with a grace period: the encrypted former secret, valid until `previous_valid_until`. */
  previous_secret: string | null;
  previous_valid_until: number | null;
  /** 1 = enabled, 0 = disabled. */
  enabled: number;
  /** JSON array of allowed action patterns; `null` allows every action. */
  allow: string | null;
  /** JSON array of denied action patterns, or `null`. */
  deny: string | null;
  created_at: number;
  updated_at: number;
}

/** Quota counters per account, kept by triggers: owned numbers on `phone_numbers` (0005), orders on `orders` and `order_numbers` (0010). */
export interface AccountUsageTable {
  account_id: string;
  owned_numbers: Generated<number>;
  /** Orders in Processing (0010). */
  processing_orders: Generated<number>;
  /** Numbers still Processing of orders in Processing (0010). */
  numbers_on_order: Generated<number>;
}

/**
 * Which order a call of CreatePhoneNumberOrder created (0008), by the account and the SDK's invocation id
 * (`amz-sdk-invocation-id`): a retry of the call finds it here. Tenant data: always read with `account_id`.
 */
export interface OrderInvocationsTable {
  account_id: string;
  invocation_id: string;
  order_id: string;
  /** A hash of what the call asked for (product type, numbers, name): a reused id with another request is refused. */
  fingerprint: string;
  /** When the call created its order; the entry answers retries for the configured window from then. */
  created_at: number;
}

/** Each account's last event sequence (0011); never reset. */
export interface EventSequencesTable {
  account_id: string;
  last_seq: number;
}

/** The event outbox (0011): one row per event, by account and sequence. */
export interface EventsTable {
  account_id: string;
  seq: number;
  /** UUID, the same in every delivery (not indexed). */
  id: string;
  /** The envelope's `detail-type`. */
  type: string;
  occurred_at: number;
  /** JSON array of `{ kind, id }`. */
  resources: string;
  /** JSON object: the detail, in the API's names. */
  detail: string;
}

/** A webhook subscription and where its deliveries stand (0012). */
export interface WebhookSubscriptionsTable {
  id: string;
  account_id: string;
  url: string;
  /** AES-GCM under the master key, bound to the id. */
  secret_ciphertext: string;
  /** JSON list of event types; null = every type. */
  event_types: string | null;
  /** 1 = enabled. */
  enabled: number;
  created_at: number;
  updated_at: number;
  cursor_seq: number;
  attempts: number;
  next_attempt_at: number;
  failing_since: number | null;
  last_error: string | null;
  last_status: number | null;
  delivered_at: number | null;
  /** The claim's token (unique per claim). */
  lease_owner: string | null;
  lease_until: number | null;
}

/** An event a subscription gave up on (0012), with the body it sent. */
export interface WebhookDeadLettersTable {
  subscription_id: string;
  account_id: string;
  event_id: string;
  seq: number;
  event_type: string;
  attempts: number;
  last_status: number | null;
  last_error: string;
  dead_lettered_at: number;
  body: string;
  /** 0013: set on a record of pruned events (`seq`…`through_seq`); its event_id is `pruned-<seq>`, its type and body empty. */
  through_seq: number | null;
}

/** A web console session (0014), keyed by the SHA-256 of its token. */
export interface ConsoleSessionsTable {
  token_hash: string;
  account_id: string;
  access_key_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

/**
 * SQLite only (0015): the numbers each account holds (its active records) by status and product type, kept by triggers
 * on `phone_numbers`. A row stays at 0 once its last number left.
 */
export interface NumberCountsTable {
  account_id: string;
  status: string;
  product_type: string;
  held: number;
}

export interface DatabaseSchema {
  account_usage: AccountUsageTable;
  orders: OrdersTable;
  order_numbers: OrderNumbersTable;
  meta: MetaTable;
  phone_numbers: PhoneNumbersTable;
  jobs: JobsTable;
  phone_number_settings: PhoneNumberSettingsTable;
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  voice_connectors: VoiceConnectorsTable;
  global_settings: GlobalSettingsTable;
  voice_connector_groups: VoiceConnectorGroupsTable;
  voice_connector_group_items: VoiceConnectorGroupItemsTable;
  order_invocations: OrderInvocationsTable;
  sip_media_applications: SipMediaApplicationsTable;
  sip_rules: SipRulesTable;
  sip_rule_target_applications: SipRuleTargetApplicationsTable;
  voice_profile_domains: VoiceProfileDomainsTable;
  proxy_sessions: ProxySessionsTable;
  sip_media_application_calls: SipMediaApplicationCallsTable;
  voice_analytics_tasks: VoiceAnalyticsTasksTable;
  voice_profiles: VoiceProfilesTable;
  phone_number_associations: PhoneNumberAssociationsTable;
  event_sequences: EventSequencesTable;
  events: EventsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_dead_letters: WebhookDeadLettersTable;
  console_sessions: ConsoleSessionsTable;
  number_counts: NumberCountsTable;
}

/** Every table of {@link DatabaseSchema}, by name (some exist in one dialect only: `number_counts`). */
export const TABLE_NAMES = Object.keys({
  account_usage: true,
  orders: true,
  order_numbers: true,
  meta: true,
  phone_numbers: true,
  jobs: true,
  phone_number_settings: true,
  accounts: true,
  access_keys: true,
  voice_connectors: true,
  global_settings: true,
  voice_connector_groups: true,
  voice_connector_group_items: true,
  order_invocations: true,
  sip_media_applications: true,
  sip_rules: true,
  sip_rule_target_applications: true,
  voice_profile_domains: true,
  proxy_sessions: true,
  sip_media_application_calls: true,
  voice_analytics_tasks: true,
  voice_profiles: true,
  phone_number_associations: true,
  event_sequences: true,
  events: true,
  webhook_subscriptions: true,
  webhook_dead_letters: true,
  console_sessions: true,
  number_counts: true,
} satisfies Record<keyof DatabaseSchema, true>) as (keyof DatabaseSchema & string)[];

/**
 * Row shapes of the tables of the voice resources that numbers are put to work on (voice connectors and their groups,
 * SIP media applications and rules, the numbers' associations with them) and of the account's other voice settings
 * (global settings, voice profile domains), of the connectors' proxy sessions and of the applications' calls. schema.ts gathers them into {@link DatabaseSchema}; the same conventions
 * hold: timestamps are integer milliseconds since the epoch, optional text is `null`.
 */
/** A voice connector (0007). Tenant data: always read with `account_id`. */
export interface VoiceConnectorsTable {
  id: string;
  account_id: string;
  name: string;
  aws_region: string;
  /** 1 = encryption required, 0 = not. */
  require_encryption: number;
  integration_type: string | null;
  network_type: string | null;
  /** JSON array of `{ key, value }` in the order given, or `null` for none. */
  tags: string | null;
  created_at: number;
  updated_at: number;
  /** JSON `Origination` (domain names), or `null` when never put or deleted (0019). */
  origination: string | null;
  /** JSON `Termination` (domain names), or `null` when never put or deleted (0019). */
  termination: string | null;
  /** JSON array of `{ username, passwordHash }`, or `null` for none (0019). */
  termination_credentials: string | null;
  /** JSON `LoggingConfiguration` (domain names), or `null` when never put (0019). */
  logging_configuration: string | null;
  /** JSON `StreamingConfiguration` (domain names), or `null` when never put or deleted (0019). */
  streaming_configuration: string | null;
  /** JSON `EmergencyCalling` (domain names), or `null` when never put or deleted (0022). */
  emergency_calling_configuration: string | null;
  /** JSON `ProxyConfiguration` (domain names), or `null` when never put or deleted (0023). */
  proxy: string | null;
  /** JSON `{ sessionBorderControllerTypes?, contactCenterSystemTypes? }`, or `null` when never put or deleted (0026). */
  external_systems_configuration: string | null;
}

/** An account's global settings (0020). Tenant data: always read with `account_id`. */
export interface GlobalSettingsTable {
  account_id: string;
  voice_connector_cdr_bucket: string | null;
  business_calling_cdr_bucket: string | null;
  updated_at: number;
}

/** A voice connector group (0007). Tenant data: always read with `account_id`. */
export interface VoiceConnectorGroupsTable {
  id: string;
  account_id: string;
  /** The region of the request that created it. */
  region: string;
  name: string;
  created_at: number;
  updated_at: number;
}

/**
 * One connector of a group (0007), kept in the order given (`position` from 0). Foreign keys on (`account_id`,
 * `group_id`) and (`account_id`, `voice_connector_id`) keep every item inside its group's account, and a connector that
 * is an item cannot be deleted.
 */
export interface VoiceConnectorGroupItemsTable {
  group_id: string;
  account_id: string;
  voice_connector_id: string;
  priority: number;
  position: number;
}

/** A SIP media application (0009). Tenant data: always read with `account_id`. */
export interface SipMediaApplicationsTable {
  id: string;
  account_id: string;
  name: string;
  aws_region: string;
  /** JSON array of `{ lambdaArn }` in the order given. */
  endpoints: string;
  /** JSON array of `{ key, value }` in the order given, or `null` for none. */
  tags: string | null;
  created_at: number;
  updated_at: number;
  /** JSON `{ enableMessageLogs }`, or `null` when never put (0022). */
  logging_configuration: string | null;
}

/** A voice profile domain (0021). Tenant data: always read with `account_id` and `region`. */
export interface VoiceProfileDomainsTable {
  id: string;
  account_id: string;
  /** The region of the create's SigV4 scope. */
  region: string;
  name: string;
  description: string | null;
  kms_key_arn: string;
  /** The create's `ClientRequestToken`, unique in the account and region; null when it had none. */
  client_request_token: string | null;
  /** JSON array of `{ key, value }` in the order given, or `null` for none. */
  tags: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * A voice connector's proxy session (0024). Tenant data: always read with `account_id` and `voice_connector_id`. Open
 * while `expires_at` is later than now.
 */
export interface ProxySessionsTable {
  id: string;
  account_id: string;
  voice_connector_id: string;
  name: string | null;
  /** JSON array of `Voice` / `SMS`, in the order given. */
  capabilities: string;
  expiry_minutes: number;
  /** `created_at` plus `expiry_minutes`, in milliseconds. */
  expires_at: number;
  number_selection_behavior: string | null;
  geo_match_level: string | null;
  /** JSON `{ country, areaCode }`, or `null` when not given. */
  geo_match_params: string | null;
  participant_1: string;
  proxy_1: string;
  participant_2: string;
  proxy_2: string;
  created_at: number;
  updated_at: number;
}

/** A SIP media application's outbound call (0025). Tenant data: always read with `account_id`. Read for a day. */
export interface SipMediaApplicationCallsTable {
  transaction_id: string;
  account_id: string;
  sip_media_application_id: string;
  from_phone_number: string;
  to_phone_number: string;
  /** JSON object of the SIP headers given (`{}` for none). */
  sip_headers: string;
  /** JSON object of the create's `ArgumentsMap` (`{}` for none). */
  arguments: string;
  created_at: number;
  updated_at: number;
}

/** A speaker search or voice tone analysis task of a connector's call (0027). Tenant data: always read with `account_id`. */
export interface VoiceAnalyticsTasksTable {
  id: string;
  /** `speaker-search` or `voice-tone`. */
  kind: string;
  account_id: string;
  voice_connector_id: string;
  transaction_id: string;
  /** A speaker search's leg (`Caller`, `Callee`); null for a voice tone analysis. */
  call_leg: string | null;
  voice_profile_domain_id: string | null;
  /** A speaker search's voiceprint. */
  voiceprint: string | null;
  language_code: string | null;
  client_request_token: string | null;
  created_at: number;
  stopped_at: number | null;
}

/** A voice profile, enrolled from a speaker search (0027). Tenant data: always read with `account_id`. */
export interface VoiceProfilesTable {
  id: string;
  account_id: string;
  region: string;
  voice_profile_domain_id: string;
  voiceprint: string;
  speaker_search_task_id: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

/** A SIP rule (0009). Tenant data: always read with `account_id`. (`trigger_type`, `trigger_value`) is unique. */
export interface SipRulesTable {
  id: string;
  account_id: string;
  name: string;
  /** 1 = disabled, 0 = enabled. */
  disabled: number;
  trigger_type: string;
  trigger_value: string;
  created_at: number;
  updated_at: number;
}

/**
 * One target application of a SIP rule (0009), in the order given (`position` from 0). Foreign keys keep both ends in
 * the rule's account; an application that is a target cannot be deleted; the targets go with their rule.
 */
export interface SipRuleTargetApplicationsTable {
  rule_id: string;
  account_id: string;
  sip_media_application_id: string;
  priority: number;
  aws_region: string;
  position: number;
}

/**
 * What a number is put to work on (0009): at most one row per number, exactly one of the three targets set, each a
 * resource of the number's account (foreign keys without cascade: a target with numbers cannot be deleted). A number
 * with a row here is `Assigned`.
 */
export interface PhoneNumberAssociationsTable {
  e164: string;
  account_id: string;
  voice_connector_id: string | null;
  voice_connector_group_id: string | null;
  sip_rule_id: string | null;
  associated_at: number;
}

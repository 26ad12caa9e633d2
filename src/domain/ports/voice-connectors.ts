/**
 * Voice connector and voice connector group storage, as their services use it. Every read and write takes the account
 * first; an id of another account is not found.
 */
import type { Tag, VoiceConnector, VoiceConnectorGroup, VoiceConnectorItem } from '../voice-connectors/voice-connector.ts';
import type {
  LoggingConfiguration,
  Origination,
  StreamingConfiguration,
  Termination,
  TerminationCredential,
  VoiceConnectorSettings,
} from '../voice-connectors/voice-connector-settings.ts';
import type { EmergencyCalling } from '../voice-connectors/emergency-calling.ts';
import type { ProxyConfiguration } from '../voice-connectors/proxy.ts';
import type { ExternalSystemsConfiguration } from '../voice-connectors/external-systems.ts';

/** Keyset position in an account's listing: connectors and groups are listed by (createdAt, id) ascending. */
export interface CreationCursor {
  createdAt: Date;
  id: string;
}

/** What {@link VoiceConnectorRepository.putSettings} writes: each member given is written, `null` deletes that setting. */
export interface SettingsChanges {
  origination?: Origination | null;
  termination?: Termination | null;
  credentials?: TerminationCredential[];
  logging?: LoggingConfiguration | null;
  streaming?: StreamingConfiguration | null;
  emergencyCalling?: EmergencyCalling | null;
  proxy?: ProxyConfiguration | null;
  externalSystems?: ExternalSystemsConfiguration | null;
}

export interface VoiceConnectorRepository {
  insert(connector: VoiceConnector): Promise<void>;
  /** The connector, when it exists and belongs to the account. */
  get(accountId: string, id: string): Promise<VoiceConnector | undefined>;
  /** Up to `limit` connectors of the account strictly after `after`, by (createdAt, id) ascending. */
  list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<VoiceConnector[]>;
  /** Sets the name and encryption in one statement; answers the connector as stored, or undefined when not found. */
  update(accountId: string, id: string, changes: { name: string; requireEncryption: boolean; updatedAt: Date }): Promise<VoiceConnector | undefined>;
  /** The connector's SIP trunk settings, when it exists in the account. */
  settingsOf(accountId: string, id: string): Promise<VoiceConnectorSettings | undefined>;
  /**
   * Writes the settings given (an absent member stays as it is, `null` deletes that setting); the connector's
   * `updatedAt` stays. False when the connector does not exist in the account.
   */
  putSettings(accountId: string, id: string, changes: SettingsChanges): Promise<boolean>;
  /** Replaces the connector's tags (its `updatedAt` stays: tags are not part of the connector); false when not found. */
  setTags(accountId: string, id: string, tags: readonly Tag[]): Promise<boolean>;
  /**
   * Deletes the connector; false when it does not exist in the account. The database refuses to delete a connector that
   * is still a member of a group (check with {@link VoiceConnectorGroupRepository.groupsWith} first) or that numbers are
   * associated with: `StillReferencedError` (see ports/associations.ts).
   */
  delete(accountId: string, id: string): Promise<boolean>;
  /** The account's connectors, counted up to `cap + 1`. */
  count(accountId: string, cap: number): Promise<number>;
  /** Which of `ids` are connectors of the account. */
  existing(accountId: string, ids: readonly string[]): Promise<Set<string>>;
  /**
   * Inside a unit of work: holds the account's voice connector lock until the transaction ends, so that the checks and
   * writes of concurrent transactions on the account's connectors and groups (quotas, members) run one at a time, on
   * every node. Take it first, before any other read of the transaction.
   */
  lockAccount(accountId: string): Promise<void>;
}

export interface VoiceConnectorGroupRepository {
  /** Stores the group with its items. */
  insert(group: VoiceConnectorGroup): Promise<void>;
  /** The group with its items, when it exists and belongs to the account. */
  get(accountId: string, id: string): Promise<VoiceConnectorGroup | undefined>;
  /** Up to `limit` groups of the account (items included) strictly after `after`, by (createdAt, id) ascending. */
  list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<VoiceConnectorGroup[]>;
  /**
   * Replaces the name and every item of the group; false when it does not exist in the account. Each item's connector
   * must be a connector of the account (the database refuses others).
   */
  replace(accountId: string, id: string, changes: { name: string; items: VoiceConnectorItem[]; updatedAt: Date }): Promise<boolean>;
  /**
   * Deletes the group and its items; false when it does not exist in the account. `StillReferencedError` when numbers
   * are associated with it (the database refuses).
   */
  delete(accountId: string, id: string): Promise<boolean>;
  /** The account's groups, counted up to `cap + 1`. */
  count(accountId: string, cap: number): Promise<number>;
  /** The ids of the account's groups that have the connector as an item, in id order. */
  groupsWith(accountId: string, voiceConnectorId: string): Promise<string[]>;
}

/**
 * Voice connectors: create (within the account's quota), get, list, update (name and encryption) and delete (not while
 * a group has the connector or numbers are associated with it), always within one account.
 */
import { voiceConnectorEvents } from '../events/resource-events.ts';
import { StillReferencedError, type AssociationRepository } from '../ports/associations.ts';
import type { EventAppender } from '../ports/events.ts';
import type { VoiceConnectorQuotaSource } from '../ports/quotas.ts';
import type { SipRuleRepository } from '../ports/sip.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from './creation-paging.ts';
import { DEFAULT_AWS_REGION, outboundHostName, type Tag, type VoiceConnector } from './voice-connector.ts';
import { newVoiceConnectorId } from './voice-connector-id.ts';
import { checkTags } from '../tags/tag-rules.ts';
import { checkQuota } from './voice-connector-rules.ts';

/** What the writes of a connector read and write in one transaction, with their events. */
export interface VoiceConnectorWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'count' | 'insert' | 'get' | 'update' | 'delete'>;
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'groupsWith'>;
  associations: Pick<AssociationRepository, 'hasNumbers'>;
  sipRules: Pick<SipRuleRepository, 'rulesTriggeredBy'>;
  events: EventAppender;
}

export interface VoiceConnectorServiceOptions {
  /** Reads of the account's connectors. */
  voiceConnectors: Pick<VoiceConnectorRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<VoiceConnectorWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: VoiceConnectorQuotaSource;
}

/** A connector as its creator asks for it. */
export interface NewVoiceConnector {
  name: string;
  requireEncryption: boolean;
  /** Default {@link DEFAULT_AWS_REGION}. */
  awsRegion?: string;
  integrationType?: string;
  networkType?: string;
  tags?: Tag[];
}

const LISTING = 'ListVoiceConnectors';

export class VoiceConnectorService {
  readonly #options: VoiceConnectorServiceOptions;

  constructor(options: VoiceConnectorServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a new connector with a fresh id.
   * @throws DomainError `invalid` for a repeated tag key, `limit-exceeded` at the account's quota
   */
  async create(accountId: string, request: NewVoiceConnector): Promise<VoiceConnector> {
    const { unitOfWork, clock, ids, quotas } = this.#options;
    const tags = request.tags ?? [];
    checkTags(tags);
    const { maxVoiceConnectorsPerAccount: max } = await quotas.voiceConnectorQuotasOf(accountId);
    const now = clock.now();
    const connector: VoiceConnector = {
      id: newVoiceConnectorId(ids),
      accountId,
      name: request.name,
      awsRegion: request.awsRegion ?? DEFAULT_AWS_REGION,
      requireEncryption: request.requireEncryption,
      ...(request.integrationType !== undefined && { integrationType: request.integrationType }),
      ...(request.networkType !== undefined && { networkType: request.networkType }),
      tags: tags.map((tag) => ({ key: tag.key, value: tag.value })),
      createdAt: now,
      updatedAt: now,
    };
    await unitOfWork.transaction(async ({ voiceConnectors, events }) => {
      await voiceConnectors.lockAccount(accountId);
      checkQuota(await voiceConnectors.count(accountId, max), max, 'voice connectors', 'maxVoiceConnectorsPerAccount');
      await voiceConnectors.insert(connector);
      await events.append([voiceConnectorEvents.created(ids, connector)]);
    });
    return connector;
  }

  /** @throws DomainError `not-found` when the connector does not exist in this account */
  async get(accountId: string, id: string): Promise<VoiceConnector> {
    return (await this.#options.voiceConnectors.get(accountId, id)) ?? notFound(id);
  }

  /** One page of the account's connectors, oldest first. */
  async list(accountId: string, request: PageRequest): Promise<Page<VoiceConnector>> {
    const { voiceConnectors, tokens } = this.#options;
    return pageByCreation(tokens, accountId, LISTING, request, (after, limit) => voiceConnectors.list(accountId, { after, limit }));
  }

  /**
   * Sets the name and encryption (both always given), under the account's lock so that the event's `Changes` compare
   * with the connector as the update found it.
   * @throws DomainError `not-found`
   */
  async update(accountId: string, id: string, changes: { name: string; requireEncryption: boolean }): Promise<VoiceConnector> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async ({ voiceConnectors, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await voiceConnectors.get(accountId, id)) ?? notFound(id);
      const updated = (await voiceConnectors.update(accountId, id, { ...changes, updatedAt: clock.now() })) ?? notFound(id);
      await events.append([voiceConnectorEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /**
   * Deletes the connector.
   * @throws DomainError `not-found`; `conflict` while a voice connector group has it as an item or numbers are
   *   associated with it (also when the database refuses the delete for either reason)
   */
  async delete(accountId: string, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, voiceConnectorGroups, associations, sipRules, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await voiceConnectors.get(accountId, id)) ?? notFound(id);
      const groups = await voiceConnectorGroups.groupsWith(accountId, id);
      if (groups.length > 0) {
        const which = groups.length === 1 ? `group ${groups[0]}` : `groups ${groups.join(', ')}`;
        throw new DomainError('conflict', `Voice connector ${id} is a member of voice connector ${which}; remove it from the group before deleting it`);
      }
      if (await associations.hasNumbers(accountId, { kind: 'VoiceConnectorId', id })) throw hasNumbers(id);
      const rules = await sipRules.rulesTriggeredBy(accountId, { type: 'RequestUriHostname', value: outboundHostName({ id }) });
      if (rules.length > 0) {
        throw new DomainError('conflict', `Voice connector ${id} is the trigger of SIP rule ${rules.join(', ')}; delete the rule before deleting the connector`);
      }
      let deleted: boolean;
      try {
        deleted = await voiceConnectors.delete(accountId, id);
      } catch (error) {
        if (error instanceof StillReferencedError) throw hasNumbers(id);
        throw error;
      }
      if (!deleted) notFound(id);
      await events.append([voiceConnectorEvents.deleted(ids, current, clock.now())]);
    });
  }
}

function hasNumbers(id: string): DomainError {
  return new DomainError(
    'conflict',
    `Voice connector ${id} has phone numbers associated with it; disassociate them (DisassociatePhoneNumbersFromVoiceConnector) before deleting it`,
  );
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No voice connector with id ${id} exists in this account`);
}

/**
 * Voice connector groups: create (within the account's quota), get, list, update (name and every item at once) and
 * delete (only once it has no items and no numbers), always within one account. Items name connectors of the same account only.
 */
import { voiceConnectorGroupEvents } from '../events/resource-events.ts';
import { StillReferencedError, type AssociationRepository } from '../ports/associations.ts';
import type { EventAppender } from '../ports/events.ts';
import type { VoiceConnectorQuotaSource } from '../ports/quotas.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorGroupRepository, VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from './creation-paging.ts';
import type { VoiceConnectorGroup, VoiceConnectorItem } from './voice-connector.ts';
import { checkItems, checkQuota, missingConnectors } from './voice-connector-rules.ts';

/** What the writes of a group read and write in one transaction, with their events. */
export interface VoiceConnectorGroupWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'existing'>;
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'get' | 'count' | 'insert' | 'replace' | 'delete'>;
  associations: Pick<AssociationRepository, 'hasNumbers'>;
  events: EventAppender;
}

export interface VoiceConnectorGroupServiceOptions {
  /** Reads of the account's groups. */
  voiceConnectorGroups: Pick<VoiceConnectorGroupRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<VoiceConnectorGroupWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: VoiceConnectorQuotaSource;
  /** Most items of one group. */
  maxVoiceConnectorsPerGroup: number;
}

/** The name and members of a group, as a create or an update gives them. */
export interface GroupContent {
  name: string;
  items: VoiceConnectorItem[];
}

const LISTING = 'ListVoiceConnectorGroups';

export class VoiceConnectorGroupService {
  readonly #options: VoiceConnectorGroupServiceOptions;

  constructor(options: VoiceConnectorGroupServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a new group with a fresh id.
   * @param region the region of the request (the group's ARN names it)
   * @throws DomainError `invalid` for items that repeat a connector or exceed the limit, `not-found` for an item whose
   *   connector does not exist in the account, `limit-exceeded` at the account's quota
   */
  async create(accountId: string, region: string, content: GroupContent): Promise<VoiceConnectorGroup> {
    const { unitOfWork, clock, ids, quotas, maxVoiceConnectorsPerGroup } = this.#options;
    checkItems(content.items, maxVoiceConnectorsPerGroup);
    const { maxVoiceConnectorGroupsPerAccount: max } = await quotas.voiceConnectorQuotasOf(accountId);
    const now = clock.now();
    const group: VoiceConnectorGroup = {
      id: ids.uuid(),
      accountId,
      region,
      name: content.name,
      items: copyItems(content.items),
      createdAt: now,
      updatedAt: now,
    };
    await unitOfWork.transaction(async ({ voiceConnectors, voiceConnectorGroups, events }) => {
      await voiceConnectors.lockAccount(accountId);
      checkQuota(await voiceConnectorGroups.count(accountId, max), max, 'voice connector groups', 'maxVoiceConnectorGroupsPerAccount');
      await requireConnectors(voiceConnectors, accountId, group.items);
      await voiceConnectorGroups.insert(group);
      await events.append([voiceConnectorGroupEvents.created(ids, group)]);
    });
    return group;
  }

  /** @throws DomainError `not-found` when the group does not exist in this account */
  async get(accountId: string, id: string): Promise<VoiceConnectorGroup> {
    return (await this.#options.voiceConnectorGroups.get(accountId, id.toLowerCase())) ?? notFound(id);
  }

  /** One page of the account's groups, oldest first. */
  async list(accountId: string, request: PageRequest): Promise<Page<VoiceConnectorGroup>> {
    const { voiceConnectorGroups, tokens } = this.#options;
    return pageByCreation(tokens, accountId, LISTING, request, (after, limit) => voiceConnectorGroups.list(accountId, { after, limit }));
  }

  /**
   * Replaces the name and every item (an empty list removes them all).
   * @throws DomainError `not-found` for the group or an item's connector, `invalid` as for {@link create}
   */
  async update(accountId: string, id: string, content: GroupContent): Promise<VoiceConnectorGroup> {
    const { unitOfWork, clock, ids, maxVoiceConnectorsPerGroup } = this.#options;
    checkItems(content.items, maxVoiceConnectorsPerGroup);
    const groupId = id.toLowerCase();
    const items = copyItems(content.items);
    const updatedAt = clock.now();
    return unitOfWork.transaction(async ({ voiceConnectors, voiceConnectorGroups, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await voiceConnectorGroups.get(accountId, groupId)) ?? notFound(id);
      await requireConnectors(voiceConnectors, accountId, items);
      await voiceConnectorGroups.replace(accountId, groupId, { name: content.name, items, updatedAt });
      const updated = { ...current, name: content.name, items, updatedAt };
      await events.append([voiceConnectorGroupEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /**
   * Deletes the group.
   * @throws DomainError `not-found`; `conflict` while it has items (remove them with an update first, as AWS requires)
   *   or numbers are associated with it (also when the database refuses the delete for that reason)
   */
  async delete(accountId: string, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    const groupId = id.toLowerCase();
    await unitOfWork.transaction(async ({ voiceConnectors, voiceConnectorGroups, associations, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await voiceConnectorGroups.get(accountId, groupId)) ?? notFound(id);
      if (current.items.length > 0) {
        const count = current.items.length === 1 ? '1 voice connector' : `${current.items.length} voice connectors`;
        throw new DomainError(
          'conflict',
          fieldText`Voice connector group ${id} has ${count} in its ${field('voiceConnectorItems')}; remove them before deleting the group`,
        );
      }
      if (await associations.hasNumbers(accountId, { kind: 'VoiceConnectorGroupId', id: groupId })) throw hasNumbers(id);
      try {
        await voiceConnectorGroups.delete(accountId, groupId);
      } catch (error) {
        if (error instanceof StillReferencedError) throw hasNumbers(id);
        throw error;
      }
      await events.append([voiceConnectorGroupEvents.deleted(ids, current, clock.now())]);
    });
  }
}

/** @throws DomainError `not-found` naming the items whose connector is not the account's */
async function requireConnectors(
  voiceConnectors: Pick<VoiceConnectorRepository, 'existing'>,
  accountId: string,
  items: readonly VoiceConnectorItem[],
): Promise<void> {
  if (items.length === 0) return;
  const missing = missingConnectors(items, await voiceConnectors.existing(accountId, items.map((item) => item.voiceConnectorId)));
  if (missing.length === 0) return;
  const which = missing.length === 1 ? `voice connector with id ${missing[0]}` : `voice connectors with ids ${missing.join(', ')}`;
  throw new DomainError('not-found', fieldText`${field('voiceConnectorItems')}: no ${which} exists in this account`);
}

function copyItems(items: readonly VoiceConnectorItem[]): VoiceConnectorItem[] {
  return items.map((item) => ({ voiceConnectorId: item.voiceConnectorId, priority: item.priority }));
}

function hasNumbers(id: string): DomainError {
  return new DomainError(
    'conflict',
    `Voice connector group ${id} has phone numbers associated with it; disassociate them (DisassociatePhoneNumbersFromVoiceConnectorGroup) before deleting it`,
  );
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No voice connector group with id ${id} exists in this account`);
}

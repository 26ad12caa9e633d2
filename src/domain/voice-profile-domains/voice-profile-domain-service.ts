/**
 * Voice profile domains: create (within the account's quota per region, a retry with the same `ClientRequestToken`
 * answering the domain it made), get, list, update (name and description) and delete, always within one account and
 * the region of the request. Writes run under the account's voice lock, as every write of the voice resources does.
 */
import { voiceProfileDomainEvents } from '../events/resource-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { VoiceProfileDomainQuotaSource } from '../ports/quotas.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { DomainScope, VoiceProfileDomainRepository } from '../ports/voice-profile-domains.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { checkTags } from '../tags/tag-rules.ts';
import { pageByCreation, type Page, type PageRequest } from '../voice-connectors/creation-paging.ts';
import type { Tag } from '../voice-connectors/voice-connector.ts';
import type { VoiceProfileRepository } from '../ports/voice-profiles.ts';
import type { VoiceProfileDomain } from './voice-profile-domain.ts';
import { checkKmsKeyArn, checkRegionQuota, sameCreate, voiceProfileDomainNotFound } from './voice-profile-domain-rules.ts';

/** What the writes of a domain read and write in one transaction (under the account's voice lock), with their events. */
export interface VoiceProfileDomainWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'count' | 'insert' | 'get' | 'byClientRequestToken' | 'update' | 'delete'>;
  voiceProfiles: Pick<VoiceProfileRepository, 'list'>;
  events: EventAppender;
}

export interface VoiceProfileDomainServiceOptions {
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<VoiceProfileDomainWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: VoiceProfileDomainQuotaSource;
}

export interface NewVoiceProfileDomain {
  name: string;
  description?: string;
  kmsKeyArn: string;
  clientRequestToken?: string;
  tags?: Tag[];
}

const LISTING = 'ListVoiceProfileDomains';

export class VoiceProfileDomainService {
  readonly #options: VoiceProfileDomainServiceOptions;

  constructor(options: VoiceProfileDomainServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a new domain with a fresh id, or answers the one an earlier create with the same token made.
   * @throws DomainError `invalid` (the key, a repeated or reserved tag key); `conflict` for a token already used by a
   *   create that asked for something else; `limit-exceeded` at the account's quota in the region
   */
  async create(scope: DomainScope, request: NewVoiceProfileDomain): Promise<VoiceProfileDomain> {
    const { unitOfWork, clock, ids, quotas } = this.#options;
    checkKmsKeyArn(request.kmsKeyArn, scope.region);
    const tags = request.tags ?? [];
    checkTags(tags);
    const { maxVoiceProfileDomainsPerRegion: max } = await quotas.voiceProfileDomainQuotasOf(scope.accountId);
    const now = clock.now();
    const domain: VoiceProfileDomain = {
      id: ids.uuid(),
      accountId: scope.accountId,
      region: scope.region,
      name: request.name,
      ...(request.description !== undefined && { description: request.description }),
      kmsKeyArn: request.kmsKeyArn,
      ...(request.clientRequestToken !== undefined && { clientRequestToken: request.clientRequestToken }),
      tags: tags.map((tag) => ({ key: tag.key, value: tag.value })),
      createdAt: now,
      updatedAt: now,
    };
    return unitOfWork.transaction(async ({ voiceConnectors, voiceProfileDomains, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      if (request.clientRequestToken !== undefined) {
        const earlier = await voiceProfileDomains.byClientRequestToken(scope, request.clientRequestToken);
        if (earlier !== undefined) {
          if (sameCreate(earlier, request)) return earlier;
          throw new DomainError(
            'conflict',
            `ClientRequestToken ${request.clientRequestToken} already created voice profile domain ${earlier.id} with other parameters; use a new token for a new domain`,
          );
        }
      }
      checkRegionQuota(await voiceProfileDomains.count(scope, max), max, scope.region);
      await voiceProfileDomains.insert(domain);
      await events.append([voiceProfileDomainEvents.created(ids, domain)]);
      return domain;
    });
  }

  /** @throws DomainError `not-found` when the domain does not exist in this account and region */
  async get(scope: DomainScope, id: string): Promise<VoiceProfileDomain> {
    return (await this.#options.voiceProfileDomains.get(scope, id)) ?? voiceProfileDomainNotFound(scope, id);
  }

  /** One page of the account's domains in the region, oldest first. */
  async list(scope: DomainScope, request: PageRequest): Promise<Page<VoiceProfileDomain>> {
    const { voiceProfileDomains, tokens } = this.#options;
    // The token is bound to the region too: a token of one region's listing is refused in another.
    const listing = `${LISTING}/${scope.region}`;
    return pageByCreation(tokens, scope.accountId, listing, request, (after, limit) =>
      voiceProfileDomains.list(scope.accountId, { region: scope.region, limit, ...(after && { after }) }),
    );
  }

  /**
   * Sets the name and/or the description (what is absent stays).
   * @throws DomainError `not-found`
   */
  async update(scope: DomainScope, id: string, changes: { name?: string; description?: string }): Promise<VoiceProfileDomain> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async ({ voiceConnectors, voiceProfileDomains, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const current = (await voiceProfileDomains.get(scope, id)) ?? voiceProfileDomainNotFound(scope, id);
      const updated = (await voiceProfileDomains.update(scope, id, { ...changes, updatedAt: clock.now() })) ?? voiceProfileDomainNotFound(scope, id);
      await events.append([voiceProfileDomainEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /**
   * Deletes the domain, which must hold no voice profile (as AWS refuses otherwise).
   * @throws DomainError `not-found`; `conflict` while the domain holds a profile that has not expired
   */
  async delete(scope: DomainScope, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, voiceProfileDomains, voiceProfiles, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const current = (await voiceProfileDomains.get(scope, id)) ?? voiceProfileDomainNotFound(scope, id);
      const [profile] = await voiceProfiles.list(scope, id, { now: clock.now(), limit: 1 });
      if (profile !== undefined) {
        throw new DomainError('conflict', `Voice profile domain ${id} holds voice profiles (${profile.id} among them): delete them first`);
      }
      if (!(await voiceProfileDomains.delete(scope, id))) voiceProfileDomainNotFound(scope, id);
      await events.append([voiceProfileDomainEvents.deleted(ids, current, clock.now())]);
    });
  }
}

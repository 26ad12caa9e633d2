/**
 * Voice profiles: create one from a speaker search that has succeeded, get, list a domain's, update (enrol a new
 * voiceprint from another search) and delete, within one account and the region of the profile's domain (the rules:
 * voice-profile.ts). Writes run under the account's voice lock, as every write of the voice resources does: one
 * search's voiceprint never enrols two profiles.
 */
import { voiceProfileEvents } from '../events/resource-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceAnalyticsTaskRepository } from '../ports/voice-analytics-tasks.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { DomainScope, VoiceProfileDomainRepository } from '../ports/voice-profile-domains.ts';
import type { VoiceProfileRepository } from '../ports/voice-profiles.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from '../voice-connectors/creation-paging.ts';
import { voiceProfileDomainNotFound } from '../voice-profile-domains/voice-profile-domain-rules.ts';
import { retentionStart, taskStateAt, type VoiceAnalyticsTask } from './voice-analytics-task.ts';
import { profileExpiry, voiceprintOf, type VoiceProfile } from './voice-profile.ts';

/** What a profile's writes read and write in one transaction (under the account's voice lock), with their events. */
export interface VoiceProfileWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get'>;
  voiceAnalyticsTasks: Pick<VoiceAnalyticsTaskRepository, 'find'>;
  voiceProfiles: VoiceProfileRepository;
  events: EventAppender;
}

export interface VoiceProfileServiceOptions {
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get'>;
  voiceProfiles: Pick<VoiceProfileRepository, 'get' | 'list'>;
  unitOfWork: UnitOfWork<VoiceProfileWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
}

const LISTING = 'ListVoiceProfiles';

export class VoiceProfileService {
  readonly #options: VoiceProfileServiceOptions;

  constructor(options: VoiceProfileServiceOptions) {
    this.#options = options;
  }

  /**
   * Enrols the voiceprint of a speaker search of the account that has succeeded, in the search's domain (which must be
   * in the request's region).
   * @throws DomainError `not-found` (the search in the last day, its domain); `invalid` (a search that has not
   *   succeeded); `conflict` (its voiceprint enrolled a profile already)
   */
  async create(scope: DomainScope, speakerSearchTaskId: string): Promise<VoiceProfile> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async (writes) => {
      await writes.voiceConnectors.lockAccount(scope.accountId);
      const now = clock.now();
      const search = await succeededSearch(writes, scope, speakerSearchTaskId, now);
      await checkUnused(writes, scope.accountId, speakerSearchTaskId, now);
      const profile: VoiceProfile = {
        id: ids.uuid(),
        accountId: scope.accountId,
        region: scope.region,
        voiceProfileDomainId: search.voiceProfileDomainId!,
        voiceprint: search.voiceprint ?? voiceprintOf(search),
        speakerSearchTaskId,
        createdAt: now,
        updatedAt: now,
        expiresAt: profileExpiry(now),
      };
      await writes.voiceProfiles.insert(profile);
      await writes.events.append([voiceProfileEvents.created(ids, profile)]);
      return profile;
    });
  }

  /** @throws DomainError `not-found` when the profile does not exist in this account and region (or has expired) */
  async get(scope: DomainScope, id: string): Promise<VoiceProfile> {
    const { voiceProfiles, clock } = this.#options;
    return (await voiceProfiles.get(scope, id, clock.now())) ?? profileNotFound(scope, id);
  }

  /** One page of the domain's profiles, oldest first. @throws DomainError `not-found` (the domain) */
  async list(scope: DomainScope, voiceProfileDomainId: string, request: PageRequest): Promise<Page<VoiceProfile>> {
    const { voiceProfileDomains, voiceProfiles, tokens, clock } = this.#options;
    if ((await voiceProfileDomains.get(scope, voiceProfileDomainId)) === undefined) voiceProfileDomainNotFound(scope, voiceProfileDomainId);
    const now = clock.now();
    // The token is bound to the domain: a token of one domain's listing is refused for another.
    return pageByCreation(tokens, scope.accountId, `${LISTING}/${voiceProfileDomainId}`, request, (after, limit) =>
      voiceProfiles.list(scope, voiceProfileDomainId, { now, limit, ...(after && { after }) }),
    );
  }

  /**
   * Enrols the voiceprint of another speaker search of the profile's domain, that has succeeded; the profile lasts
   * its lifetime again from now.
   * @throws DomainError `not-found` (the profile, the search); `invalid` (a search that has not succeeded, or of
   *   another domain); `conflict` (the search's voiceprint enrolled another profile)
   */
  async update(scope: DomainScope, id: string, speakerSearchTaskId: string): Promise<VoiceProfile> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async (writes) => {
      await writes.voiceConnectors.lockAccount(scope.accountId);
      const now = clock.now();
      const current = (await writes.voiceProfiles.get(scope, id, now)) ?? profileNotFound(scope, id);
      const search = await succeededSearch(writes, scope, speakerSearchTaskId, now);
      if (search.voiceProfileDomainId !== current.voiceProfileDomainId) {
        throw new DomainError('invalid', `Speaker search task ${speakerSearchTaskId} searched voice profile domain ${search.voiceProfileDomainId}, not the profile's ${current.voiceProfileDomainId}`);
      }
      if (current.speakerSearchTaskId !== speakerSearchTaskId) await checkUnused(writes, scope.accountId, speakerSearchTaskId, now);
      const changes = { voiceprint: search.voiceprint ?? voiceprintOf(search), speakerSearchTaskId, updatedAt: now, expiresAt: profileExpiry(now) };
      const updated = (await writes.voiceProfiles.update(scope, id, changes)) ?? profileNotFound(scope, id);
      await writes.events.append([voiceProfileEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /** @throws DomainError `not-found` */
  async delete(scope: DomainScope, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, voiceProfiles, events }) => {
      await voiceConnectors.lockAccount(scope.accountId);
      const now = clock.now();
      const current = (await voiceProfiles.get(scope, id, now)) ?? profileNotFound(scope, id);
      if (!(await voiceProfiles.delete(scope, id))) profileNotFound(scope, id);
      await events.append([voiceProfileEvents.deleted(ids, current, now)]);
    });
  }
}

/** The account's speaker search of the last day, succeeded, whose domain exists in the scope's region. */
async function succeededSearch(writes: VoiceProfileWrites, scope: DomainScope, id: string, now: Date): Promise<VoiceAnalyticsTask> {
  const search = await writes.voiceAnalyticsTasks.find(scope.accountId, 'speaker-search', id, retentionStart(now));
  if (search === undefined) throw new DomainError('not-found', `No speaker search task with id ${id} in this account in the last 24 hours`);
  const { status } = taskStateAt(search, now);
  if (status !== 'SUCCEEDED') {
    throw new DomainError('invalid', `Speaker search task ${id} is ${status}: a voice profile is enrolled from a search that has SUCCEEDED, with its voiceprint`);
  }
  const domainId = search.voiceProfileDomainId!;
  if ((await writes.voiceProfileDomains.get(scope, domainId)) === undefined) voiceProfileDomainNotFound(scope, domainId);
  return search;
}

/** @throws DomainError `conflict` when the search's voiceprint enrolled a profile already */
async function checkUnused(writes: VoiceProfileWrites, accountId: string, speakerSearchTaskId: string, now: Date): Promise<void> {
  const enrolled = await writes.voiceProfiles.byTask(accountId, speakerSearchTaskId, now);
  if (enrolled !== undefined) {
    throw new DomainError('conflict', `Speaker search task ${speakerSearchTaskId} enrolled voice profile ${enrolled.id} already; a search's voiceprint enrols one profile`);
  }
}

function profileNotFound(scope: DomainScope, id: string): never {
  throw new DomainError('not-found', `No voice profile with id ${id} exists in ${scope.region} in this account`);
}

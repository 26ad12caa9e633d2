/**
 * SIP media applications: create (within the account's quota), get, list, update (name and endpoints), delete (not
 * while a SIP rule targets it) and their logging configuration, always within one account. The Lambda functions are
 * stored, never called; no log is written.
 */
import { sipMediaApplicationEvents } from '../events/resource-events.ts';
import { sipMediaApplicationLoggingChanged } from '../events/sip-media-application-settings-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { SipQuotaSource } from '../ports/quotas.ts';
import type { SipMediaApplicationRepository, SipRuleRepository } from '../ports/sip.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import type { PageTokens } from '../shared/page-tokens.ts';
import { pageByCreation, type Page, type PageRequest } from '../voice-connectors/creation-paging.ts';
import type { Tag } from '../voice-connectors/voice-connector.ts';
import { checkTags } from '../tags/tag-rules.ts';
import { checkQuota } from '../voice-connectors/voice-connector-rules.ts';
import type { SipMediaApplication, SipMediaApplicationEndpoint, SipMediaApplicationLogging } from './sip.ts';
import { checkEndpoints, checkRegion } from './sip-rules.ts';

/** What the writes of an application read and write in one transaction (under the account's voice lock), with their events. */
export interface SipMediaApplicationWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'count' | 'insert' | 'get' | 'update' | 'delete' | 'putLogging'>;
  sipRules: Pick<SipRuleRepository, 'rulesTargeting'>;
  events: EventAppender;
}

export interface SipMediaApplicationServiceOptions {
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'get' | 'list' | 'loggingOf'>;
  unitOfWork: UnitOfWork<SipMediaApplicationWrites>;
  clock: Clock;
  ids: IdSource;
  tokens: PageTokens;
  quotas: SipQuotaSource;
}

export interface NewSipMediaApplication {
  name: string;
  awsRegion: string;
  endpoints: SipMediaApplicationEndpoint[];
  tags?: Tag[];
}

const LISTING = 'ListSipMediaApplications';

export class SipMediaApplicationService {
  readonly #options: SipMediaApplicationServiceOptions;

  constructor(options: SipMediaApplicationServiceOptions) {
    this.#options = options;
  }

  /**
   * Stores a new application with a fresh id.
   * @param regions the regions an application may live in (those of voice connectors in the request's model)
   * @throws DomainError `invalid` (region, endpoints, repeated tag key), `limit-exceeded` at the account's quota
   */
  async create(accountId: string, request: NewSipMediaApplication, regions: readonly string[]): Promise<SipMediaApplication> {
    const { unitOfWork, clock, ids, quotas } = this.#options;
    checkRegion(request.awsRegion, regions);
    checkEndpoints(request.endpoints, request.awsRegion);
    const tags = request.tags ?? [];
    checkTags(tags);
    const { maxSipMediaApplicationsPerAccount: max } = await quotas.sipQuotasOf(accountId);
    const now = clock.now();
    const application: SipMediaApplication = {
      id: ids.uuid(),
      accountId,
      name: request.name,
      awsRegion: request.awsRegion,
      endpoints: request.endpoints.map((endpoint) => ({ lambdaArn: endpoint.lambdaArn })),
      tags: tags.map((tag) => ({ key: tag.key, value: tag.value })),
      createdAt: now,
      updatedAt: now,
    };
    await unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, events }) => {
      await voiceConnectors.lockAccount(accountId);
      checkQuota(await sipMediaApplications.count(accountId, max), max, 'SIP media applications', 'maxSipMediaApplicationsPerAccount');
      await sipMediaApplications.insert(application);
      await events.append([sipMediaApplicationEvents.created(ids, application)]);
    });
    return application;
  }

  /** @throws DomainError `not-found` when the application does not exist in this account */
  async get(accountId: string, id: string): Promise<SipMediaApplication> {
    return (await this.#options.sipMediaApplications.get(accountId, id)) ?? notFound(id);
  }

  /** One page of the account's applications, oldest first. */
  async list(accountId: string, request: PageRequest): Promise<Page<SipMediaApplication>> {
    const { sipMediaApplications, tokens } = this.#options;
    return pageByCreation(tokens, accountId, LISTING, request, (after, limit) => sipMediaApplications.list(accountId, { after, limit }));
  }

  /**
   * Sets the name and/or the endpoints (what is absent stays).
   * @throws DomainError `not-found`; `invalid` for endpoints outside the application's region
   */
  async update(accountId: string, id: string, changes: { name?: string; endpoints?: SipMediaApplicationEndpoint[] }): Promise<SipMediaApplication> {
    const { unitOfWork, clock, ids } = this.#options;
    return unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const current = (await sipMediaApplications.get(accountId, id)) ?? notFound(id);
      if (changes.endpoints !== undefined) checkEndpoints(changes.endpoints, current.awsRegion);
      const updated = (await sipMediaApplications.update(accountId, id, { ...changes, updatedAt: clock.now() })) ?? notFound(id);
      await events.append([sipMediaApplicationEvents.updated(ids, current, updated)]);
      return updated;
    });
  }

  /**
   * Deletes the application.
   * @throws DomainError `not-found`; `conflict` while a SIP rule targets it
   */
  async delete(accountId: string, id: string): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, sipRules, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const rules = await sipRules.rulesTargeting(accountId, id);
      if (rules.length > 0) inUse(id, rules);
      const current = (await sipMediaApplications.get(accountId, id)) ?? notFound(id);
      const outcome = await sipMediaApplications.delete(accountId, id);
      if (outcome === 'not-found') notFound(id);
      if (outcome === 'in-use') inUse(id, []);
      await events.append([sipMediaApplicationEvents.deleted(ids, current, clock.now())]);
    });
  }

  /** @throws DomainError `not-found`; undefined when no logging configuration was ever put */
  async logging(accountId: string, id: string): Promise<SipMediaApplicationLogging | undefined> {
    const logging = await this.#options.sipMediaApplications.loggingOf(accountId, id);
    if (logging === undefined) notFound(id);
    return logging ?? undefined;
  }

  /**
   * Replaces the logging configuration (what is not given is off), records the change and answers it.
   * @throws DomainError `not-found`
   */
  async putLogging(accountId: string, id: string, request: Partial<SipMediaApplicationLogging>): Promise<SipMediaApplicationLogging> {
    const { unitOfWork, clock, ids } = this.#options;
    const logging: SipMediaApplicationLogging = { enableMessageLogs: request.enableMessageLogs ?? false };
    await unitOfWork.transaction(async ({ voiceConnectors, sipMediaApplications, events }) => {
      await voiceConnectors.lockAccount(accountId);
      const application = (await sipMediaApplications.get(accountId, id)) ?? notFound(id);
      if (!(await sipMediaApplications.putLogging(accountId, id, logging))) notFound(id);
      await events.append([sipMediaApplicationLoggingChanged(ids, application, logging, clock.now())]);
    });
    return logging;
  }
}

function inUse(id: string, rules: readonly string[]): never {
  const which = rules.length === 0 ? 'a SIP rule' : rules.length === 1 ? `SIP rule ${rules[0]}` : `SIP rules ${rules.join(', ')}`;
  throw new DomainError('conflict', `SIP media application ${id} is a target of ${which}; remove it from the rule or delete the rule first`);
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No SIP media application with id ${id} exists in this account`);
}

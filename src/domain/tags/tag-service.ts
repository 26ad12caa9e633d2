/**
 * Tags of voice connectors, SIP media applications and voice profile domains: list, add (`TagResource`) and remove (`UntagResource`), the
 * resource named by its ARN and always within the caller's account. A change runs under the account's voice lock, as
 * every write of these resources does, so concurrent tag calls on one resource each see the other's result, and it
 * records `Tag Change on Resource` in its transaction when it changed something.
 */
import { tagChanged } from '../events/tag-events.ts';
import type { EventAppender } from '../ports/events.ts';
import type { SipMediaApplicationRepository } from '../ports/sip.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { VoiceConnectorRepository } from '../ports/voice-connectors.ts';
import type { VoiceProfileDomainRepository } from '../ports/voice-profile-domains.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { sipMediaApplicationArn } from '../sip/sip.ts';
import { voiceConnectorArn, type Tag } from '../voice-connectors/voice-connector.ts';
import { voiceProfileDomainArn } from '../voice-profile-domains/voice-profile-domain.ts';
import { KIND_NAMES, taggableResource, type TaggableResource } from './resource-arn.ts';
import { addTags, checkTagKeys, checkTags, removeTags, type TagChange } from './tag-rules.ts';

/** Where a tagged resource is read. */
export interface TaggedResources {
  voiceConnectors: Pick<VoiceConnectorRepository, 'get'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'get'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get'>;
}

/** What a tag change reads and writes in one transaction. */
export interface TagWrites {
  voiceConnectors: Pick<VoiceConnectorRepository, 'lockAccount' | 'get' | 'setTags'>;
  sipMediaApplications: Pick<SipMediaApplicationRepository, 'get' | 'setTags'>;
  voiceProfileDomains: Pick<VoiceProfileDomainRepository, 'get' | 'setTags'>;
  events: EventAppender;
}

export interface TagServiceOptions {
  /** Reads outside a transaction (`ListTagsForResource`). */
  resources: TaggedResources;
  unitOfWork: UnitOfWork<TagWrites>;
  clock: Clock;
  ids: IdSource;
}

/** A resource found by its ARN: its ARN as the API writes it, and its tags. */
interface Found {
  resource: TaggableResource;
  arn: string;
  tags: Tag[];
}

export class TagService {
  readonly #options: TagServiceOptions;

  constructor(options: TagServiceOptions) {
    this.#options = options;
  }

  /**
   * The resource's tags, in the order they were added.
   * @throws DomainError `invalid` for an ARN that names no voice connector, SIP media application or voice profile
   *   domain; `not-found`
   */
  async list(accountId: string, arn: string): Promise<Tag[]> {
    return (await find(this.#options.resources, accountId, resourceOf(arn))).tags;
  }

  /**
   * Adds the tags; a key the resource has takes the new value.
   * @throws DomainError `invalid` (a key given twice or reserved, an ARN of another kind); `not-found`;
   *   `limit-exceeded` beyond 50 tags (`MAX_TAGS_PER_RESOURCE`)
   */
  async tag(accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
    checkTags(tags);
    await this.#change(accountId, resourceOf(arn), (current) => addTags(current, tags));
  }

  /**
   * Removes the tags of these keys; a key the resource lacks is ignored.
   * @throws DomainError `invalid` (a reserved key, an ARN of another kind); `not-found`
   */
  async untag(accountId: string, arn: string, keys: readonly string[]): Promise<void> {
    checkTagKeys(keys);
    await this.#change(accountId, resourceOf(arn), (current) => removeTags(current, keys));
  }

  async #change(accountId: string, resource: TaggableResource, change: (current: readonly Tag[]) => TagChange): Promise<void> {
    const { unitOfWork, clock, ids } = this.#options;
    await unitOfWork.transaction(async (repos) => {
      await repos.voiceConnectors.lockAccount(accountId);
      const found = await find(repos, accountId, resource);
      const { tags, changedKeys } = change(found.tags);
      if (changedKeys.length === 0) return;
      if (!(await setTags(repos, accountId, resource, tags))) notFound(resource);
      await repos.events.append([tagChanged(ids, { accountId, kind: resource.kind, id: resource.id, arn: found.arn, changedKeys, tags, at: clock.now() })]);
    });
  }
}

/** @throws DomainError `invalid` */
function resourceOf(arn: string): TaggableResource {
  const resource = taggableResource(arn);
  if (resource === undefined) {
    throw new DomainError(
      'invalid',
      fieldText`${field('resourceArn')} names no voice connector (arn:aws:chime:<region>:<account>:vc/<id>), SIP media application (arn:aws:chime:<region>:<account>:sma/<id>) or voice profile domain (arn:aws:chime:<region>:<account>:voice-profile-domain/<id>); only those take tags`,
    );
  }
  return resource;
}

/** The resource with its tags, when the ARN names one of the account's, in its region. @throws DomainError `not-found` */
async function find(repos: TaggedResources, accountId: string, resource: TaggableResource): Promise<Found> {
  if (resource.accountId !== accountId) notFound(resource);
  if (resource.kind === 'vc') {
    const connector = await repos.voiceConnectors.get(accountId, resource.id);
    if (connector === undefined || connector.awsRegion !== resource.region) notFound(resource);
    return { resource, arn: voiceConnectorArn(connector), tags: connector.tags };
  }
  if (resource.kind === 'sma') {
    const application = await repos.sipMediaApplications.get(accountId, resource.id);
    if (application === undefined || application.awsRegion !== resource.region) notFound(resource);
    return { resource, arn: sipMediaApplicationArn(application), tags: application.tags };
  }
  const domain = await repos.voiceProfileDomains.get({ accountId, region: resource.region }, resource.id);
  if (domain === undefined) notFound(resource);
  return { resource, arn: voiceProfileDomainArn(domain), tags: domain.tags };
}

/** Stores the resource's new tags; false when it is gone. */
function setTags(repos: TagWrites, accountId: string, resource: TaggableResource, tags: readonly Tag[]): Promise<boolean> {
  switch (resource.kind) {
    case 'vc':
      return repos.voiceConnectors.setTags(accountId, resource.id, tags);
    case 'sma':
      return repos.sipMediaApplications.setTags(accountId, resource.id, tags);
    case 'voice-profile-domain':
      return repos.voiceProfileDomains.setTags({ accountId, region: resource.region }, resource.id, tags);
  }
}

function notFound(resource: TaggableResource): never {
  throw new DomainError('not-found', `No ${KIND_NAMES[resource.kind]} with id ${resource.id} in ${resource.region} exists in this account`);
}

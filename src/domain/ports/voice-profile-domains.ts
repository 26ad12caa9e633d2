/**
 * Voice profile domain storage, as its service uses it. A domain is found within one account and one region; an id of
 * another account or region is not found.
 */
import type { Tag } from '../voice-connectors/voice-connector.ts';
import type { VoiceProfileDomain } from '../voice-profile-domains/voice-profile-domain.ts';
import type { CreationCursor } from './voice-connectors.ts';

/** Where a domain is looked for. */
export interface DomainScope {
  accountId: string;
  region: string;
}

export interface VoiceProfileDomainRepository {
  insert(domain: VoiceProfileDomain): Promise<void>;
  /** The domain, when it exists in the account and region. */
  get(scope: DomainScope, id: string): Promise<VoiceProfileDomain | undefined>;
  /** The domain the account's create with this `ClientRequestToken` made in the region, while it exists. */
  byClientRequestToken(scope: DomainScope, token: string): Promise<VoiceProfileDomain | undefined>;
  /**
   * Up to `limit` domains of the account strictly after `after`, by (createdAt, id) ascending: those of `region`, or of
   * every region when it is absent (an export).
   */
  list(accountId: string, options: { region?: string; after?: CreationCursor; limit: number }): Promise<VoiceProfileDomain[]>;
  /** Sets the name and/or the description in one statement; answers the domain as stored, or undefined when not found. */
  update(scope: DomainScope, id: string, changes: { name?: string; description?: string; updatedAt: Date }): Promise<VoiceProfileDomain | undefined>;
  /** Replaces the domain's tags (its `updatedAt` stays); false when not found. */
  setTags(scope: DomainScope, id: string, tags: readonly Tag[]): Promise<boolean>;
  /** Deletes the domain; false when it does not exist. */
  delete(scope: DomainScope, id: string): Promise<boolean>;
  /** The account's domains in the region, counted up to `cap + 1`. */
  count(scope: DomainScope, cap: number): Promise<number>;
}

/**
 * Voice profile storage, as its services use it. A profile is found within one account and one region (its domain's);
 * one that has expired is gone: every read takes the time it is asked at and leaves expired profiles out, and the
 * retention sweep deletes them.
 */
import type { VoiceProfile } from '../voice-analytics/voice-profile.ts';
import type { DomainScope } from './voice-profile-domains.ts';
import type { CreationCursor } from './voice-connectors.ts';

export interface VoiceProfileRepository {
  insert(profile: VoiceProfile): Promise<void>;
  /** The profile, when it exists in the account and region and has not expired at `now`. */
  get(scope: DomainScope, id: string, now: Date): Promise<VoiceProfile | undefined>;
  /** Up to `limit` of the domain's profiles unexpired at `now`, strictly after `after`, by (createdAt, id) ascending. */
  list(scope: DomainScope, voiceProfileDomainId: string, options: { now: Date; after?: CreationCursor; limit: number }): Promise<VoiceProfile[]>;
  /** The account's profile (unexpired at `now`) enrolled or last updated from this speaker search, if any. */
  byTask(accountId: string, speakerSearchTaskId: string, now: Date): Promise<VoiceProfile | undefined>;
  /**
   * The domain's profiles that have this voiceprint now, were created at or before `enrolledBy` and have not expired at
   * `now`, oldest first.
   */
  matching(accountId: string, voiceProfileDomainId: string, voiceprint: string, enrolledBy: Date, now: Date): Promise<VoiceProfile[]>;
  /** Sets a new voiceprint, its task and times in one statement; answers the profile as stored, or undefined when not found. */
  update(scope: DomainScope, id: string, changes: Pick<VoiceProfile, 'voiceprint' | 'speakerSearchTaskId' | 'updatedAt' | 'expiresAt'>): Promise<VoiceProfile | undefined>;
  /** Deletes the profile; false when it does not exist. */
  delete(scope: DomainScope, id: string): Promise<boolean>;
  /**
   * Deletes up to `limit` profiles of any account that have expired at `now` (`expiresAt` at or before it), the first to
   * expire first: exactly those that no read at `now` shows. Answers how many. The retention sweep's
   * (voice-analytics-retention.ts).
   */
  pruneExpired(now: Date, limit: number): Promise<number>;
}

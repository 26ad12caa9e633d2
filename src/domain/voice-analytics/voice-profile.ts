/**
 * Voice profiles as the domain sees them: a speaker enrolled, in a voice profile domain, from the voiceprint a speaker
 * search made (CreateVoiceProfile), so that later searches in the domain find them. dialtone hears no audio: a call
 * leg's voiceprint stands for its speaker (see {@link voiceprintOf}). The rules are dialtone's (docs/api.md, "Voice
 * analytics"):
 * - a profile is made from a speaker search of the account that has `SUCCEEDED`, and goes in its domain;
 * - a search's voiceprint enrols at most one profile;
 * - a profile expires {@link PROFILE_LIFETIME_YEARS} years after it was enrolled or last updated, and is then gone
 *   (no read shows it, and the retention sweep deletes it: voice-analytics-retention.ts).
 */
import { createHash } from 'node:crypto';
import type { VoiceAnalyticsTask } from './voice-analytics-task.ts';

export interface VoiceProfile {
  /** A UUID v4 in lower case. */
  id: string;
  accountId: string;
  /** Its domain's region: a profile is found in the region of its domain. */
  region: string;
  voiceProfileDomainId: string;
  /** Whose voice this is (see {@link voiceprintOf}). */
  voiceprint: string;
  /** The speaker search the voiceprint came from. */
  speakerSearchTaskId: string;
  createdAt: Date;
  /** The enrolment's time, or the last update's: the voiceprint's. */
  updatedAt: Date;
  expiresAt: Date;
}

/** How long a profile lasts after it was enrolled or updated, as the Chime SDK's voice analytics keeps them. */
export const PROFILE_LIFETIME_YEARS = 3;

/** The time a profile enrolled or updated at `at` expires; from 29 February, on the 28th of that month three years on. */
export function profileExpiry(at: Date): Date {
  const expiry = new Date(at.getTime());
  expiry.setUTCFullYear(expiry.getUTCFullYear() + PROFILE_LIFETIME_YEARS);
  // setUTCFullYear moves 29 February of a year without one to 1 March: back to the last day of February.
  if (expiry.getUTCMonth() !== at.getUTCMonth()) expiry.setUTCDate(0);
  return expiry;
}

/** @example voiceProfileArn(p) → 'arn:aws:chime:us-east-1:111111111111:voice-profile/0f1e…' */
export function voiceProfileArn(profile: Pick<VoiceProfile, 'id' | 'accountId' | 'region'>): string {
  return `arn:aws:chime:${profile.region}:${profile.accountId}:voice-profile/${profile.id}`;
}

/**
 * The voiceprint of the leg a speaker search listens to: its speaker. dialtone hears no audio, so the speaker is the
 * one the test named for the call's leg when there is one (`speaker`, see docs/operations.md, "Test-mode controls"),
 * else the leg of that call itself. The account is part of it: one account's profiles never match another's calls.
 */
export function voiceprintOf(task: Pick<VoiceAnalyticsTask, 'accountId' | 'voiceConnectorId' | 'transactionId' | 'callLeg'>, speaker?: string): string {
  const who = speaker === undefined ? ['call', task.voiceConnectorId, task.transactionId, task.callLeg ?? 'Caller'] : ['speaker', speaker];
  return createHash('sha256').update(JSON.stringify([task.accountId, ...who])).digest('hex');
}

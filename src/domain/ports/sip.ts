/**
 * SIP media application and SIP rule storage, as their services use it. Every read and write takes the account first;
 * an id of another account is not found.
 */
import type { SipMediaApplication, SipMediaApplicationEndpoint, SipMediaApplicationLogging, SipRule, SipRuleTarget, SipRuleTriggerType } from '../sip/sip.ts';
import type { Tag } from '../voice-connectors/voice-connector.ts';
import type { CreationCursor } from './voice-connectors.ts';

export interface SipMediaApplicationRepository {
  insert(application: SipMediaApplication): Promise<void>;
  /** The application, when it exists and belongs to the account. */
  get(accountId: string, id: string): Promise<SipMediaApplication | undefined>;
  /** Up to `limit` applications of the account strictly after `after`, by (createdAt, id) ascending. */
  list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<SipMediaApplication[]>;
  /** Sets the name and endpoints in one statement; answers the application as stored, or undefined when not found. */
  update(
    accountId: string,
    id: string,
    changes: { name?: string; endpoints?: SipMediaApplicationEndpoint[]; updatedAt: Date },
  ): Promise<SipMediaApplication | undefined>;
  /** The application's logging configuration: undefined when the application does not exist, null when never put. */
  loggingOf(accountId: string, id: string): Promise<SipMediaApplicationLogging | null | undefined>;
  /** Stores its logging configuration (its `updatedAt` stays); false when not found. */
  putLogging(accountId: string, id: string, logging: SipMediaApplicationLogging): Promise<boolean>;
  /** Replaces the application's tags (its `updatedAt` stays: tags are not part of the application); false when not found. */
  setTags(accountId: string, id: string, tags: readonly Tag[]): Promise<boolean>;
  /**
   * Deletes the application: `deleted`, `not-found`, or `in-use` when the database refused because a SIP rule targets
   * it (check {@link SipRuleRepository.rulesTargeting} first; this answer covers a concurrent writer).
   */
  delete(accountId: string, id: string): Promise<'deleted' | 'not-found' | 'in-use'>;
  /** The account's applications, counted up to `cap + 1`. */
  count(accountId: string, cap: number): Promise<number>;
  /** Those of `ids` that are applications of the account, with their regions. */
  regionsOf(accountId: string, ids: readonly string[]): Promise<Map<string, string>>;
}

export interface SipRuleRepository {
  /** Stores the rule with its targets; false (nothing stored) when a rule with the same trigger already exists. */
  insert(rule: SipRule): Promise<boolean>;
  /** The rule with its targets, when it exists and belongs to the account. */
  get(accountId: string, id: string): Promise<SipRule | undefined>;
  /**
   * Up to `limit` rules of the account strictly after `after`, by (createdAt, id) ascending; with `targeting`, only the
   * rules that have that application among their targets.
   */
  list(accountId: string, options: { after?: CreationCursor; limit: number; targeting?: string }): Promise<SipRule[]>;
  /** Sets the name, the disabled flag and every target at once; false when the rule does not exist in the account. */
  replace(accountId: string, id: string, changes: { name: string; disabled: boolean; targets: SipRuleTarget[]; updatedAt: Date }): Promise<boolean>;
  /** Deletes the rule and its targets; false when it does not exist. Remove its number associations first. */
  delete(accountId: string, id: string): Promise<boolean>;
  /** The account's rules, counted up to `cap + 1`. */
  count(accountId: string, cap: number): Promise<number>;
  /** The ids of the account's rules that target the application, in id order. */
  rulesTargeting(accountId: string, sipMediaApplicationId: string): Promise<string[]>;
  /** The ids of the account's rules with this trigger (at most one: a trigger is unique), in id order. */
  rulesTriggeredBy(accountId: string, trigger: { type: SipRuleTriggerType; value: string }): Promise<string[]>;
  /**
   * Gives the number the rule's `SipRuleId` association; false (nothing written) when the number already has an
   * association of any kind.
   */
  associateNumber(accountId: string, ruleId: string, e164: string, at: Date): Promise<boolean>;
  /** Removes every number association of the rule; answers the numbers it had. */
  dissociateNumbers(accountId: string, ruleId: string): Promise<string[]>;
}

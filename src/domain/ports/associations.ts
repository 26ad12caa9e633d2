/**
 * Phone-number associations: what each of an account's numbers is put to work on (one voice connector, voice
 * connector group or SIP rule per number). Every read and write takes the account.
 */

/** What an association names, as the model's `PhoneNumberAssociationName` spells it. */
export type AssociationKind = 'VoiceConnectorId' | 'VoiceConnectorGroupId' | 'SipRuleId';

export const ASSOCIATION_KINDS: readonly AssociationKind[] = ['VoiceConnectorId', 'VoiceConnectorGroupId', 'SipRuleId'];

/** A resource of the account that numbers can be associated with. */
export interface AssociationTarget {
  kind: AssociationKind;
  id: string;
}

/** A number's association. */
export interface NumberAssociation {
  e164: string;
  target: AssociationTarget;
  associatedAt: Date;
}

/** What readers of numbers need: the associations of a page of numbers, in one read. */
export interface AssociationReader {
  /** The association of each of `e164s` that has one in the account. */
  associationsOf(accountId: string, e164s: readonly string[]): Promise<Map<string, NumberAssociation>>;
}

/** What the association writers need, inside the unit of work that holds the account's voice connector lock. */
export interface AssociationRepository extends AssociationReader {
  /**
   * Associates each of `e164s` with `target` at `at`, replacing any association it had (a number has at most one). The
   * database refuses a target that is not a resource of the account.
   */
  associate(accountId: string, e164s: readonly string[], target: AssociationTarget, at: Date): Promise<void>;
  /** Removes the associations of `e164s` with `target`; answers the numbers whose association was removed. */
  disassociate(accountId: string, e164s: readonly string[], target: AssociationTarget): Promise<Set<string>>;
  /** Whether any number of the account is associated with `target`. */
  hasNumbers(accountId: string, target: AssociationTarget): Promise<boolean>;
}

/**
 * Thrown by a repository when the database refuses to delete a resource that rows still reference (numbers associated
 * with it, a group that has the connector as an item): the foreign keys decide races that the checks before the
 * delete could not see.
 */
export class StillReferencedError extends Error {
  constructor(message = 'the resource is still referenced') {
    super(message);
    this.name = 'StillReferencedError';
  }
}

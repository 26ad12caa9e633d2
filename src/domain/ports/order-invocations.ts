/**
 * Retry-safe creates: which order a call of CreatePhoneNumberOrder created, by the account and the SDK's invocation
 * id (`amz-sdk-invocation-id`, the same on every retry of one call), as the order service and its housekeeping use it.
 */

/** One call's claim of its invocation id. */
export interface OrderInvocation {
  accountId: string;
  invocationId: string;
  /** The order the call creates. */
  orderId: string;
  /** What the call asked for; a later call with the same id and another fingerprint is not a retry. */
  fingerprint: string;
  at: Date;
}

/** Who holds an invocation id after a claim: the claiming call (`claimed`), or the earlier call that created `orderId`. */
export interface InvocationHolder {
  claimed: boolean;
  orderId: string;
  fingerprint: string;
  at: Date;
}

export interface OrderInvocations {
  /**
   * Claims the account's invocation id for `invocation`, unless a claim made at or after `since` holds it (an older one
   * is replaced: it no longer matches). Call it in the transaction that inserts the order, so that the claim commits
   * with the order or not at all. Of concurrent claims of one id exactly one wins: the others wait for its transaction
   * (PostgreSQL) and answer its claim; when it rolls back, one of them claims instead.
   */
  claim(invocation: OrderInvocation, since: Date): Promise<InvocationHolder>;
  /** Deletes up to `limit` claims made before `before` (of every account); answers how many. */
  pruneBefore(before: Date, limit: number): Promise<number>;
}

/** The calls of SIP media applications, as their service keeps them: within one account and application. */
import type { SipMediaApplicationCall } from '../sip/sip-media-application-call.ts';

export interface SipMediaApplicationCallRepository {
  /** Stores the call (the database refuses one whose application is not the account's). */
  insert(call: SipMediaApplicationCall): Promise<void>;
  /** The call, when the account's application has one with this transaction id created after `since`. */
  get(accountId: string, sipMediaApplicationId: string, transactionId: string, since: Date): Promise<SipMediaApplicationCall | undefined>;
  /** Sets the call's `updatedAt`; false when it does not exist. */
  touch(accountId: string, sipMediaApplicationId: string, transactionId: string, at: Date): Promise<boolean>;
  /** Deletes up to `limit` of the account's calls created before `before`; answers how many. */
  prune(accountId: string, before: Date, limit: number): Promise<number>;
}

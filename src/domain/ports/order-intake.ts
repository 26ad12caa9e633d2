/**
 * Where new orders are stored: the claim of the call's invocation id, the quota check on the account's counters, the
 * order with its numbers and its fulfilment job, all or nothing. An adapter may store the creates that arrive together
 * in one transaction (group commit), each in a savepoint of its own; every create is answered only after the
 * transaction that holds it has committed.
 */
import type { NewEvent } from '../events/event.ts';
import type { Order } from '../orders/order.ts';
import type { InvocationHolder, OrderInvocation } from './order-invocations.ts';
import type { AccountUsage } from './usage.ts';

/** One create, decided by the domain, to store. */
export interface OrderPlacement {
  order: Order;
  /** Its events (order created), stored with it in the outbox. */
  events: readonly NewEvent[];
  /** The fulfilment job stored with it. */
  job: { id: string; kind: string; accountId: string; runAt: Date };
  /** The call's invocation id to claim first, unless a claim made at or after `since` holds it. */
  invocation?: { claim: OrderInvocation; since: Date };
  /**
   * The quota decision on the account's usage as the storing transaction sees it (after the claim, before any write of
   * the order): throws to refuse, and nothing of the create is stored.
   */
  checkUsage?(usage: AccountUsage): void;
}

/** What became of a placement that did not throw: stored, or answered by the earlier call that holds its invocation id. */
export type PlacementOutcome = { placed: true } | { placed: false; holder: InvocationHolder };

export interface OrderIntake {
  /**
   * Stores `placement` atomically. Resolves once it has committed; rejects with `checkUsage`'s refusal, or with the
   * storage failure that kept it from committing (nothing of it is stored then).
   */
  place(placement: OrderPlacement): Promise<PlacementOutcome>;
}

/**
 * What an authenticated caller must pass before its request is parsed: the account's token bucket for the request's
 * class (decided in memory, before the body is parsed or the database touched), then, once routed, the key's policy
 * for the operation's action.
 *
 * Where the parts of admission live, and why: the mechanisms that need only a verified credential are in auth/ (SigV4,
 * the key's policy, the token buckets of `throttle.ts`); the values that belong to an account are in tenancy/ (its
 * limits from the configuration and the stored overrides, its quotas, the limits report); applying them to one request,
 * in the pipeline's order, is this file. The credential carries the account's throttle limits, so the gateway never
 * asks tenancy and auth never depends on it. Quotas are checked by the domain, inside the transaction they guard.
 */
import { isActionAllowed } from '../auth/access-policy.ts';
import { operationClassOf, type Throttle } from '../auth/throttle.ts';
import { ServiceError } from '../protocol/errors.ts';
import type { Caller } from './authenticate.ts';

/** The event loop's lateness, as `observability/event-loop-lag.ts` measures it. */
export interface LoopLag {
  currentMs(): number;
}

/**
 * Sheds a request while the event loop runs more than `boundMs` late (0: never): 503 `ServiceUnavailableException`
 * with `Retry-After`, before its body is read. A loop that late is already making every request wait that long;
 * taking more work would only queue it into the clients' timeouts.
 */
export function shedWhenLagging(lag: LoopLag | undefined, boundMs: number): void {
  if (lag === undefined || boundMs <= 0) return;
  const lateMs = lag.currentMs();
  if (lateMs > boundMs) {
    throw new ServiceError(
      'ServiceUnavailableException',
      `The server is overloaded (its event loop runs ${Math.round(lateMs)} ms late, over ${boundMs} ms); retry later`,
      503,
      { 'retry-after': '1' },
    );
  }
}

/**
 * Takes `cost` tokens (see request-cost.ts) for the caller's account, or throws `ThrottledClientException` (429) with
 * `Retry-After` in whole seconds. Accounts without throttle limits pass.
 */
export function admit(throttle: Throttle, caller: Caller, method: string, cost = 1): void {
  const limits = caller.credential.account?.throttle;
  if (limits === undefined) return;
  const cls = operationClassOf(method);
  const limit = limits[cls];
  const decision = throttle.take(caller.credential.accountId, cls, limit, cost);
  if (!decision.allowed) {
    const priced = cost === 1 ? '' : `; this request costs ${Math.min(cost, limit.burst)} tokens`;
    throw new ServiceError(
      'ThrottledClientException',
      `Rate exceeded: account ${caller.credential.accountId} may make ${limit.ratePerSecond} ${cls} requests per second ` +
        `(burst ${limit.burst})${priced}; retry after ${decision.retryAfterSeconds} s`,
      429,
      { 'retry-after': String(decision.retryAfterSeconds) },
    );
  }
}

/** Throws `AccessDeniedException` (403) unless the caller's key may perform `action` (e.g. `chime:GetPhoneNumber`). */
export function authorize(caller: Caller, action: string): void {
  if (!isActionAllowed(caller.credential.policy, action)) {
    throw new ServiceError('AccessDeniedException', `User: ${caller.credential.accessKeyId} is not authorized to perform: ${action}`, 403);
  }
}

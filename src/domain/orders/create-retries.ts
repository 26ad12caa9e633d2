/**
 * Retry-safe creates. Every AWS SDK and CLI that dialtone's users run sends `amz-sdk-invocation-id`, a UUID that stays
 * the same on every retry of one call (AWS CLI v2 only from mid-2026; see docs/api.md). A create retried after its
 * answer was lost (a cut connection, a timeout) carries the id of the call that already created the order, so the
 * order service answers that order instead of creating a second one, within a window after the first attempt.
 */
import { createHash } from 'node:crypto';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import type { ProductType } from './order.ts';

/** The header that carries the invocation id (named in refusals). */
export const INVOCATION_ID_HEADER = 'amz-sdk-invocation-id';

/** What an id must look like to be used: the SDKs send a UUID; letters, digits and hyphens up to 64 are accepted. */
const USABLE_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The invocation id as it will be used, or `undefined` when there is none or it is not usable (too long, other
 * characters, a header sent twice): such a request is created as if it had no id (no retry safety, never refused).
 */
export function usableInvocationId(raw: string | undefined): string | undefined {
  return raw !== undefined && USABLE_ID.test(raw) ? raw : undefined;
}

/**
 * What a create asks for, as a short stable hash: the product type, the numbers (normalized, in request order) and the
 * name (`''` is no name). A retry of the same call sends the same request, so its fingerprint is equal.
 */
export function orderFingerprint(productType: ProductType, e164s: readonly string[], name: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([productType, e164s, name || null]))
    .digest('base64url');
}

/** The refusal of an invocation id that an earlier, different create used within the window. */
export function reusedInvocationId(invocationId: string, windowMs: number): DomainError {
  const header = INVOCATION_ID_HEADER;
  const window = describeWindow(windowMs);
  return new DomainError(
    'invalid',
    fieldText`The ${header} ${invocationId} was used in the last ${window} by a create with another ${field('productType')}, ${field('phoneNumbers')} or ${field('name')}; a retry must repeat its call's request, and a new call needs a new ${header}`,
  );
}

function describeWindow(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

function plural(n: number, unit: string): string {
  return n === 1 ? unit : `${n} ${unit}s`;
}

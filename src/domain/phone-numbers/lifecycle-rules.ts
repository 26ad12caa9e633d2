/**
 * The rules of the number lifecycle, as pure functions over a record and the time: which changes a number in a given
 * state accepts, and why one is refused. The service applies them, then writes with the same conditions in the
 * database so that a concurrent change cannot slip between check and write.
 */
import type { NumberType } from '../numbers/number-rules.ts';
import type { ProductType } from '../orders/order.ts';
import { UPDATABLE_ATTRIBUTES, type UpdatableAttribute } from '../numbers/api-scope.ts';
import { productTypeRefusal } from '../numbers/product-rules.ts';
import { DomainError, field, type DomainMessage } from '../shared/domain-error.ts';
import { callingNamePending } from './number-view.ts';
import type { OwnedNumber, PhoneNumberStatus } from './phone-number.ts';

/** Statuses in which a number's product type, calling name or name can change. */
export const UPDATABLE: PhoneNumberStatus[] = ['Unassigned', 'Assigned'];

/** What `UpdatePhoneNumber` (or one batch item) may ask to change. */
export interface ChangeRequest {
  productType?: ProductType;
  callingName?: string;
  /** `''` clears the name. */
  name?: string;
}

/** The one change an update asks for. A `name` of `''` clears the name. */
export type NumberChange = { productType: ProductType } | { callingName: string } | { name: string };

/** A refusal to delete a number that still has associations (`PhoneNumberAssociationsExist` in batch results). */
export class AssociationsExistError extends DomainError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'AssociationsExistError';
  }
}

/**
 * The one change an update asks for: one attribute per request, as AWS documents for product type and calling name
 * and, in Chime SDK Voice, name. `offered` are the attributes the request's API has; the refusal of an empty update
 * lists those (the legacy API has no name to give).
 * @throws DomainError `invalid` when it names several attributes or none
 */
export function changeOf(request: ChangeRequest, offered: readonly UpdatableAttribute[] = UPDATABLE_ATTRIBUTES): NumberChange {
  const given = UPDATABLE_ATTRIBUTES.filter((attribute) => request[attribute] !== undefined);
  if (given.length > 1) {
    const message: DomainMessage =
      given.length === 2 ? ['Update either ', ...choice(given), ', not both in one request'] : ['Update one of ', ...choice(given), ', not all of them in one request'];
    throw new DomainError('invalid', message);
  }
  const { productType, callingName, name } = request;
  if (productType !== undefined) return { productType };
  if (callingName !== undefined) return { callingName };
  if (name !== undefined) return { name };
  throw new DomainError('invalid', ['Give ', ...choice(offered), ' to update']);
}

/** `a`, `a or b`, `a, b or c`, with each attribute a field reference. */
function choice(attributes: readonly UpdatableAttribute[]): DomainMessage {
  return attributes.flatMap((attribute, i) => [...(i === 0 ? [] : [i === attributes.length - 1 ? ' or ' : ', ']), field(attribute)]);
}

/**
 * Checks a change against the number as it is at `now`.
 * @throws DomainError `invalid` (status not updatable, product rules, a calling name for a toll-free number) or
 *   `conflict` (a calling-name update propagating)
 */
export function checkChange(record: OwnedNumber, change: NumberChange, now: Date): void {
  if (!UPDATABLE.includes(record.status)) {
    throw new DomainError(
      'invalid',
      `Phone number ${record.e164} is ${record.status}; only Unassigned or Assigned phone numbers can be updated`,
    );
  }
  // A name takes effect at once: a calling name still propagating does not hold it up.
  if ('name' in change) return;
  if ('productType' in change) {
    if (record.status === 'Assigned' && change.productType !== record.productType) {
      throw new AssociationsExistError(
        `Phone number ${record.e164} has associations; disassociate it before changing its product type`,
      );
    }
    const refusal = productTypeRefusal(change.productType, { e164: record.e164, type: record.type, country: record.country });
    if (refusal !== undefined) throw new DomainError('invalid', refusal);
    return;
  }
  if (change.callingName !== '' && record.type === 'TollFree') {
    // "This applies to toll-based numbers only, and excludes toll-free numbers" (the calling-name page, as for the
    // default below). Clearing a name ('') stays allowed: a toll-free number given one before has a way to lose it.
    throw new DomainError('invalid', `Phone number ${record.e164} is toll-free; calling names apply to toll-based numbers only`);
  }
  if (callingNamePending(record, now)) {
    throw new DomainError(
      'conflict',
      `A calling name update for ${record.e164} is still in progress (until ${record.callingNameDueAt!.toISOString()}); ` +
        'try again when it has completed',
    );
  }
}

/**
 * Checks that the number can enter the deletion queue: only `Unassigned` numbers can.
 * @throws AssociationsExistError when it is `Assigned`; DomainError `invalid` in every other status
 */
export function checkDeletable(record: OwnedNumber): void {
  if (record.status === 'Unassigned') return;
  if (record.status === 'Assigned') {
    throw new AssociationsExistError(
      `Phone number ${record.e164} has associations; disassociate it from users, Voice Connectors and SIP rules first`,
    );
  }
  if (record.status === 'DeleteInProgress') {
    throw new DomainError(
      'invalid',
      `Phone number ${record.e164} is already in the deletion queue until ${record.deletionAt?.toISOString() ?? 'its release'}`,
    );
  }
  throw new DomainError('invalid', `Phone number ${record.e164} is ${record.status}; only Unassigned phone numbers can be deleted`);
}

/**
 * Checks that the number can leave the deletion queue.
 * @throws DomainError `invalid` when it is not in the queue
 */
export function checkRestorable(record: OwnedNumber): void {
  if (record.status !== 'DeleteInProgress') {
    throw new DomainError(
      'invalid',
      `Phone number ${record.e164} is ${record.status}, not in the deletion queue; only DeleteInProgress phone numbers can be restored`,
    );
  }
}

/**
 * When the account's default calling name may change again, given its last change; `undefined` when it may now.
 * @example nextSettingsChange(new Date('2026-01-01'), 7 * DAY_MS, new Date('2026-01-03')) → 2026-01-08T00:00:00.000Z
 */
export function nextSettingsChange(lastChange: Date | undefined, intervalMs: number, now: Date): Date | undefined {
  if (lastChange === undefined) return undefined;
  const next = new Date(lastChange.getTime() + intervalMs);
  return next > now ? next : undefined;
}

/**
 * Whether a newly acquired number takes the account's default outbound calling name. Calling names are caller-ID
 * names of the U.S. network (CNAM) and apply to toll-based numbers only, not toll-free ones; the default is applied to
 * newly provisioned U.S. numbers (docs.aws.amazon.com/chime-sdk/latest/ag/calling-name.html and provision-phone.html).
 */
export function takesDefaultCallingName(number: { country?: string; type?: NumberType }): boolean {
  return number.country === 'US' && number.type === 'Local';
}

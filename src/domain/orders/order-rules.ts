/**
 * The rules a new order must pass before it is stored. Each refusal names the offending numbers.
 */
import type { AccountQuotas, OrderLimits } from '../ports/quotas.ts';
import type { AccountUsage, UsageRepository } from '../ports/usage.ts';
import { DomainError, field, fieldText } from '../shared/domain-error.ts';
import { classifyNumber, normalizeE164, type ClassifiedNumber } from '../numbers/number-rules.ts';
import type { Order, ProductType } from './order.ts';
import { allowsCountry, allowsTollFree } from '../numbers/product-rules.ts';

/**
 * Checks the account's quotas for an order of `newNumbers` numbers against its usage counters. Call it inside the
 * transaction that stores the order, so that two concurrent orders cannot both pass on the same counts (SQLite runs
 * one write transaction at a time; on PostgreSQL reading the counters in a transaction locks them).
 * @throws DomainError `limit-exceeded` naming the limit and its value
 */
export async function checkAccountQuotas(usage: UsageRepository, accountId: string, newNumbers: number, quotas: AccountQuotas): Promise<void> {
  checkUsage(await usage.usageOf(accountId), newNumbers, quotas);
}

/**
 * The quota decision on counts already read: throws when one more order of `newNumbers` numbers would pass a limit.
 * @throws DomainError `limit-exceeded` naming the limit and its value
 */
export function checkUsage(usage: AccountUsage, newNumbers: number, quotas: AccountQuotas): void {
  const maxNumbers = quotas.maxPhoneNumbersPerAccount;
  const maxOrders = quotas.maxProcessingOrdersPerAccount;
  if (usage.processingOrders >= maxOrders) {
    throw new DomainError(
      'limit-exceeded',
      `The account has ${usage.processingOrders} orders in Processing; the limit is ${maxOrders} orders in ` +
        'Processing per account (maxProcessingOrdersPerAccount)',
    );
  }
  const held = usage.ownedNumbers + usage.numbersOnOrder;
  if (held + newNumbers > maxNumbers) {
    throw new DomainError(
      'limit-exceeded',
      `The order would bring the account to ${held + newNumbers} phone numbers ` +
        `(${usage.ownedNumbers} owned, ${usage.numbersOnOrder} on order, ${newNumbers} in this order); ` +
        `the limit is ${maxNumbers} phone numbers per account (maxPhoneNumbersPerAccount)`,
    );
  }
}

/**
 * The usage after `order` is stored, as the counters count a new order (migrations 0010 and 0016): one more order in
 * Processing and its numbers still Processing on order, when the order is in Processing; owned numbers unchanged (an
 * order owns nothing before fulfilment). For an adapter that decides several creates of one account before writing any.
 */
export function usageWithOrder(usage: AccountUsage, order: Pick<Order, 'status' | 'numbers'>): AccountUsage {
  if (order.status !== 'Processing') return usage;
  let onOrder = 0;
  for (const number of order.numbers) if (number.status === 'Processing') onOrder++;
  return { ...usage, processingOrders: usage.processingOrders + 1, numbersOnOrder: usage.numbersOnOrder + onOrder };
}

/**
 * Normalizes and checks the ordered numbers; returns them classified, in request order.
 * @throws DomainError `invalid` (empty, duplicates, invalid numbers, product rules) or `limit-exceeded` (too many)
 */
export function checkNewOrder(productType: ProductType, rawNumbers: string[], limits: OrderLimits): ClassifiedNumber[] {
  if (rawNumbers.length === 0) {
    throw new DomainError('invalid', fieldText`${field('phoneNumbers')} must contain at least one phone number`);
  }
  if (rawNumbers.length > limits.maxNumbersPerOrder) {
    throw new DomainError(
      'limit-exceeded',
      `The order contains ${rawNumbers.length} phone numbers; the limit is ${limits.maxNumbersPerOrder} phone numbers per order`,
    );
  }
  const normalized = rawNumbers.map(normalizeE164);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const number of normalized) {
    if (seen.has(number)) duplicates.add(number);
    seen.add(number);
  }
  if (duplicates.size > 0) {
    throw new DomainError('invalid', fieldText`${field('phoneNumbers')} contains duplicate phone numbers: ${list([...duplicates])}`);
  }
  const classified = normalized.map(classifyNumber);
  const invalid = classified.filter((n) => !n.valid);
  if (invalid.length > 0) {
    throw new DomainError('invalid', `Invalid phone numbers: ${list(invalid.map((n) => n.e164))}`);
  }
  if (!allowsTollFree(productType)) {
    const tollFree = classified.filter((n) => n.type === 'TollFree');
    if (tollFree.length > 0) {
      throw new DomainError(
        'invalid',
        `Toll-free phone numbers cannot be ordered for product type ${productType}: ${list(tollFree.map((n) => n.e164))}`,
      );
    }
  }
  const foreign = classified.filter((n) => !allowsCountry(productType, n.country));
  if (foreign.length > 0) {
    throw new DomainError(
      'invalid',
      `Phone numbers outside the US can only be ordered for product type SipMediaApplicationDialIn: ${list(
        foreign.map((n) => `${n.e164} (${n.country ?? 'unknown country'})`),
      )}`,
    );
  }
  return classified;
}

/** At most 20 items, then a count, so that a message stays readable. */
function list(items: string[]): string {
  const shown = items.slice(0, 20).join(', ');
  return items.length > 20 ? `${shown} and ${items.length - 20} more` : shown;
}

/**
 * Which product types a number may have, by its type and country: the rules shared by ordering
 * (`CreatePhoneNumberOrder`) and by changing a number's product type (`UpdatePhoneNumber`).
 */
import type { NumberType } from './number-rules.ts';
import type { ProductType } from './product-type.ts';

/** Toll-free numbers cannot be BusinessCalling (Business Calling does not support toll-free at all). */
export function allowsTollFree(productType: ProductType): boolean {
  return productType !== 'BusinessCalling';
}

/** Numbers outside the US can only be SipMediaApplicationDialIn. */
export function allowsCountry(productType: ProductType, country: string | undefined): boolean {
  return productType === 'SipMediaApplicationDialIn' || country === 'US';
}

/**
 * Why one number cannot have `productType`, or `undefined` when it may.
 * @example productTypeRefusal('BusinessCalling', { e164: '+18445550100', type: 'TollFree', country: 'US' })
 *   → 'Toll-free phone numbers cannot have product type BusinessCalling: +18445550100'
 */
export function productTypeRefusal(
  productType: ProductType,
  number: { e164: string; type?: NumberType; country?: string },
): string | undefined {
  if (number.type === 'TollFree' && !allowsTollFree(productType)) {
    return `Toll-free phone numbers cannot have product type ${productType}: ${number.e164}`;
  }
  if (!allowsCountry(productType, number.country)) {
    return `Phone numbers outside the US can only have product type SipMediaApplicationDialIn: ${number.e164} (${number.country ?? 'unknown country'})`;
  }
  return undefined;
}

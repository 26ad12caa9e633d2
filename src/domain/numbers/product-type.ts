/** What a number is used for; decides which numbers an order or an update may carry (see product-rules.ts). */
export const PRODUCT_TYPES = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const;

export type ProductType = (typeof PRODUCT_TYPES)[number];

/**
 * The product types that the API of a request knows. The two APIs differ here (Business Calling ended with the
 * legacy Amazon Chime API; Chime SDK Voice has only VoiceConnector and SipMediaApplicationDialIn), and a record of a
 * product type its API lacks does not exist for that request: it is neither listed nor found, since the API could not
 * even name its product type.
 */
export type KnownProductTypes = ReadonlySet<ProductType>;

/** Every product type: what an API that knows them all (and a caller that gives no set) sees. */
export const ALL_PRODUCT_TYPES: KnownProductTypes = new Set(PRODUCT_TYPES);

/**
 * The product types among `names` (an API's list of them); names the domain does not know are left out, since no
 * record can have them.
 * @example knownProductTypes(['VoiceConnector', 'SipMediaApplicationDialIn']) → Set { 'VoiceConnector', 'SipMediaApplicationDialIn' }
 */
export function knownProductTypes(names: Iterable<string>): KnownProductTypes {
  const known = new Set<ProductType>();
  for (const name of names) if (isProductType(name)) known.add(name);
  return known;
}

export function isProductType(name: string): name is ProductType {
  return (PRODUCT_TYPES as readonly string[]).includes(name);
}

/**
 * The product types a query must keep to, in a stable order, or `undefined` when `known` holds every product type
 * (nothing to hide: the query stays as it was before the APIs differed).
 */
export function productTypeRestriction(known: KnownProductTypes): ProductType[] | undefined {
  const kept = PRODUCT_TYPES.filter((p) => known.has(p));
  return kept.length === PRODUCT_TYPES.length ? undefined : kept;
}

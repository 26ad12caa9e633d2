/**
 * What the API of a request knows, where domain rules differ between the APIs (the design's "domain rules with the API
 * as an input"). The operation layer reads it from the request's model; the domain never sees wire names.
 */
import type { KnownProductTypes } from './product-type.ts';

/** The attributes of a number that `UpdatePhoneNumber` changes, one per request. */
export type UpdatableAttribute = 'productType' | 'callingName' | 'name';

/** Every updatable attribute, in the order messages list them. */
export const UPDATABLE_ATTRIBUTES: readonly UpdatableAttribute[] = ['productType', 'callingName', 'name'];

export interface ApiScope {
  /** The product types the API knows; records of any other do not exist for the request. Default: every one. */
  productTypes?: KnownProductTypes;
  /** The attributes the API's updates can name (refusals list only these). Default: every one. */
  updatable?: readonly UpdatableAttribute[];
}

/**
 * The `ApiScope` of a request, read from the model that answers it — nothing about either API is written here:
 * - the product types: the values of the model's `PhoneNumberProductType` enum (chime-sdk-voice has no
 *   `BusinessCalling`, so a request it answers never sees a Business Calling number or order);
 * - the attributes an update can name: those of the model's `UpdatePhoneNumberRequestItem` that stand for an
 *   updatable attribute (the batch item and `UpdatePhoneNumberRequest` carry the same ones in every model; a unit test
 *   holds the served models to it).
 * Computed once per compiled model.
 */
import { UPDATABLE_ATTRIBUTES, type ApiScope } from '../domain/numbers/api-scope.ts';
import { knownProductTypes } from '../domain/numbers/product-type.ts';
import type { CompiledService } from '../protocol/service.ts';
import { fieldNames } from './field-names.ts';

const scopes = new WeakMap<CompiledService, Required<ApiScope>>();

/** @throws Error when the model lacks the shapes (a model dialtone cannot serve phone numbers from) */
export function apiScope(service: CompiledService): Required<ApiScope> {
  let scope = scopes.get(service);
  if (!scope) {
    const productTypes = service.shape('PhoneNumberProductType');
    if (productTypes.type !== 'string' || !productTypes.enum) throw new Error(`${service.id}: PhoneNumberProductType is not an enum`);
    const item = service.shape('UpdatePhoneNumberRequestItem');
    if (item.type !== 'structure') throw new Error(`${service.id}: UpdatePhoneNumberRequestItem is not a structure`);
    const nameOf = fieldNames(service);
    scope = {
      productTypes: knownProductTypes(productTypes.enum),
      updatable: UPDATABLE_ATTRIBUTES.filter((attribute) => Object.hasOwn(item.members, nameOf(attribute))),
    };
    scopes.set(service, scope);
  }
  return scope;
}

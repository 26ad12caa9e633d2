import type { InventoryService } from '../domain/inventory/inventory-service.ts';
import type { Handler } from './handler.ts';

/** `GET /phone-number-countries?product-type=…`: the countries of the pool for a product type. */
export function listSupportedPhoneNumberCountries(inventory: InventoryService): Handler<'ListSupportedPhoneNumberCountries'> {
  return async (input) => ({
    PhoneNumberCountries: inventory.countries(input.ProductType).map((c) => ({
      CountryCode: c.country,
      SupportedPhoneNumberTypes: c.types,
    })),
  });
}

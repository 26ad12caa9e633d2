import type { InventoryService } from '../domain/inventory/inventory-service.ts';
import type { Handler } from './handler.ts';
import { pageSize } from './page-size.ts';

/** `GET /search?type=phone-numbers`: available numbers matching the filters, paged by an opaque `NextToken`. */
export function searchAvailablePhoneNumbers(inventory: InventoryService): Handler<'SearchAvailablePhoneNumbers'> {
  return async (input, context) => {
    const page = await inventory.search(
      context.accountId,
      {
        country: input.Country,
        areaCode: input.AreaCode,
        city: input.City,
        state: input.State,
        tollFreePrefix: input.TollFreePrefix,
        phoneNumberType: input.PhoneNumberType,
      },
      { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken },
    );
    return { E164PhoneNumbers: page.numbers, NextToken: page.nextToken };
  };
}

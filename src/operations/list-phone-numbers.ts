import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import type { Handler } from './handler.ts';
import { DEFAULT_MAX_RESULTS } from './list-phone-number-orders.ts';
import { toPhoneNumber } from './mappers/phone-number.ts';

/**
 * `GET /phone-numbers`: the account's numbers in E.164 order, filtered by status, product type or association,
 * `MaxResults` 1–99 (default 99), paged by an opaque `NextToken` bound to the account and the filters.
 */
export function listPhoneNumbers(numbers: PhoneNumberService): Handler<'ListPhoneNumbers'> {
  return async (input, context) => {
    const page = await numbers.list(
      context.accountId,
      {
        status: input.Status,
        productType: input.ProductType,
        associationName: input.FilterName,
        associationValue: input.FilterValue,
      },
      { maxResults: input.MaxResults ?? DEFAULT_MAX_RESULTS, nextToken: input.NextToken },
    );
    return { PhoneNumbers: page.numbers.map(toPhoneNumber), NextToken: page.nextToken };
  };
}

import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumber } from './mappers/phone-number.ts';
import { pageSize } from './page-size.ts';

/**
 * `GET /phone-numbers`: the account's numbers in E.164 order, filtered by status, product type or association,
 * `MaxResults` within the bounds of the request's model (default: see `page-size.ts`), paged by an opaque `NextToken`
 * bound to the account and the filters. Numbers of a product type the model lacks are not listed; a `Status` that
 * no number has (chime-sdk-voice takes any string) lists nothing.
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
      { maxResults: pageSize(input.MaxResults, context), nextToken: input.NextToken },
      apiScope(context.service),
    );
    return { PhoneNumbers: page.numbers.map(toPhoneNumber), NextToken: page.nextToken };
  };
}

import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import { fieldNames } from './field-names.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberError } from './mappers/phone-number.ts';

/**
 * `POST /phone-numbers?operation=batch-update`: 200 with the items that were not applied; the others are. Each item
 * changes one attribute, as `UpdatePhoneNumber` does.
 */
export function batchUpdatePhoneNumber(numbers: PhoneNumberService): Handler<'BatchUpdatePhoneNumber'> {
  return async (input, context) => {
    const errors = await numbers.batchUpdate(
      context.accountId,
      input.UpdatePhoneNumberRequestItems.map((item) => ({
        id: item.PhoneNumberId,
        productType: item.ProductType,
        callingName: item.CallingName,
        name: item.Name,
      })),
      apiScope(context.service),
    );
    return { PhoneNumberErrors: errors.map((error) => toPhoneNumberError(error, fieldNames(context.service))) };
  };
}

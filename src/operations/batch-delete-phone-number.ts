import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import { fieldNames } from './field-names.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumberError } from './mappers/phone-number.ts';

/** `POST /phone-numbers?operation=batch-delete`: 200 with the ids that were not queued for deletion; the others are. */
export function batchDeletePhoneNumber(numbers: PhoneNumberService): Handler<'BatchDeletePhoneNumber'> {
  return async (input, context) => {
    const errors = await numbers.batchDelete(context.accountId, input.PhoneNumberIds, apiScope(context.service));
    return { PhoneNumberErrors: errors.map((error) => toPhoneNumberError(error, fieldNames(context.service))) };
  };
}

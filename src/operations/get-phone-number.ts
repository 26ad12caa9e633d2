import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumber } from './mappers/phone-number.ts';

/**
 * `GET /phone-numbers/{phoneNumberId}`: one number of the account (`+1…` or `%2B1…`); NotFound otherwise, and for a
 * number of a product type the request's model lacks.
 */
export function getPhoneNumber(numbers: PhoneNumberService): Handler<'GetPhoneNumber'> {
  return async (input, context) => ({
    PhoneNumber: toPhoneNumber(await numbers.get(context.accountId, input.PhoneNumberId, apiScope(context.service))),
  });
}

import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumber } from './mappers/phone-number.ts';

/** `POST /phone-numbers/{phoneNumberId}?operation=restore`: out of the deletion queue, back to `Unassigned`. */
export function restorePhoneNumber(numbers: PhoneNumberService): Handler<'RestorePhoneNumber'> {
  return async (input, context) => ({
    PhoneNumber: toPhoneNumber(await numbers.restore(context.accountId, input.PhoneNumberId, apiScope(context.service))),
  });
}

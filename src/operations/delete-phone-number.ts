import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';

/** `DELETE /phone-numbers/{phoneNumberId}`: 204; the `Unassigned` number enters the deletion queue. */
export function deletePhoneNumber(numbers: PhoneNumberService): Handler<'DeletePhoneNumber'> {
  return async (input, context) => {
    await numbers.delete(context.accountId, input.PhoneNumberId, apiScope(context.service));
  };
}

import type { PhoneNumberService } from '../domain/phone-numbers/phone-number-service.ts';
import { apiScope } from './api-scope.ts';
import type { Handler } from './handler.ts';
import { toPhoneNumber } from './mappers/phone-number.ts';

/**
 * `POST /phone-numbers/{phoneNumberId}`: changes `ProductType`, `CallingName` or (chime-sdk-voice) `Name`, one per
 * request, and answers the number; `ConflictException` while an earlier calling-name update is still propagating.
 * `Name: ""` clears the name.
 */
export function updatePhoneNumber(numbers: PhoneNumberService): Handler<'UpdatePhoneNumber'> {
  return async (input, context) => {
    const updated = await numbers.update(
      context.accountId,
      input.PhoneNumberId,
      { productType: input.ProductType, callingName: input.CallingName, name: input.Name },
      apiScope(context.service),
    );
    return { PhoneNumber: toPhoneNumber(updated) };
  };
}

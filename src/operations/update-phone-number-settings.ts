import type { PhoneNumberSettingsService } from '../domain/phone-numbers/phone-number-settings-service.ts';
import type { Handler } from './handler.ts';

/** `PUT /settings/phone-number`: 204; the default calling name changes at most once every 7 days (else BadRequest). */
export function updatePhoneNumberSettings(settings: PhoneNumberSettingsService): Handler<'UpdatePhoneNumberSettings'> {
  return async (input, context) => {
    await settings.updateCallingName(context.accountId, input.CallingName);
  };
}

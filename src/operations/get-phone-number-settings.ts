import type { PhoneNumberSettingsService } from '../domain/phone-numbers/phone-number-settings-service.ts';
import type { Handler } from './handler.ts';

/** `GET /settings/phone-number`: the default outbound calling name and when it changed; `{}` until first set. */
export function getPhoneNumberSettings(settings: PhoneNumberSettingsService): Handler<'GetPhoneNumberSettings'> {
  return async (_input, context) => {
    const view = await settings.get(context.accountId);
    return { CallingName: view.callingName, CallingNameUpdatedTimestamp: view.callingNameUpdatedAt };
  };
}

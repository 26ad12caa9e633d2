/**
 * A voice connector's proxy configuration: how its proxy phone sessions run (the default minutes a session lasts, the
 * countries its proxy numbers come from, the number calls go to once a session has expired, and whether new sessions
 * may start). The sessions (src/domain/proxy-sessions/) read it; no call reaches the fallback number.
 *
 * The model requires `DefaultSessionExpiryMinutes` and 1–100 `PhoneNumberPoolCountries` (each two capital letters, or
 * an empty string). AWS documents no other rule; dialtone's (docs/api.md, "Voice connector settings"): a session lasts
 * 1 to 525,600 minutes (a year), each country is two capital letters and is given once, and the fallback number is a
 * valid phone number, stored with its `+`. Messages never repeat the number (the model marks it sensitive).
 */
import { validPhoneNumber } from '../numbers/number-rules.ts';
import { DomainError } from '../shared/domain-error.ts';
import { checkCountryCodes, checkNoRepeats } from './voice-connector-settings.ts';

export interface ProxyConfiguration {
  defaultSessionExpiryMinutes: number;
  /** In the order given. */
  phoneNumberCountries: string[];
  fallBackPhoneNumber?: string;
  disabled: boolean;
}

export const MAX_SESSION_EXPIRY_MINUTES = 525_600;

/** The minutes a proxy session lasts, named `member` in the message. @throws DomainError `invalid` out of 1–525,600 */
export function checkSessionMinutes(minutes: number, member: string): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SESSION_EXPIRY_MINUTES) {
    throw new DomainError('invalid', `${member} must be a whole number of minutes from 1 to ${MAX_SESSION_EXPIRY_MINUTES} (a year)`);
  }
  return minutes;
}

/** @throws DomainError `invalid` */
export function proxyOf(request: { defaultSessionExpiryMinutes: number; phoneNumberPoolCountries: readonly string[]; fallBackPhoneNumber?: string; disabled?: boolean }): ProxyConfiguration {
  const minutes = checkSessionMinutes(request.defaultSessionExpiryMinutes, 'DefaultSessionExpiryMinutes');
  checkCountryCodes(request.phoneNumberPoolCountries, 'PhoneNumberPoolCountries');
  checkNoRepeats(request.phoneNumberPoolCountries, 'PhoneNumberPoolCountries');
  const fallBack = request.fallBackPhoneNumber === undefined ? undefined : validPhoneNumber(request.fallBackPhoneNumber, 'FallBackPhoneNumber');
  return {
    defaultSessionExpiryMinutes: minutes,
    phoneNumberCountries: [...request.phoneNumberPoolCountries],
    ...(fallBack !== undefined && { fallBackPhoneNumber: fallBack }),
    disabled: request.disabled ?? false,
  };
}

import { validateAddress } from '../domain/emergency-addresses/address-validation.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /emergency-calling/address` (202): whether an address can locate emergency calls, with the address in USPS
 * form and its `AddressExternalId` when it can (`ValidationResult` 0, or 1 when corrected), the close candidates when
 * it cannot (2). dialtone keeps nothing: the rules are docs/api.md's "Emergency addresses". Both models.
 */
export function validateE911Address(): VoiceHandler<'ValidateE911Address'> {
  return async (input, context) => {
    const validation = validateAddress(context.accountId, {
      awsAccountId: input.AwsAccountId,
      streetNumber: input.StreetNumber,
      streetInfo: input.StreetInfo,
      city: input.City,
      state: input.State,
      country: input.Country,
      postalCode: input.PostalCode,
    });
    if (validation.result === 2) return { ValidationResult: 2, CandidateAddressList: validation.candidates };
    return { ValidationResult: validation.result, AddressExternalId: validation.addressExternalId, Address: validation.address };
  };
}

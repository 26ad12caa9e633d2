import type { NumberAssociationService } from '../domain/voice-connectors/number-association-service.ts';
import { apiScope } from './api-scope.ts';
import { fieldNames } from './field-names.ts';
import { toPhoneNumberError } from './mappers/phone-number.ts';
import type { VoiceHandler } from './voice-handler.ts';

/**
 * `POST /voice-connectors/{voiceConnectorId}?operation=associate-phone-numbers`: 200, with `PhoneNumberErrors` for the
 * numbers that were not associated (see `NumberAssociationService.associate`); `ForceAssociate: true` moves numbers
 * associated elsewhere. NotFoundException when the target is not the account's; BadRequestException for an empty list
 * or more numbers than the limit.
 */
export function associatePhoneNumbersWithVoiceConnector(associations: NumberAssociationService): VoiceHandler<'AssociatePhoneNumbersWithVoiceConnector'> {
  return async (input, context) => {
    const errors = await associations.associate(
      context.accountId,
      { kind: 'VoiceConnectorId', id: input.VoiceConnectorId },
      input.E164PhoneNumbers,
      input.ForceAssociate === true,
      apiScope(context.service),
    );
    return { PhoneNumberErrors: errors.map((error) => toPhoneNumberError(error, fieldNames(context.service))) };
  };
}

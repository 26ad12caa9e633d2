/** Domain number views and batch refusals → the model's `PhoneNumber` and `PhoneNumberError` shapes. */
import type { ErrorCode, PhoneNumberError } from '../../generated/chime.ts';
import type { NumberView } from '../../domain/phone-numbers/number-view.ts';
import type { FieldKey } from '../../domain/shared/domain-error.ts';
import { formatPhoneNumberId } from '../../domain/phone-numbers/phone-number-id.ts';
import type { BatchItemError } from '../../domain/phone-numbers/phone-number-service.ts';
import type { PhoneNumber } from '../either-model.ts';

/**
 * The full `PhoneNumber`: the id percent-encoded (`%2B1…`) as AWS returns it, `Associations` always a list (at most one entry: a number has one association at a time); `OrderId`
 * and `Name` when the number has them (models without these members leave them out).
 */
export function toPhoneNumber(view: NumberView): PhoneNumber {
  const c = view.capabilities;
  const number: PhoneNumber = {
    PhoneNumberId: formatPhoneNumberId(view.e164),
    E164PhoneNumber: view.e164,
    Country: view.country,
    Type: view.type,
    ProductType: view.productType,
    Status: view.status,
    Capabilities: {
      InboundCall: c.inboundCall,
      OutboundCall: c.outboundCall,
      InboundSMS: c.inboundSms,
      OutboundSMS: c.outboundSms,
      InboundMMS: c.inboundMms,
      OutboundMMS: c.outboundMms,
    },
    Associations: (view.associations ?? []).map((association) => ({
      Value: association.target.id,
      Name: association.target.kind,
      AssociatedTimestamp: association.associatedAt,
    })),
    CallingNameStatus: view.callingNameStatus,
    CreatedTimestamp: view.createdAt,
    UpdatedTimestamp: view.updatedAt,
  };
  if (view.callingName !== undefined) number.CallingName = view.callingName;
  if (view.deletionAt !== undefined) number.DeletionTimestamp = view.deletionAt;
  if (view.orderId !== undefined) number.OrderId = view.orderId;
  if (view.name !== undefined) number.Name = view.name;
  return number;
}

const ERROR_CODES: Record<BatchItemError['reason'], ErrorCode> = {
  invalid: 'BadRequest',
  'not-found': 'NotFound',
  conflict: 'Conflict',
  'associations-exist': 'PhoneNumberAssociationsExist',
  'limit-exceeded': 'ResourceLimitExceeded',
  forbidden: 'Forbidden',
};

/** One `PhoneNumberError`, echoing the id in the form the caller sent it; fields named as `nameOf` names them. */
export function toPhoneNumberError(item: BatchItemError, nameOf: (field: FieldKey) => string): PhoneNumberError {
  return { PhoneNumberId: item.id, ErrorCode: ERROR_CODES[item.reason], ErrorMessage: item.error.describe(nameOf) };
}

/**
 * Why a domain rule refused a request. Operations map kinds to the model's errors in one table.
 *
 * A message that names a field of the request names it by a stable {@link FieldKey}, never by a wire member name: the
 * operation layer renders it with the member names of the request's model (`phoneNumbers` → `E164PhoneNumbers`).
 * @example new DomainError('invalid', fieldText`${field('phoneNumbers')} must contain at least one phone number`)
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'limit-exceeded' | 'conflict' | 'forbidden';

/** The request fields that domain rules refer to. */
export type FieldKey =
  | 'phoneNumbers'
  | 'productType'
  | 'callingName'
  | 'name'
  | 'phoneNumberId'
  | 'phoneNumberIds'
  | 'updateItems'
  | 'maxResults'
  | 'nextToken'
  | 'country'
  | 'areaCode'
  | 'city'
  | 'state'
  | 'tollFreePrefix'
  | 'phoneNumberType'
  | 'associationName'
  | 'associationValue'
  | 'voiceConnectorId'
  | 'voiceConnectorGroupId'
  | 'voiceConnectorItems'
  | 'awsRegion'
  | 'endpoints'
  | 'triggerValue'
  | 'targetApplications'
  | 'sipMediaApplicationId'
  | 'forceAssociate'
  | 'resourceArn';

/** A reference to a field inside a message. */
export interface FieldRef {
  readonly field: FieldKey;
}

/** A message: text and field references, in order. */
export type DomainMessage = readonly (string | FieldRef)[];

/** A field reference for {@link fieldText}. */
export function field(key: FieldKey): FieldRef {
  return { field: key };
}

/** Builds a {@link DomainMessage} from a template whose `field(...)` values stay references; other values become text. */
export function fieldText(strings: TemplateStringsArray, ...values: unknown[]): DomainMessage {
  const parts: (string | FieldRef)[] = [];
  strings.forEach((text, i) => {
    parts.push(text);
    if (i < values.length) {
      const value = values[i];
      parts.push(isFieldRef(value) ? value : String(value));
    }
  });
  return parts.filter((part) => part !== '');
}

/** The message with each field named by `nameOf`. */
export function renderMessage(message: DomainMessage, nameOf: (field: FieldKey) => string): string {
  return message.map((part) => (typeof part === 'string' ? part : nameOf(part.field))).join('');
}

export class DomainError extends Error {
  /** The message with its field references; `message` names the fields by their keys. */
  readonly parts: DomainMessage;
  /** The fields the message names, in order (the first is the one the refusal is about). */
  readonly fields: readonly FieldKey[];

  constructor(
    readonly kind: DomainErrorKind,
    message: string | DomainMessage,
  ) {
    const parts = typeof message === 'string' ? [message] : message;
    super(renderMessage(parts, (key) => key));
    this.name = 'DomainError';
    this.parts = parts;
    this.fields = parts.filter(isFieldRef).map((part) => part.field);
  }

  /** The message with each field named by `nameOf`, e.g. the member name of the request's model. */
  describe(nameOf: (field: FieldKey) => string): string {
    return renderMessage(this.parts, nameOf);
  }
}

function isFieldRef(value: unknown): value is FieldRef {
  return typeof value === 'object' && value !== null && typeof (value as FieldRef).field === 'string';
}

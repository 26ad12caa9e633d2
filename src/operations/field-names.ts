/**
 * The member of a request that each domain {@link FieldKey} stands for, as the model spells it. Both models served
 * today (chime 2018-05-01 and chime-sdk-voice 2022-08-03) spell these members alike; a model that names one differently
 * adds its spelling under its endpoint prefix in `BY_MODEL`. A unit test checks every name against both models.
 */
import type { FieldKey } from '../domain/shared/domain-error.ts';
import type { CompiledService } from '../protocol/service.ts';

export const MEMBER_NAMES: Readonly<Record<FieldKey, string>> = {
  phoneNumbers: 'E164PhoneNumbers',
  productType: 'ProductType',
  callingName: 'CallingName',
  name: 'Name',
  phoneNumberId: 'PhoneNumberId',
  phoneNumberIds: 'PhoneNumberIds',
  updateItems: 'UpdatePhoneNumberRequestItems',
  maxResults: 'MaxResults',
  nextToken: 'NextToken',
  country: 'Country',
  areaCode: 'AreaCode',
  city: 'City',
  state: 'State',
  tollFreePrefix: 'TollFreePrefix',
  phoneNumberType: 'PhoneNumberType',
  associationName: 'FilterName',
  associationValue: 'FilterValue',
  voiceConnectorId: 'VoiceConnectorId',
  voiceConnectorGroupId: 'VoiceConnectorGroupId',
  voiceConnectorItems: 'VoiceConnectorItems',
  awsRegion: 'AwsRegion',
  endpoints: 'Endpoints',
  triggerValue: 'TriggerValue',
  targetApplications: 'TargetApplications',
  sipMediaApplicationId: 'SipMediaApplicationId',
  forceAssociate: 'ForceAssociate',
  resourceArn: 'ResourceARN',
};

/** Spellings that differ from {@link MEMBER_NAMES}, by the model's endpoint prefix (`chime`, `voice-chime`). */
const BY_MODEL: Readonly<Record<string, Partial<Record<FieldKey, string>>>> = {};

/** How the request's model names each field (the common spelling when no model is known). */
export function fieldNames(service: Pick<CompiledService, 'id'> | undefined): (field: FieldKey) => string {
  const own = service === undefined ? undefined : BY_MODEL[service.id];
  return (field) => own?.[field] ?? MEMBER_NAMES[field];
}

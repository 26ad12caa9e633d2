/**
 * Handler types serve either model: voice-only members are typed (optional), inputs take what either model may send,
 * outputs keep the legacy types of shared members. Checked at compile time (`npm run typecheck`); the runtime test only
 * makes the file a test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PhoneNumberOrderType, PhoneNumberName } from '../../../src/generated/chime-sdk-voice.ts';
import type { PhoneNumberProductType, PhoneNumberOrderStatus } from '../../../src/generated/chime.ts';
import type { OperationInput, OperationOutput, PhoneNumber, PhoneNumberOrder } from '../../../src/operations/either-model.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(value: T): T {
  return value;
}

type Item<L> = L extends readonly (infer I)[] ? I : never;

// Inputs: the voice-only Name, at the top and inside the batch items.
expectType<Equal<OperationInput<'CreatePhoneNumberOrder'>['Name'], PhoneNumberName | undefined>>(true);
expectType<Equal<OperationInput<'UpdatePhoneNumber'>['Name'], PhoneNumberName | undefined>>(true);
expectType<Equal<Item<OperationInput<'BatchUpdatePhoneNumber'>['UpdatePhoneNumberRequestItems']>['Name'], PhoneNumberName | undefined>>(true);
// Inputs: voice's open status is any string; the legacy product-type enum already holds voice's.
expectType<Equal<OperationInput<'ListPhoneNumbers'>['Status'], string | undefined>>(true);
expectType<Equal<OperationInput<'ListPhoneNumbers'>['ProductType'], PhoneNumberProductType | undefined>>(true);
// Required stays required.
expectType<Equal<OperationInput<'CreatePhoneNumberOrder'>['E164PhoneNumbers'], string[]>>(true);

// Outputs: OrderId and Name on numbers, OrderType on orders, wherever they are nested.
expectType<Equal<NonNullable<OperationOutput<'GetPhoneNumber'>['PhoneNumber']>['OrderId'], string | undefined>>(true);
expectType<Equal<Item<OperationOutput<'ListPhoneNumbers'>['PhoneNumbers']>['Name'], PhoneNumberName | undefined>>(true);
expectType<Equal<Item<OperationOutput<'ListPhoneNumberOrders'>['PhoneNumberOrders']>['OrderType'], PhoneNumberOrderType | undefined>>(true);
expectType<Equal<NonNullable<OperationOutput<'CreatePhoneNumberOrder'>['PhoneNumberOrder']>['OrderType'], PhoneNumberOrderType | undefined>>(true);
expectType<Equal<PhoneNumberOrder['Status'], PhoneNumberOrderStatus | undefined>>(true);
expectType<Equal<OperationOutput<'DeletePhoneNumber'>, void>>(true);

// @ts-expect-error an output keeps the legacy enum: voice's porting statuses are not dialtone's to answer
const porting: PhoneNumberOrder = { Status: 'FOC' };
// @ts-expect-error an output keeps the legacy enum of product types
const fax: PhoneNumber = { ProductType: 'Fax' };
// @ts-expect-error OrderType takes the voice enum only
const ported: PhoneNumberOrder = { OrderType: 'Transferred' };
void porting;
void fax;
void ported;

test('handler types are checked by npm run typecheck', () => {
  const number: PhoneNumber = { PhoneNumberId: '%2B12065550100', Name: 'Front desk', OrderId: '0e3d2c1b-aaaa-4bbb-8ccc-0123456789ab' };
  assert.equal(number.Name, 'Front desk');
});

/**
 * What a model cannot name, a request it answers does not see: chime-sdk-voice has no `BusinessCalling` product type,
 * so Business Calling numbers and orders are absent from its listings (pages stay full) and NotFound to every other
 * operation, while the legacy model sees them as before. The voice `status` filter is any string: one no number has
 * lists nothing. The scope comes from the models alone (no list of voice facts in the code).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ALL_PRODUCT_TYPES } from '../../../src/domain/numbers/product-type.ts';
import { apiScope } from '../../../src/operations/api-scope.ts';
import { fieldNames } from '../../../src/operations/field-names.ts';
import type { CompiledService } from '../../../src/protocol/service.ts';
import { legacy, openHarness, refusedWith, voice, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(() => h.close());

const BUSINESS = ['+12065550100', '+12065550103', '+12065550106'];
const VOICE_NUMBERS = ['+12065550101', '+12065550102', '+12065550104', '+12065550105'];

/** Orders through the legacy model, one order per product type in turn, numbers interleaved; fulfils them. */
async function mixedInventory(): Promise<{ business: string[]; voiceOrders: string[] }> {
  const business: string[] = [];
  const voiceOrders: string[] = [];
  const plan = [
    ['BusinessCalling', ['+12065550100']],
    ['VoiceConnector', ['+12065550101', '+12065550102']],
    ['BusinessCalling', ['+12065550103']],
    ['SipMediaApplicationDialIn', ['+12065550104', '+12065550105']],
    ['BusinessCalling', ['+12065550106']],
  ] as const;
  for (const [productType, numbers] of plan) {
    const { PhoneNumberOrder: order } = await h.call(legacy, 'CreatePhoneNumberOrder', { ProductType: productType, E164PhoneNumbers: [...numbers] });
    (productType === 'BusinessCalling' ? business : voiceOrders).push(order!.PhoneNumberOrderId!);
    h.clock.advance(1_000);
  }
  await h.fulfil();
  return { business, voiceOrders };
}

async function allNumbers(service: CompiledService, maxResults: number): Promise<string[][]> {
  const pages: string[][] = [];
  let NextToken: string | undefined;
  do {
    const page = await h.call(service, 'ListPhoneNumbers', { MaxResults: maxResults, ...(NextToken ? { NextToken } : {}) });
    pages.push(page.PhoneNumbers!.map((n) => n.E164PhoneNumber!));
    NextToken = page.NextToken;
  } while (NextToken);
  return pages;
}

describe('the scope of a request comes from its model', () => {
  test('voice knows VoiceConnector and SipMediaApplicationDialIn and offers Name; legacy knows all three and no Name', () => {
    assert.deepEqual([...apiScope(voice).productTypes].sort(), ['SipMediaApplicationDialIn', 'VoiceConnector']);
    assert.deepEqual(apiScope(voice).updatable, ['productType', 'callingName', 'name']);
    assert.deepEqual([...apiScope(legacy).productTypes].sort(), [...ALL_PRODUCT_TYPES].sort());
    assert.deepEqual(apiScope(legacy).updatable, ['productType', 'callingName']);
    assert.equal(apiScope(voice), apiScope(voice), 'computed once per model');
  });

  test('UpdatePhoneNumber and its batch item carry the same updatable members in each served model', () => {
    for (const service of [legacy, voice]) {
      const names = fieldNames(service);
      const members = (shape: string) => {
        const s = service.shape(shape);
        assert.equal(s.type, 'structure');
        return apiScope(service).updatable.filter((a) => Object.hasOwn(s.members, names(a)));
      };
      assert.deepEqual(members('UpdatePhoneNumberRequest'), members('UpdatePhoneNumberRequestItem'), service.id);
      assert.deepEqual(members('UpdatePhoneNumberRequest'), apiScope(service).updatable, service.id);
    }
  });
});

describe('Business Calling records under the voice model', () => {
  test('are not listed: numbers and orders page full of the others; the legacy model lists everything', async () => {
    const { business, voiceOrders } = await mixedInventory();
    assert.deepEqual(await allNumbers(voice, 3), [VOICE_NUMBERS.slice(0, 3), VOICE_NUMBERS.slice(3)]);
    assert.deepEqual((await allNumbers(legacy, 99)).flat(), [...BUSINESS, ...VOICE_NUMBERS].sort());

    const first = await h.call(voice, 'ListPhoneNumberOrders', { MaxResults: 1 });
    const second = await h.call(voice, 'ListPhoneNumberOrders', { MaxResults: 1, NextToken: first.NextToken! });
    assert.deepEqual([...first.PhoneNumberOrders!, ...second.PhoneNumberOrders!].map((o) => o.PhoneNumberOrderId), voiceOrders);
    assert.equal(second.NextToken, undefined);
    const legacyOrders = await h.call(legacy, 'ListPhoneNumberOrders', {});
    assert.equal(legacyOrders.PhoneNumberOrders!.length, business.length + voiceOrders.length);
    await refusedWith(h.call(voice, 'ListPhoneNumberOrders', { NextToken: (await h.call(legacy, 'ListPhoneNumberOrders', { MaxResults: 1 })).NextToken! }), 'BadRequestException');
  });

  test('are NotFound to get, update, delete and restore, NotFound items in batches; the legacy model still has them', async () => {
    const { business } = await mixedInventory();
    const [number] = BUSINESS;
    await refusedWith(h.call(voice, 'GetPhoneNumber', { PhoneNumberId: number! }), 'NotFoundException');
    await refusedWith(h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: number!, Name: 'x' }), 'NotFoundException');
    await refusedWith(h.call(voice, 'DeletePhoneNumber', { PhoneNumberId: number! }), 'NotFoundException');
    await refusedWith(h.call(voice, 'GetPhoneNumberOrder', { PhoneNumberOrderId: business[0]! }), 'NotFoundException');
    await h.call(legacy, 'DeletePhoneNumber', { PhoneNumberId: number! });
    await refusedWith(h.call(voice, 'RestorePhoneNumber', { PhoneNumberId: number! }), 'NotFoundException');

    const deletes = await h.call(voice, 'BatchDeletePhoneNumber', { PhoneNumberIds: [BUSINESS[1]!, VOICE_NUMBERS[0]!] });
    assert.deepEqual(deletes.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [[BUSINESS[1], 'NotFound']]);
    const updates = await h.call(voice, 'BatchUpdatePhoneNumber', {
      UpdatePhoneNumberRequestItems: [{ PhoneNumberId: BUSINESS[2]!, CallingName: 'Acme' }, { PhoneNumberId: VOICE_NUMBERS[1]!, CallingName: 'Acme' }],
    });
    assert.deepEqual(updates.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [[BUSINESS[2], 'NotFound']]);

    assert.equal((await h.call(legacy, 'RestorePhoneNumber', { PhoneNumberId: number! })).PhoneNumber?.Status, 'Unassigned');
    const kept = await h.call(legacy, 'GetPhoneNumber', { PhoneNumberId: BUSINESS[1]! });
    assert.deepEqual([kept.PhoneNumber?.ProductType, kept.PhoneNumber?.Status], ['BusinessCalling', 'Unassigned'], 'the voice batch did not touch it');
    assert.equal((await h.call(legacy, 'GetPhoneNumber', { PhoneNumberId: BUSINESS[2]! })).PhoneNumber?.CallingName, undefined);
    assert.equal((await h.call(legacy, 'GetPhoneNumberOrder', { PhoneNumberOrderId: business[0]! })).PhoneNumberOrder?.ProductType, 'BusinessCalling');
  });

  test('a number moved to Business Calling through the legacy model leaves the voice model, and comes back when moved back', async () => {
    await mixedInventory();
    const [number] = VOICE_NUMBERS;
    await h.call(legacy, 'UpdatePhoneNumber', { PhoneNumberId: number!, ProductType: 'BusinessCalling' });
    await refusedWith(h.call(voice, 'GetPhoneNumber', { PhoneNumberId: number! }), 'NotFoundException');
    await h.call(legacy, 'UpdatePhoneNumber', { PhoneNumberId: number!, ProductType: 'VoiceConnector' });
    assert.equal((await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: number! })).PhoneNumber?.ProductType, 'VoiceConnector');
  });
});

describe('ListPhoneNumbers status, read by each model', () => {
  test('voice takes any string: statuses no number has list nothing, never an error', async () => {
    await mixedInventory();
    for (const status of ['PortinInProgress', 'Cancelled', 'PortinCancelRequested', 'ReleaseFailed', 'assigned', 'no such status']) {
      const page = await h.callWithQuery(voice, 'ListPhoneNumbers', { status });
      assert.deepEqual(page, { PhoneNumbers: [], NextToken: undefined }, status);
    }
    const unassigned = await h.callWithQuery(voice, 'ListPhoneNumbers', { status: 'Unassigned', 'max-results': '2' });
    assert.deepEqual(unassigned.PhoneNumbers?.map((n) => n.E164PhoneNumber), VOICE_NUMBERS.slice(0, 2));
  });

  test('the legacy model refuses a status outside its enum before the handler', async () => {
    await assert.rejects(h.callWithQuery(legacy, 'ListPhoneNumbers', { status: 'PortinInProgress' }), /Member must satisfy enum value set/);
  });
});

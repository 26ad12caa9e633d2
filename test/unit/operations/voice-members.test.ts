/**
 * The members chime-sdk-voice adds, through the same handlers under either model: an order's `Name` given to the
 * numbers it acquires, `PhoneNumber.OrderId`, `PhoneNumberOrder.OrderType` (always `New`, no `FocDate`), and updates
 * of one attribute per request (`Name` being one, `''` clearing it). What the legacy model cannot say, its serializer
 * leaves out.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACCOUNT, legacy, openHarness, refusedWith, voice, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(() => h.close());

/** Orders `numbers` through `service`'s model and fulfils the order; answers the order as created. */
async function ordered(service: typeof voice, numbers: string[], name?: string) {
  const { PhoneNumberOrder: order } = await h.call(service, 'CreatePhoneNumberOrder', {
    ProductType: 'VoiceConnector',
    E164PhoneNumbers: numbers,
    ...(name === undefined ? {} : { Name: name }),
  });
  await h.fulfil();
  return order!;
}

describe('CreatePhoneNumberOrder with a Name, and the numbers it acquires', () => {
  test('every number of the order has its Name and OrderId; the order is of type New without FocDate', async () => {
    const order = await ordered(voice, ['+12065550100', '+12065550101'], 'Support line');
    assert.equal(order.OrderType, 'New');
    const created = h.wire(voice, 'CreatePhoneNumberOrder', { PhoneNumberOrder: order }).PhoneNumberOrder as Record<string, unknown>;
    assert.equal(created.OrderType, 'New');
    assert.equal(Object.hasOwn(created, 'FocDate'), false);
    assert.equal(Object.hasOwn(created, 'Name'), false, 'PhoneNumberOrder has no Name member');

    for (const e164 of ['+12065550100', '+12065550101']) {
      const { PhoneNumber: number } = await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: e164 });
      assert.deepEqual([number?.Name, number?.OrderId], ['Support line', order.PhoneNumberOrderId]);
    }
    const listed = await h.call(voice, 'ListPhoneNumbers', {});
    assert.deepEqual(listed.PhoneNumbers?.map((n) => [n.Name, n.OrderId]), [
      ['Support line', order.PhoneNumberOrderId],
      ['Support line', order.PhoneNumberOrderId],
    ]);
    const fetched = await h.call(voice, 'GetPhoneNumberOrder', { PhoneNumberOrderId: order.PhoneNumberOrderId! });
    assert.deepEqual([fetched.PhoneNumberOrder?.Status, fetched.PhoneNumberOrder?.OrderType], ['Successful', 'New']);
    const orders = await h.call(voice, 'ListPhoneNumberOrders', {});
    assert.deepEqual(orders.PhoneNumberOrders?.map((o) => o.OrderType), ['New']);
  });

  test('the voice model writes Name, OrderId and OrderType; the legacy model, which has none of them, leaves them out', async () => {
    const order = await ordered(voice, ['+12065550100'], 'Support line');
    const output = await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: '+12065550100' });
    const voiceNumber = h.wire(voice, 'GetPhoneNumber', output).PhoneNumber as Record<string, unknown>;
    assert.deepEqual([voiceNumber.Name, voiceNumber.OrderId], ['Support line', order.PhoneNumberOrderId]);

    const legacyOutput = await h.call(legacy, 'GetPhoneNumber', { PhoneNumberId: '+12065550100' });
    const legacyNumber = h.wire(legacy, 'GetPhoneNumber', legacyOutput).PhoneNumber as Record<string, unknown>;
    assert.equal(legacyNumber.E164PhoneNumber, '+12065550100');
    assert.equal(Object.hasOwn(legacyNumber, 'Name') || Object.hasOwn(legacyNumber, 'OrderId'), false);
    const legacyOrder = h.wire(legacy, 'GetPhoneNumberOrder', await h.call(legacy, 'GetPhoneNumberOrder', { PhoneNumberOrderId: order.PhoneNumberOrderId! }));
    assert.equal(Object.hasOwn(legacyOrder.PhoneNumberOrder as object, 'OrderType'), false);
  });

  test('a number ordered through the legacy model, or with an empty Name, has no Name but its OrderId', async () => {
    const viaLegacy = await ordered(legacy, ['+12065550100']);
    const emptyName = await ordered(voice, ['+12065550101'], '');
    for (const [e164, order] of [['+12065550100', viaLegacy], ['+12065550101', emptyName]] as const) {
      const wire = h.wire(voice, 'GetPhoneNumber', await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: e164 })).PhoneNumber as Record<string, unknown>;
      assert.equal(Object.hasOwn(wire, 'Name'), false, e164);
      assert.equal(wire.OrderId, order.PhoneNumberOrderId);
    }
  });

  test('a number loaded without an order has no OrderId', async () => {
    await h.storage.bulk.insertOwnedNumbers([{ e164: '+12065550199', accountId: ACCOUNT, productType: 'VoiceConnector', type: 'Local', country: 'US', at: h.clock.now() }]);
    const wire = h.wire(voice, 'GetPhoneNumber', await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: '+12065550199' })).PhoneNumber as Record<string, unknown>;
    assert.equal(Object.hasOwn(wire, 'OrderId'), false);
  });
});

describe('UpdatePhoneNumber and BatchUpdatePhoneNumber with a Name', () => {
  test('Name is set at once, changes nothing else, and an empty Name clears it', async () => {
    await ordered(voice, ['+12065550100'], 'Support line');
    h.clock.advance(5_000);
    const { PhoneNumber: renamed } = await h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '%2B12065550100', Name: 'Front desk' });
    assert.deepEqual([renamed?.Name, renamed?.ProductType, renamed?.CallingNameStatus], ['Front desk', 'VoiceConnector', 'Unassigned']);
    assert.equal(renamed?.UpdatedTimestamp?.getTime(), h.clock.now().getTime());
    const { PhoneNumber: cleared } = await h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100', Name: '' });
    assert.equal(Object.hasOwn(h.wire(voice, 'UpdatePhoneNumber', { PhoneNumber: cleared }).PhoneNumber as object, 'Name'), false);
    assert.equal((await h.call(voice, 'GetPhoneNumber', { PhoneNumberId: '+12065550100' })).PhoneNumber?.Name, undefined);
  });

  test('one attribute per request, refused as BadRequestException in the service style', async () => {
    await ordered(voice, ['+12065550100']);
    assert.equal(
      await refusedWith(h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100', ProductType: 'SipMediaApplicationDialIn', Name: 'x' }), 'BadRequestException'),
      'Update either ProductType or Name, not both in one request',
    );
    assert.equal(
      await refusedWith(h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100', CallingName: 'Acme', Name: 'x' }), 'BadRequestException'),
      'Update either CallingName or Name, not both in one request',
    );
    assert.equal(
      await refusedWith(
        h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100', ProductType: 'VoiceConnector', CallingName: 'Acme', Name: 'x' }),
        'BadRequestException',
      ),
      'Update one of ProductType, CallingName or Name, not all of them in one request',
    );
    assert.equal(
      await refusedWith(h.call(voice, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100' }), 'BadRequestException'),
      'Give ProductType, CallingName or Name to update',
    );
    assert.equal(
      await refusedWith(h.call(legacy, 'UpdatePhoneNumber', { PhoneNumberId: '+12065550100' }), 'BadRequestException'),
      'Give ProductType or CallingName to update',
      'the legacy model has no Name to offer',
    );
  });

  test('batch items: Name is one more attribute; refusals are per item, the rest applies', async () => {
    await ordered(voice, ['+12065550100', '+12065550101', '+12065550102']);
    const { PhoneNumberErrors: errors } = await h.call(voice, 'BatchUpdatePhoneNumber', {
      UpdatePhoneNumberRequestItems: [
        { PhoneNumberId: '+12065550100', Name: 'Front desk' },
        { PhoneNumberId: '%2B12065550101', CallingName: 'Acme', Name: 'Lobby' },
        { PhoneNumberId: '+12065550102' },
      ],
    });
    assert.deepEqual(errors, [
      { PhoneNumberId: '%2B12065550101', ErrorCode: 'BadRequest', ErrorMessage: 'Update either CallingName or Name, not both in one request' },
      { PhoneNumberId: '+12065550102', ErrorCode: 'BadRequest', ErrorMessage: 'Give ProductType, CallingName or Name to update' },
    ]);
    const names = (await h.call(voice, 'ListPhoneNumbers', {})).PhoneNumbers?.map((n) => n.Name ?? null);
    assert.deepEqual(names, ['Front desk', null, null]);
  });
});

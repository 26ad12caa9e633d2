/**
 * Chime SDK Voice through its real JS SDK (@aws-sdk/client-chime-sdk-voice) next to legacy Chime (@aws-sdk/client-chime)
 * on one server: every voice phone-number operation, each difference between the two models in both directions, one
 * inventory read through either API, and the voice paginators with pages of 100. Each client names its API in its
 * User-Agent (`api/chime-sdk-voice#…`, `api/chime#…`), so no endpoint prefix is needed; `x-dialtone-api` on every
 * answer shows which API answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  AssociatePhoneNumbersWithVoiceConnectorGroupCommand,
  BatchDeletePhoneNumberCommand,
  BatchUpdatePhoneNumberCommand,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  DisassociatePhoneNumbersFromVoiceConnectorCommand,
  DisassociatePhoneNumbersFromVoiceConnectorGroupCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  GetPhoneNumberSettingsCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  ListSupportedPhoneNumberCountriesCommand,
  RestorePhoneNumberCommand,
  SearchAvailablePhoneNumbersCommand,
  UpdatePhoneNumberCommand,
  UpdatePhoneNumberSettingsCommand,
  paginateListPhoneNumberOrders,
  paginateListPhoneNumbers,
  paginateSearchAvailablePhoneNumbers,
  type ChimeSDKVoiceClient,
  type PhoneNumber,
  type PhoneNumberProductType,
} from '@aws-sdk/client-chime-sdk-voice';
import * as legacy from '@aws-sdk/client-chime';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, freshDataDir, startTestServer, type TestServer } from '../support/server.ts';
import { waitForTerminal } from '../support/orders.ts';
import { assertError, numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { answeringApis, assertVoiceError, enumRefusal, seedDataDir, voiceClient, waitForVoiceOrder } from '../support/voice.ts';

const VOICE_PRODUCT_TYPES = ['VoiceConnector', 'SipMediaApplicationDialIn'];
const LEGACY_PRODUCT_TYPES = ['BusinessCalling', ...VOICE_PRODUCT_TYPES];
const VOICE_FILTER_NAMES = ['VoiceConnectorId', 'VoiceConnectorGroupId', 'SipRuleId'];
const LEGACY_STATUSES = ['AcquireInProgress', 'AcquireFailed', 'Unassigned', 'Assigned', 'ReleaseInProgress', 'DeleteInProgress', 'ReleaseFailed', 'DeleteFailed'];
/** Voice says nothing about BusinessCalling: a value the voice SDK's types do not allow, sent as a user could. */
const BUSINESS_CALLING = 'BusinessCalling' as PhoneNumberProductType;
const UNKNOWN_ORDER_ID = '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11';
/** The refusal of an association call whose voice connector (group) is not the account's. */
const unknownTarget = /^No voice connector (group )?with id \S+ exists in this account$/;

/** The members of an answer these tests read, as JSON on the wire. */
interface WireBody {
  PhoneNumber?: Record<string, unknown>;
  PhoneNumberOrder?: Record<string, unknown>;
  PhoneNumbers?: Record<string, unknown>[];
}

/** A fast carrier, so orders complete at once; no throttling, so a long sequence of calls is never refused 429. */
const FAST = { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } };

describe('Chime SDK Voice phone numbers through @aws-sdk/client-chime-sdk-voice', () => {
  let server: TestServer;
  let voice: ChimeSDKVoiceClient;
  let chime: legacy.ChimeClient;
  let voiceApis: string[];
  let chimeApis: string[];

  /** The JSON body of a signed raw GET to `target` (a path prefix picks the API; none and no User-Agent: `both`). */
  async function rawGet(target: string): Promise<{ status: number; api: unknown; body: WireBody }> {
    const response = await sendRaw(server.url, { method: 'GET', target });
    return { status: response.status, api: response.headers['x-dialtone-api'], body: response.body ? (response.json() as WireBody) : {} };
  }

  before(async () => {
    server = await startTestServer({ config: FAST });
    voice = voiceClient(server);
    chime = chimeClient(server);
    voiceApis = answeringApis(voice);
    chimeApis = answeringApis(chime);
  });
  after(async () => {
    voice.destroy();
    chime.destroy();
    await server.close();
  });

  it('answers all 18 voice phone-number operations, every one by the chime-sdk-voice API', async () => {
    voiceApis.length = 0;
    const [first, second, third] = numberRange('+12065550100', 3) as [string, string, string];

    const found = await voice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 5 }));
    assert.equal(found.E164PhoneNumbers?.length, 5);
    for (const n of found.E164PhoneNumbers!) assert.match(n, /^\+1206\d{7}$/);

    const countries = await voice.send(new ListSupportedPhoneNumberCountriesCommand({ ProductType: 'VoiceConnector' }));
    assert.deepEqual(countries.PhoneNumberCountries, [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }]);

    const created = await voice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [first, second, third] }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    const orderId = created.PhoneNumberOrder!.PhoneNumberOrderId!;
    assert.equal(created.PhoneNumberOrder?.ProductType, 'VoiceConnector');
    assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
    assert.deepEqual(created.PhoneNumberOrder?.OrderedPhoneNumbers?.map((n) => n.E164PhoneNumber), [first, second, third]);

    const done = await waitForVoiceOrder(voice, orderId);
    assert.equal(done.Status, 'Successful');
    const got = await voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }));
    assert.deepEqual(got.PhoneNumberOrder, done);
    const orders = await voice.send(new ListPhoneNumberOrdersCommand({}));
    assert.deepEqual(orders.PhoneNumberOrders?.map((o) => o.PhoneNumberOrderId), [orderId]);

    const number = (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: first }))).PhoneNumber!;
    assert.equal(number.PhoneNumberId, '%2B12065550100');
    assert.equal(number.E164PhoneNumber, first);
    assert.equal(number.ProductType, 'VoiceConnector');
    assert.equal(number.Status, 'Unassigned');
    assert.deepEqual(number.Associations, []);
    const listed = await voice.send(new ListPhoneNumbersCommand({ ProductType: 'VoiceConnector' }));
    assert.deepEqual(listed.PhoneNumbers?.map((n) => n.E164PhoneNumber), [first, second, third]);

    const updated = await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: first, ProductType: 'SipMediaApplicationDialIn' }));
    assert.equal(updated.PhoneNumber?.ProductType, 'SipMediaApplicationDialIn');
    const batchUpdated = await voice.send(
      new BatchUpdatePhoneNumberCommand({
        UpdatePhoneNumberRequestItems: [
          { PhoneNumberId: second, CallingName: 'Dial Tone' },
          { PhoneNumberId: '+12065559999', ProductType: 'VoiceConnector' },
        ],
      }),
    );
    assert.deepEqual(batchUpdated.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [['+12065559999', 'NotFound']]);
    const named = (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: second }))).PhoneNumber!;
    assert.equal(named.CallingName, 'Dial Tone');
    assert.equal(named.CallingNameStatus, 'UpdateInProgress');

    const deleted = await voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: first }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal((await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: first }))).PhoneNumber?.Status, 'DeleteInProgress');
    const restored = await voice.send(new RestorePhoneNumberCommand({ PhoneNumberId: first }));
    assert.equal(restored.PhoneNumber?.Status, 'Unassigned');
    const batchDeleted = await voice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: [third, '+12065559999'] }));
    assert.deepEqual(batchDeleted.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [['+12065559999', 'NotFound']]);
    assert.equal((await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: third }))).PhoneNumber?.Status, 'DeleteInProgress');

    assert.equal((await voice.send(new GetPhoneNumberSettingsCommand({}))).CallingName, undefined);
    const settings = await voice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'Dialtone Inc' }));
    assert.equal(settings.$metadata.httpStatusCode, 204);
    const after = await voice.send(new GetPhoneNumberSettingsCommand({}));
    assert.equal(after.CallingName, 'Dialtone Inc');
    assert.ok(after.CallingNameUpdatedTimestamp instanceof Date);

    // The association operations, with a connector and a group that do not exist (see associations-sdk.test.ts).
    const unknownTargets: [string, Promise<unknown>][] = [
      ['AssociatePhoneNumbersWithVoiceConnector', voice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: 'abcdef1ghij2klmno3pqr4', E164PhoneNumbers: [second], ForceAssociate: true }))],
      ['DisassociatePhoneNumbersFromVoiceConnector', voice.send(new DisassociatePhoneNumbersFromVoiceConnectorCommand({ VoiceConnectorId: 'abcdef1ghij2klmno3pqr4', E164PhoneNumbers: [second] }))],
      ['AssociatePhoneNumbersWithVoiceConnectorGroup', voice.send(new AssociatePhoneNumbersWithVoiceConnectorGroupCommand({ VoiceConnectorGroupId: '123e4567-e89b-12d3-a456-426614174000', E164PhoneNumbers: [second] }))],
      ['DisassociatePhoneNumbersFromVoiceConnectorGroup', voice.send(new DisassociatePhoneNumbersFromVoiceConnectorGroupCommand({ VoiceConnectorGroupId: '123e4567-e89b-12d3-a456-426614174000', E164PhoneNumbers: [second] }))],
    ];
    for (const [operation, call] of unknownTargets) {
      const error = await assertVoiceError(call, 'NotFoundException', 404, unknownTarget);
      assert.equal((error as unknown as { Code?: string }).Code, 'NotFound', operation);
    }
    // Nothing changed: the number is still Unassigned, with no associations.
    const untouched = (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: second }))).PhoneNumber!;
    assert.deepEqual([untouched.Status, untouched.Associations], ['Unassigned', []]);

    assert.ok(voiceApis.length >= 22, `${voiceApis.length} answers recorded`);
    assert.deepEqual(new Set(voiceApis), new Set(['chime-sdk-voice']));
  });

  it('MaxResults: voice lists take 1..100, legacy lists 1..99', async () => {
    voiceApis.length = 0;
    chimeApis.length = 0;
    for (const list of [
      (MaxResults: number) => voice.send(new ListPhoneNumberOrdersCommand({ MaxResults })),
      (MaxResults: number) => voice.send(new ListPhoneNumbersCommand({ MaxResults })),
    ]) {
      assert.equal((await list(100)).$metadata.httpStatusCode, 200);
      await assertVoiceError(list(101), 'BadRequestException', 400, /Value '101' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 100/);
      await assertVoiceError(list(0), 'BadRequestException', 400, /Member must have value greater than or equal to 1/);
    }
    for (const list of [
      (MaxResults: number) => chime.send(new legacy.ListPhoneNumberOrdersCommand({ MaxResults })),
      (MaxResults: number) => chime.send(new legacy.ListPhoneNumbersCommand({ MaxResults })),
    ]) {
      assert.equal((await list(99)).$metadata.httpStatusCode, 200);
      await assertError(list(100), 'BadRequestException', 400, /Value '100' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 99/);
    }
    // SearchAvailablePhoneNumbers allows 1..500 in both models.
    assert.equal((await voice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 500 }))).E164PhoneNumbers?.length, 500);
    await assertVoiceError(voice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 501 })), 'BadRequestException', 400, /less than or equal to 500/);
    assert.deepEqual(new Set(voiceApis), new Set(['chime-sdk-voice']));
    assert.deepEqual(new Set(chimeApis), new Set(['chime']));
  });

  it('BusinessCalling: every voice request naming it is refused; legacy accepts it', async () => {
    const refusal = enumRefusal('BusinessCalling', 'ProductType', VOICE_PRODUCT_TYPES);
    await assertVoiceError(voice.send(new CreatePhoneNumberOrderCommand({ ProductType: BUSINESS_CALLING, E164PhoneNumbers: ['+12065550150'] })), 'BadRequestException', 400, refusal);
    await assertVoiceError(voice.send(new ListSupportedPhoneNumberCountriesCommand({ ProductType: BUSINESS_CALLING })), 'BadRequestException', 400, refusal);
    await assertVoiceError(voice.send(new ListPhoneNumbersCommand({ ProductType: BUSINESS_CALLING })), 'BadRequestException', 400, refusal);
    await assertVoiceError(voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550101', ProductType: BUSINESS_CALLING })), 'BadRequestException', 400, refusal);
    await assertVoiceError(
      voice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: '+12065550101', ProductType: BUSINESS_CALLING }] })),
      'BadRequestException',
      400,
      /Member must satisfy enum value set: \[VoiceConnector, SipMediaApplicationDialIn\]/,
    );
    const ordered = await chime.send(new legacy.CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550150'] }));
    assert.equal(ordered.PhoneNumberOrder?.ProductType, 'BusinessCalling');
    const countries = await chime.send(new legacy.ListSupportedPhoneNumberCountriesCommand({ ProductType: 'BusinessCalling' }));
    assert.deepEqual(countries.PhoneNumberCountries, [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local'] }]);
    await assertError(
      chime.send(new legacy.CreatePhoneNumberOrderCommand({ ProductType: 'Fax' as legacy.PhoneNumberProductType, E164PhoneNumbers: ['+12065550151'] })),
      'BadRequestException',
      400,
      enumRefusal('Fax', 'ProductType', LEGACY_PRODUCT_TYPES),
    );
    // The refused voice order took nothing: the legacy order acquires the number.
    const done = await waitForTerminal(chime, ordered.PhoneNumberOrder!.PhoneNumberOrderId!);
    assert.deepEqual(done.OrderedPhoneNumbers, [{ E164PhoneNumber: '+12065550150', Status: 'Acquired' }]);
  });

  it('ListPhoneNumbers filter names: voice refuses AccountId and UserId, legacy accepts them', async () => {
    for (const name of ['AccountId', 'UserId']) {
      await assertVoiceError(
        voice.send(new ListPhoneNumbersCommand({ FilterName: name as 'SipRuleId', FilterValue: ALICE.accountId })),
        'BadRequestException',
        400,
        enumRefusal(name, 'FilterName', VOICE_FILTER_NAMES),
      );
      const theirs = await chime.send(new legacy.ListPhoneNumbersCommand({ FilterName: name as 'AccountId', FilterValue: ALICE.accountId }));
      assert.deepEqual(theirs.PhoneNumbers, []);
    }
    for (const name of VOICE_FILTER_NAMES) {
      const { PhoneNumbers } = await voice.send(new ListPhoneNumbersCommand({ FilterName: name as 'SipRuleId', FilterValue: 'abc' }));
      assert.deepEqual(PhoneNumbers, [], `${name}: numbers have no associations`);
    }
  });

  it('ListPhoneNumbers status: voice takes any string (porting statuses match nothing), legacy only its enum', async () => {
    const all = (await voice.send(new ListPhoneNumbersCommand({}))).PhoneNumbers!;
    assert.ok(all.length > 0);
    for (const status of ['PortinInProgress', 'Cancelled', 'PortinCancelRequested']) {
      assert.deepEqual((await voice.send(new ListPhoneNumbersCommand({ Status: status }))).PhoneNumbers, [], status);
      await assertError(
        chime.send(new legacy.ListPhoneNumbersCommand({ Status: status as legacy.PhoneNumberStatus })),
        'BadRequestException',
        400,
        enumRefusal(status, 'Status', LEGACY_STATUSES),
      );
    }
    const unassigned = (await voice.send(new ListPhoneNumbersCommand({ Status: 'Unassigned' }))).PhoneNumbers!;
    assert.deepEqual(
      unassigned.map((n) => n.E164PhoneNumber),
      all.filter((n) => n.Status === 'Unassigned').map((n) => n.E164PhoneNumber),
    );
  });

  it('Name is checked by the voice model: its pattern and at most 256 characters', async () => {
    const order = (Name: string) => voice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550160'], Name }));
    const pattern = /Value at 'Name' failed to satisfy constraint: Member must satisfy regular expression pattern/;
    for (const bad of [' leading', 'trailing ', 'semi;colon', 'new\nline x!']) {
      const error = await assertVoiceError(order(bad), 'BadRequestException', 400, pattern);
      assert.ok(!error.message.includes(bad), 'a sensitive value is not echoed');
    }
    await assertVoiceError(order('a'.repeat(257)), 'BadRequestException', 400, /Member must have length less than or equal to 256/);
    await assertVoiceError(
      voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550101', Name: 'tab\tend ' })),
      'BadRequestException',
      400,
      pattern,
    );
    await assertVoiceError(
      voice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: '+12065550101', Name: '#1' }] })),
      'BadRequestException',
      400,
      /Name/,
    );
    // Nothing was ordered by the refused requests.
    const orders = (await voice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 }))).PhoneNumberOrders ?? [];
    assert.ok(!orders.some((o) => o.OrderedPhoneNumbers?.some((n) => n.E164PhoneNumber === '+12065550160')));
  });

  it('an order placed through legacy Chime reads through voice, with no Name', async () => {
    const [number] = numberRange('+12065550300', 1) as [string];
    const [order] = await orderNumbers(chime, 'VoiceConnector', [number]);
    assert.equal(order?.Status, 'Successful');
    const seen = (await voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order!.PhoneNumberOrderId }))).PhoneNumberOrder!;
    assert.equal(seen.PhoneNumberOrderId, order!.PhoneNumberOrderId);
    assert.equal(seen.ProductType, 'VoiceConnector');
    assert.equal(seen.Status, 'Successful');
    assert.deepEqual(seen.OrderedPhoneNumbers, [{ E164PhoneNumber: number, Status: 'Acquired' }]);
    assert.deepEqual(seen.CreatedTimestamp, order!.CreatedTimestamp);
    const listed = (await voice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 }))).PhoneNumberOrders!;
    assert.ok(listed.some((o) => o.PhoneNumberOrderId === order!.PhoneNumberOrderId));
    const phone = (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: number }))).PhoneNumber!;
    assert.equal(phone.Status, 'Unassigned');
    assert.equal(phone.Name, undefined);
    assert.ok(!('Name' in (await rawGet('/chime-sdk-voice/phone-numbers/%2B12065550300')).body.PhoneNumber!), 'no Name on the wire');
  });

  it('voice answers carry OrderType New and each number its OrderId; legacy answers carry neither', async () => {
    const [number] = numberRange('+12065550310', 1) as [string];
    const created = await voice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }));
    const orderId = created.PhoneNumberOrder!.PhoneNumberOrderId!;
    assert.equal(created.PhoneNumberOrder?.OrderType, 'New');
    const order = await waitForVoiceOrder(voice, orderId);
    assert.equal(order.OrderType, 'New');
    const listed = (await voice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 }))).PhoneNumberOrders!;
    assert.ok(listed.length > 1);
    for (const o of listed) assert.equal(o.OrderType, 'New', o.PhoneNumberOrderId);
    assert.equal((await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: number }))).PhoneNumber?.OrderId, orderId);

    const legacyOrder = await rawGet(`/chime/phone-number-orders/${orderId}`);
    assert.equal(legacyOrder.api, 'chime');
    assert.deepEqual(Object.keys(legacyOrder.body.PhoneNumberOrder!).sort(), ['CreatedTimestamp', 'OrderedPhoneNumbers', 'PhoneNumberOrderId', 'ProductType', 'Status', 'UpdatedTimestamp']);
    const legacyNumber = await rawGet('/chime/phone-numbers/%2B12065550310');
    assert.ok(!('OrderId' in legacyNumber.body.PhoneNumber!), JSON.stringify(legacyNumber.body));
    // The union carries every member of either model.
    const union = await rawGet(`/phone-number-orders/${orderId}`);
    assert.equal(union.api, 'both');
    assert.equal((union.body.PhoneNumberOrder as { OrderType?: string }).OrderType, 'New');
  });

  it('a voice order with a Name names its numbers; legacy reads the same order and numbers without Name', async () => {
    const numbers = numberRange('+12065550320', 2);
    const created = await voice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers, Name: 'Front desk, line.1' }));
    const orderId = created.PhoneNumberOrder!.PhoneNumberOrderId!;
    await waitForVoiceOrder(voice, orderId);
    for (const n of numbers) {
      const number = (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: n }))).PhoneNumber!;
      assert.equal(number.Name, 'Front desk, line.1', n);
      assert.equal(number.OrderId, orderId);
    }
    const listed = (await voice.send(new ListPhoneNumbersCommand({ MaxResults: 100 }))).PhoneNumbers!.filter((n) => numbers.includes(n.E164PhoneNumber!));
    assert.deepEqual(listed.map((n) => n.Name), ['Front desk, line.1', 'Front desk, line.1']);

    const seen = await waitForTerminal(chime, orderId);
    assert.equal(seen.Status, 'Successful');
    assert.equal(seen.ProductType, 'VoiceConnector');
    const legacyNumber = await rawGet('/chime/phone-numbers/%2B12065550320');
    assert.equal(legacyNumber.status, 200);
    assert.equal((legacyNumber.body.PhoneNumber as PhoneNumber).E164PhoneNumber, numbers[0]);
    assert.ok(!('Name' in legacyNumber.body.PhoneNumber!), JSON.stringify(legacyNumber.body));
    const legacyList = await rawGet('/chime/phone-numbers?max-results=99');
    assert.ok(legacyList.body.PhoneNumbers?.some((n) => n.E164PhoneNumber === numbers[0]));
    for (const n of legacyList.body.PhoneNumbers!) assert.ok(!('Name' in n), JSON.stringify(n));
    const union = await rawGet('/phone-numbers/%2B12065550320');
    assert.equal((union.body.PhoneNumber as PhoneNumber).Name, 'Front desk, line.1');
  });

  it('UpdatePhoneNumber and BatchUpdatePhoneNumber change Name, one attribute per call', async () => {
    const [a, b, c] = numberRange('+12065550400', 3) as [string, string, string];
    await orderNumbers(chime, 'VoiceConnector', [a, b, c]);
    const get = async (id: string): Promise<PhoneNumber> => (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: id }))).PhoneNumber!;

    const renamed = await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: a, Name: 'Sales  team' }));
    assert.equal(renamed.PhoneNumber?.Name, 'Sales  team');
    assert.equal((await get(a)).Name, 'Sales  team');
    for (const other of [{ CallingName: 'Sales' }, { ProductType: 'SipMediaApplicationDialIn' as const }]) {
      const error = await assertVoiceError(voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: a, Name: 'x', ...other })), 'BadRequestException', 400);
      assert.match(error.message, /\bName\b/);
      assert.match(error.message, new RegExp(Object.keys(other)[0]!));
    }
    assert.equal((await get(a)).Name, 'Sales  team', 'a refused update changes nothing');
    const cleared = await voice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: a, Name: '' }));
    assert.equal(cleared.PhoneNumber?.Name, undefined, 'an empty Name is no name');

    const callingNameBefore = (await get(c)).CallingName;
    const batch = await voice.send(
      new BatchUpdatePhoneNumberCommand({
        UpdatePhoneNumberRequestItems: [
          { PhoneNumberId: b, Name: 'Support' },
          { PhoneNumberId: c, Name: 'Support', CallingName: 'Support' },
        ],
      }),
    );
    assert.deepEqual(batch.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [[c, 'BadRequest']]);
    assert.match(batch.PhoneNumberErrors![0]!.ErrorMessage!, /\bName\b/);
    assert.equal((await get(b)).Name, 'Support');
    assert.equal((await get(c)).Name, undefined);
    // The refused item changes nothing: c keeps the calling name it was acquired with (the account's default, if any).
    assert.equal((await get(c)).CallingName, callingNameBefore);
    assert.equal(callingNameBefore, 'Dialtone Inc', "acquired after the first case set the account's default calling name");
  });

  it('BusinessCalling orders and numbers do not exist for voice requests; legacy and the union see them', async () => {
    const [number] = numberRange('+12065550500', 1) as [string];
    const [order] = await orderNumbers(chime, 'BusinessCalling', [number]);
    assert.equal(order?.Status, 'Successful');
    const orderId = order!.PhoneNumberOrderId!;

    await assertVoiceError(voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId })), 'NotFoundException', 404);
    await assertVoiceError(voice.send(new GetPhoneNumberCommand({ PhoneNumberId: number })), 'NotFoundException', 404);
    const orders = (await voice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 }))).PhoneNumberOrders!;
    assert.ok(orders.length > 0);
    assert.ok(!orders.some((o) => o.PhoneNumberOrderId === orderId), 'not in the voice order list');
    for (const o of orders) assert.notEqual(o.ProductType, 'BusinessCalling');
    const numbers = (await voice.send(new ListPhoneNumbersCommand({ MaxResults: 100 }))).PhoneNumbers!;
    assert.ok(numbers.length > 0);
    assert.ok(!numbers.some((n) => n.E164PhoneNumber === number), 'not in the voice number list');
    for (const n of numbers) assert.notEqual(n.ProductType, 'BusinessCalling');

    assert.equal((await chime.send(new legacy.GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }))).PhoneNumberOrder?.ProductType, 'BusinessCalling');
    assert.equal((await chime.send(new legacy.GetPhoneNumberCommand({ PhoneNumberId: number }))).PhoneNumber?.ProductType, 'BusinessCalling');
    const union = await rawGet(`/phone-number-orders/${orderId}`);
    assert.deepEqual([union.status, union.api], [200, 'both']);
    const unionNumber = await rawGet('/phone-numbers/%2B12065550500');
    assert.deepEqual([unionNumber.status, (unionNumber.body.PhoneNumber as PhoneNumber | undefined)?.ProductType], [200, 'BusinessCalling']);
  });

  it('the endpoint path prefix overrides the User-Agent: a voice client at /chime is answered by legacy Chime', async () => {
    const pinned = voiceClient(server, undefined, { prefix: '/chime' });
    const apis = answeringApis(pinned);
    try {
      await assertVoiceError(pinned.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 })), 'BadRequestException', 400, /less than or equal to 99/);
      const strict = voiceClient(server, undefined, { prefix: '/chime-sdk-voice' });
      const strictApis = answeringApis(strict);
      try {
        assert.equal((await strict.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100 }))).$metadata.httpStatusCode, 200);
      } finally {
        strict.destroy();
      }
      assert.deepEqual(strictApis, ['chime-sdk-voice']);
    } finally {
      pinned.destroy();
    }
    assert.deepEqual(apis, ['chime']);
    await assertVoiceError(voice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: UNKNOWN_ORDER_ID })), 'NotFoundException', 404);
  });
});

describe('the voice paginators with pageSize 100', () => {
  /** Available numbers: 250 in area code 206, and nothing else. */
  const POOL = ['+120655501', '+120655502', '+1206555030', '+1206555031', '+1206555032', '+1206555033', '+1206555034'];
  let seeded: TestServer;
  let small: TestServer;

  before(async () => {
    const dataDir = freshDataDir();
    await seedDataDir(dataDir, { accountId: ALICE.accountId, numbers: 130 });
    await seedDataDir(dataDir, { accountId: BOB.accountId, orders: 110 });
    seeded = await startTestServer({ dataDir, config: FROZEN_CARRIER });
    small = await startTestServer({ config: { inventory: { pool: POOL }, throttling: { enabled: false } } });
  });
  after(async () => {
    await seeded?.close();
    await small?.close();
  });

  it('paginateListPhoneNumberOrders pages 110 orders as 100 + 10, each once, oldest first', async () => {
    const client = voiceClient(seeded, BOB);
    const apis = answeringApis(client);
    try {
      const pages: string[][] = [];
      for await (const page of paginateListPhoneNumberOrders({ client, pageSize: 100 }, {})) {
        pages.push((page.PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId!));
        assert.ok(pages.length <= 3, 'the paginator ends');
      }
      assert.deepEqual(pages.map((p) => p.length), [100, 10]);
      assert.equal(new Set(pages.flat()).size, 110);
      assert.deepEqual(apis, ['chime-sdk-voice', 'chime-sdk-voice']);
    } finally {
      client.destroy();
    }
    const old = chimeClient(seeded, BOB);
    try {
      const pages = legacy.paginateListPhoneNumberOrders({ client: old, pageSize: 100 }, {});
      await assertError(pages.next(), 'BadRequestException', 400, /less than or equal to 99/);
    } finally {
      old.destroy();
    }
  });

  it('paginateListPhoneNumbers pages 130 numbers as 100 + 30, each once, in E.164 order', async () => {
    const client = voiceClient(seeded, ALICE);
    try {
      const pages: string[][] = [];
      for await (const page of paginateListPhoneNumbers({ client, pageSize: 100 }, {})) {
        pages.push((page.PhoneNumbers ?? []).map((n) => n.E164PhoneNumber!));
        assert.ok(pages.length <= 3, 'the paginator ends');
      }
      assert.deepEqual(pages.map((p) => p.length), [100, 30]);
      const all = pages.flat();
      assert.equal(new Set(all).size, 130);
      assert.deepEqual(all, [...all].sort());
    } finally {
      client.destroy();
    }
    // Another account's numbers are not in its list.
    const other = voiceClient(seeded, BOB);
    try {
      assert.deepEqual((await other.send(new ListPhoneNumbersCommand({ Status: 'Unassigned' }))).PhoneNumbers, []);
    } finally {
      other.destroy();
    }
  });

  it('paginateSearchAvailablePhoneNumbers pages the 250 available numbers as 100 + 100 + 50', async () => {
    const client = voiceClient(small, ALICE);
    try {
      const pages: string[][] = [];
      for await (const page of paginateSearchAvailablePhoneNumbers({ client, pageSize: 100 }, { AreaCode: '206' })) {
        pages.push(page.E164PhoneNumbers ?? []);
        assert.ok(pages.length <= 4, 'the paginator ends');
      }
      assert.deepEqual(pages.map((p) => p.length), [100, 100, 50]);
      const all = pages.flat();
      assert.equal(new Set(all).size, 250);
      for (const n of all) assert.ok(POOL.some((prefix) => n.startsWith(prefix)), n);
    } finally {
      client.destroy();
    }
  });
});

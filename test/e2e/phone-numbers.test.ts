/** ListPhoneNumbers, GetPhoneNumber, UpdatePhoneNumber and BatchUpdatePhoneNumber through the real JS SDK. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchUpdatePhoneNumberCommand,
  GetPhoneNumberCommand,
  ListPhoneNumbersCommand,
  SearchAvailablePhoneNumbersCommand,
  UpdatePhoneNumberCommand,
  paginateListPhoneNumbers,
  type ChimeClient,
  type ListPhoneNumbersCommandInput,
  type PhoneNumber,
} from '@aws-sdk/client-chime';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { advanceClock, assertError, numberRange, orderNumbers } from '../support/phone-numbers.ts';

const VOICE = numberRange('+12065550100', 100);
const BUSINESS = numberRange('+12065551000', 100);
const SMA = numberRange('+12125550100', 98);
const REFUSED = ['+13125550100', '+13125550101'];
const TOLL_FREE = ['+18445550100', '+18445550101'];

async function listAll(client: ChimeClient, input: ListPhoneNumbersCommandInput = {}, pageSize = 40): Promise<PhoneNumber[]> {
  const all: PhoneNumber[] = [];
  for await (const page of paginateListPhoneNumbers({ client, pageSize }, input)) all.push(...(page.PhoneNumbers ?? []));
  return all;
}

const get = async (client: ChimeClient, id: string): Promise<PhoneNumber> =>
  (await client.send(new GetPhoneNumberCommand({ PhoneNumberId: id }))).PhoneNumber!;

describe('the owned-number inventory: list, get, update', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;
  let gb: string;

  before(async () => {
    server = await startTestServer({
      config: {
        carrier: { latencyMs: 0, failPrefixes: ['+1312555'] },
        fulfilment: { idleMs: 10 },
        testing: { clockControl: true },
        phoneNumbers: { sweepIntervalMs: 50 },
      },
    });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
    const found = await alice.send(new SearchAvailablePhoneNumbersCommand({ Country: 'GB', PhoneNumberType: 'Local', MaxResults: 1 }));
    gb = found.E164PhoneNumbers![0]!;
    await orderNumbers(alice, 'VoiceConnector', VOICE);
    await orderNumbers(alice, 'BusinessCalling', BUSINESS);
    await orderNumbers(alice, 'SipMediaApplicationDialIn', [...SMA, ...REFUSED, gb]);
    await orderNumbers(alice, 'VoiceConnector', [...TOLL_FREE, REFUSED[0]!]); // a second failed attempt at the same number
    await orderNumbers(bob, 'VoiceConnector', ['+12065552000']);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('lists every number of the account once, in E.164 order, across pages', async () => {
    const all = await listAll(alice);
    const expected = [...VOICE, ...BUSINESS, ...SMA, ...REFUSED, ...TOLL_FREE, gb].sort();
    assert.deepEqual(all.map((n) => n.E164PhoneNumber), expected);
    assert.equal(all.length, 303);
    const first = await alice.send(new ListPhoneNumbersCommand({}));
    assert.equal(first.PhoneNumbers?.length, 99, 'default page size 99');
    assert.ok(first.NextToken);
    const three = await alice.send(new ListPhoneNumbersCommand({ MaxResults: 3 }));
    assert.deepEqual(three.PhoneNumbers?.map((n) => n.E164PhoneNumber), expected.slice(0, 3));
    assert.deepEqual((await listAll(bob)).map((n) => n.E164PhoneNumber), ['+12065552000']);
  });

  it('filters by status, product type and both; an association filter matches nothing yet', async () => {
    const failed = await listAll(alice, { Status: 'AcquireFailed' });
    assert.deepEqual(failed.map((n) => n.E164PhoneNumber), REFUSED, 'two failed attempts at one number list it once');
    assert.ok(failed.every((n) => n.Status === 'AcquireFailed' && n.ProductType !== undefined));
    assert.equal((await listAll(alice, { ProductType: 'BusinessCalling' }, 99)).length, 100);
    const sma = await listAll(alice, { Status: 'Unassigned', ProductType: 'SipMediaApplicationDialIn' }, 7);
    assert.deepEqual(sma.map((n) => n.E164PhoneNumber), [...SMA, gb].sort());
    assert.deepEqual(await listAll(alice, { Status: 'DeleteInProgress' }), []);
    const byVc = await alice.send(new ListPhoneNumbersCommand({ FilterName: 'VoiceConnectorId', FilterValue: 'abcdef1ghij2klmno3pqr4' }));
    assert.deepEqual(byVc.PhoneNumbers, []);
    await assertError(alice.send(new ListPhoneNumbersCommand({ FilterName: 'UserId' })), 'BadRequestException', 400, /FilterName and FilterValue/);
    await assertError(alice.send(new ListPhoneNumbersCommand({ MaxResults: 100 })), 'BadRequestException', 400, /MaxResults/);
  });

  it('refuses a NextToken used with other filters or by another account', async () => {
    const { NextToken } = await alice.send(new ListPhoneNumbersCommand({ ProductType: 'VoiceConnector', MaxResults: 5 }));
    assert.ok(NextToken);
    await assertError(alice.send(new ListPhoneNumbersCommand({ ProductType: 'BusinessCalling', NextToken })), 'BadRequestException', 400, /NextToken/);
    await assertError(bob.send(new ListPhoneNumbersCommand({ ProductType: 'VoiceConnector', NextToken })), 'BadRequestException', 400, /NextToken/);
    const next = await alice.send(new ListPhoneNumbersCommand({ ProductType: 'VoiceConnector', MaxResults: 5, NextToken }));
    assert.deepEqual(next.PhoneNumbers?.map((n) => n.E164PhoneNumber), VOICE.slice(5, 10));
  });

  it('gets the full PhoneNumber by +1…, %2B1… and bare digits', async () => {
    const byPlus = await get(alice, '+12065550100');
    assert.deepEqual(Object.keys(byPlus).sort(), [
      'Associations', 'Capabilities', 'CallingNameStatus', 'Country', 'CreatedTimestamp', 'E164PhoneNumber', 'PhoneNumberId',
      'ProductType', 'Status', 'Type', 'UpdatedTimestamp',
    ].sort());
    assert.equal(byPlus.PhoneNumberId, '%2B12065550100');
    assert.equal(byPlus.E164PhoneNumber, '+12065550100');
    assert.equal(byPlus.Country, 'US');
    assert.equal(byPlus.Type, 'Local');
    assert.equal(byPlus.ProductType, 'VoiceConnector');
    assert.equal(byPlus.Status, 'Unassigned');
    assert.equal(byPlus.CallingNameStatus, 'Unassigned');
    assert.deepEqual(byPlus.Associations, []);
    assert.deepEqual(byPlus.Capabilities, {
      InboundCall: true, OutboundCall: true, InboundSMS: false, OutboundSMS: false, InboundMMS: false, OutboundMMS: false,
    });
    assert.ok(byPlus.CreatedTimestamp instanceof Date && Math.abs(byPlus.CreatedTimestamp.getTime() - Date.now()) < 120_000);
    assert.deepEqual(await get(alice, '%2B12065550100'), byPlus);
    assert.deepEqual(await get(alice, '12065550100'), byPlus);
    const listed = (await alice.send(new ListPhoneNumbersCommand({ MaxResults: 1 }))).PhoneNumbers![0];
    assert.deepEqual(listed, byPlus, 'the listing shows the same shape');

    const business = await get(alice, BUSINESS[0]!);
    assert.ok(Object.values(business.Capabilities!).every((v) => v === true), 'Business Calling numbers have SMS and MMS');
    const tollFree = await get(alice, `%2B${TOLL_FREE[0]!.slice(1)}`);
    assert.equal(tollFree.Type, 'TollFree');
    const uk = await get(alice, gb);
    assert.equal(uk.Country, 'GB');
    assert.equal(uk.ProductType, 'SipMediaApplicationDialIn');
    assert.equal((await get(alice, REFUSED[0]!)).Status, 'AcquireFailed');
  });

  it('answers NotFound for unknown numbers and for another account’s numbers, BadRequest for a malformed id', async () => {
    await assertError(get(alice, '+12065559999'), 'NotFoundException', 404, /\+12065559999/);
    await assertError(get(alice, '+12065552000'), 'NotFoundException', 404);
    await assertError(get(bob, '+12065550100'), 'NotFoundException', 404);
    await assertError(get(bob, '%2B12065550100'), 'NotFoundException', 404);
    await assertError(get(alice, 'not-a-number'), 'BadRequestException', 400, /PhoneNumberId/);
  });

  it('changes the product type under the ordering rules, by either id form', async () => {
    const updated = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550101', ProductType: 'BusinessCalling' }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.equal(updated.PhoneNumber?.ProductType, 'BusinessCalling');
    assert.equal(updated.PhoneNumber?.Capabilities?.InboundSMS, true);
    assert.ok(updated.PhoneNumber!.UpdatedTimestamp! >= updated.PhoneNumber!.CreatedTimestamp!);
    const back = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '%2B12065550101', ProductType: 'VoiceConnector' }));
    assert.equal(back.PhoneNumber?.ProductType, 'VoiceConnector');
    const same = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550101', ProductType: 'VoiceConnector' }));
    assert.deepEqual(same.PhoneNumber, back.PhoneNumber, 'the same product type changes nothing');

    const refusals: [string, Record<string, string>, RegExp][] = [
      [TOLL_FREE[0]!, { ProductType: 'BusinessCalling' }, /Toll-free.*BusinessCalling/],
      [gb, { ProductType: 'VoiceConnector' }, /outside the US.*SipMediaApplicationDialIn/],
      ['+12065550102', { ProductType: 'VoiceConnector', CallingName: 'Acme' }, /either ProductType or CallingName/],
      ['+12065550102', {}, /ProductType or CallingName/],
      [REFUSED[0]!, { ProductType: 'VoiceConnector' }, /AcquireFailed/],
      ['+12065550102', { CallingName: 'A' }, /CallingName.*pattern/],
      ['+12065550102', { CallingName: 'Acme-Corp' }, /CallingName.*pattern/],
    ];
    for (const [PhoneNumberId, change, message] of refusals) {
      await assertError(alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId, ...change })), 'BadRequestException', 400, message);
    }
    await assertError(bob.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550101', ProductType: 'SipMediaApplicationDialIn' })), 'NotFoundException', 404);
    assert.equal((await get(alice, '+12065550101')).ProductType, 'VoiceConnector');
  });

  it('propagates a calling name: UpdateInProgress, 409 while pending, UpdateSucceeded after the delay', async () => {
    const started = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '%2B12065550110', CallingName: 'Acme Corp' }));
    assert.equal(started.PhoneNumber?.CallingName, 'Acme Corp');
    assert.equal(started.PhoneNumber?.CallingNameStatus, 'UpdateInProgress');
    await assertError(
      alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550110', CallingName: 'Other Name' })),
      'ConflictException',
      409,
      /in progress/,
    );
    const product = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550110', ProductType: 'SipMediaApplicationDialIn' }));
    assert.equal(product.PhoneNumber?.CallingNameStatus, 'UpdateInProgress', 'a product type change may go on meanwhile');
    await assertError(bob.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550110', CallingName: 'Bob' })), 'NotFoundException', 404);

    await advanceClock(server, { advanceMinutes: 2 });
    const done = await get(alice, '+12065550110');
    assert.equal(done.CallingNameStatus, 'UpdateSucceeded');
    assert.equal(done.CallingName, 'Acme Corp');
    assert.ok(done.UpdatedTimestamp! > product.PhoneNumber!.UpdatedTimestamp!);
    const again = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550110', CallingName: '' }));
    assert.equal(again.PhoneNumber?.CallingNameStatus, 'UpdateInProgress');
    assert.equal(again.PhoneNumber?.CallingName, '');
  });

  it('applies a batch update item by item and reports the others with their error codes', async () => {
    await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550120', CallingName: 'Pending One' }));
    const items = [
      { PhoneNumberId: '+12065550121', ProductType: 'SipMediaApplicationDialIn' as const },
      { PhoneNumberId: '%2B12065550122', CallingName: 'Batch Name' },
      { PhoneNumberId: '%2B12065559999', ProductType: 'VoiceConnector' as const },
      { PhoneNumberId: TOLL_FREE[1]!, ProductType: 'BusinessCalling' as const },
      { PhoneNumberId: '+12065550120', CallingName: 'Too Soon' },
      { PhoneNumberId: '+12065550123', ProductType: 'VoiceConnector' as const, CallingName: 'Both' },
      { PhoneNumberId: '12065550121', ProductType: 'VoiceConnector' as const },
      { PhoneNumberId: '+12065552000', ProductType: 'SipMediaApplicationDialIn' as const },
    ];
    const result = await alice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: items }));
    assert.equal(result.$metadata.httpStatusCode, 200);
    assert.deepEqual(
      result.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]),
      [
        ['%2B12065559999', 'NotFound'],
        [TOLL_FREE[1], 'BadRequest'],
        ['+12065550120', 'Conflict'],
        ['+12065550123', 'BadRequest'],
        ['12065550121', 'BadRequest'],
        ['+12065552000', 'NotFound'],
      ],
    );
    assert.ok(result.PhoneNumberErrors!.every((e) => typeof e.ErrorMessage === 'string' && e.ErrorMessage.length > 0));
    assert.match(result.PhoneNumberErrors![4]!.ErrorMessage!, /more than once/);
    assert.equal((await get(alice, '+12065550121')).ProductType, 'SipMediaApplicationDialIn');
    assert.equal((await get(alice, '+12065550122')).CallingName, 'Batch Name');
    assert.equal((await get(alice, '+12065550120')).CallingName, 'Pending One');
    assert.equal((await get(bob, '+12065552000')).ProductType, 'VoiceConnector', "Bob's number is untouched");

    const clean = await alice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: '+12065550124', ProductType: 'BusinessCalling' }] }));
    assert.deepEqual(clean.PhoneNumberErrors, []);
    const tooMany = VOICE.concat(BUSINESS[0]!).map((PhoneNumberId) => ({ PhoneNumberId, ProductType: 'VoiceConnector' as const }));
    await assertError(
      alice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: tooMany })),
      'BadRequestException',
      400,
      /101 items; the limit is 100/,
    );
    await assertError(alice.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [] })), 'BadRequestException', 400);
  });

  it('refuses a calling name for a toll-free number, alone or in a batch, and accepts clearing one', async () => {
    await assertError(
      alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: TOLL_FREE[0]!, CallingName: 'Free Line' })),
      'BadRequestException',
      400,
      /^Phone number \+18445550100 is toll-free; calling names apply to toll-based numbers only$/,
    );
    const batch = await alice.send(
      new BatchUpdatePhoneNumberCommand({
        UpdatePhoneNumberRequestItems: [
          { PhoneNumberId: '%2B18445550100', CallingName: 'Free Line' },
          { PhoneNumberId: '+12065550125', CallingName: 'Local Line' },
        ],
      }),
    );
    assert.deepEqual(batch.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode, e.ErrorMessage]), [
      ['%2B18445550100', 'BadRequest', 'Phone number +18445550100 is toll-free; calling names apply to toll-based numbers only'],
    ]);
    assert.equal((await get(alice, '+12065550125')).CallingName, 'Local Line', 'the toll-based item applied');
    const tollFree = await get(alice, TOLL_FREE[0]!);
    assert.equal(tollFree.CallingName, undefined);
    assert.equal(tollFree.CallingNameStatus, 'Unassigned');
    const cleared = await alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: TOLL_FREE[0]!, CallingName: '' }));
    assert.equal(cleared.PhoneNumber?.CallingName, '');
  });
});

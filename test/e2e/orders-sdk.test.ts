/** CreatePhoneNumberOrder, GetPhoneNumberOrder and ListPhoneNumberOrders through the real JS SDK v3. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestException,
  ChimeServiceException,
  CreatePhoneNumberOrderCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  NotFoundException,
  ResourceLimitExceededException,
  paginateListPhoneNumberOrders,
  type ChimeClient,
} from '@aws-sdk/client-chime';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { ORDER_ID_V7, orderIdTimeMs } from '../support/order-ids.ts';

async function rejection(promise: Promise<unknown>): Promise<ChimeServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChimeServiceException, `expected a ChimeServiceException, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('phone-number orders through @aws-sdk/client-chime', () => {
  let server: TestServer;
  let chime: ChimeClient;

  before(async () => {
    server = await startTestServer({ config: FROZEN_CARRIER });
    chime = chimeClient(server);
  });
  after(async () => {
    chime.destroy();
    await server.close();
  });

  it('creates an order that answers 201 Processing with every number Processing, then gets it', async () => {
    const created = await chime.send(
      new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550100', '12065550101'] }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.ok(created.$metadata.requestId);
    const order = created.PhoneNumberOrder!;
    assert.match(order.PhoneNumberOrderId!, ORDER_ID_V7);
    assert.equal(order.Status, 'Processing');
    assert.equal(order.ProductType, 'VoiceConnector');
    assert.deepEqual(order.OrderedPhoneNumbers, [
      { E164PhoneNumber: '+12065550100', Status: 'Processing' },
      { E164PhoneNumber: '+12065550101', Status: 'Processing' },
    ]);
    assert.ok(order.CreatedTimestamp instanceof Date);
    assert.ok(Math.abs(order.CreatedTimestamp.getTime() - Date.now()) < 60_000);
    assert.ok(Math.abs(orderIdTimeMs(order.PhoneNumberOrderId!) - order.CreatedTimestamp.getTime()) < 1_000, "the id holds the order's time");

    const got = await chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order.PhoneNumberOrderId }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.deepEqual(got.PhoneNumberOrder, order);
    const upper = await chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order.PhoneNumberOrderId!.toUpperCase() }));
    assert.equal(upper.PhoneNumberOrder?.PhoneNumberOrderId, order.PhoneNumberOrderId);
  });

  it('accepts every product type for US local numbers and SipMediaApplicationDialIn for non-US numbers', async () => {
    for (const ProductType of ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const) {
      const r = await chime.send(new CreatePhoneNumberOrderCommand({ ProductType, E164PhoneNumbers: ['+12025550123'] }));
      assert.equal(r.PhoneNumberOrder?.ProductType, ProductType);
    }
    const tollFree = await chime.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+18445550100'] }));
    assert.equal(tollFree.PhoneNumberOrder?.Status, 'Processing');
    const uk = await chime.send(
      new CreatePhoneNumberOrderCommand({ ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: ['+442071838750', '+16045550100'] }),
    );
    assert.equal(uk.PhoneNumberOrder?.OrderedPhoneNumbers?.length, 2);
  });

  it('lists orders page by page with an opaque NextToken and no repeats', async () => {
    const client = chimeClient(server, ALICE);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [`+1206555020${i}`] }));
      ids.push(r.PhoneNumberOrder!.PhoneNumberOrderId!);
    }
    const first = await client.send(new ListPhoneNumberOrdersCommand({ MaxResults: 3 }));
    assert.equal(first.PhoneNumberOrders?.length, 3);
    assert.ok(first.NextToken);
    const seen: string[] = [];
    for await (const page of paginateListPhoneNumberOrders({ client, pageSize: 3 }, {})) {
      assert.ok((page.PhoneNumberOrders?.length ?? 0) <= 3);
      seen.push(...(page.PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId!));
    }
    assert.deepEqual(seen, ids, 'every order once, in creation order');
    const all = await client.send(new ListPhoneNumberOrdersCommand({}));
    assert.equal(all.PhoneNumberOrders?.length, 7);
    assert.equal(all.NextToken, undefined);
    client.destroy();
  });

  it('rejects a tampered NextToken and one issued to another account', async () => {
    const alice = chimeClient(server, ALICE);
    const bob = chimeClient(server, BOB);
    const page = await alice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 1 }));
    const token = page.NextToken!;
    const flipped = token.slice(0, 2) + (token[2] === 'A' ? 'B' : 'A') + token.slice(3);
    for (const [client, NextToken] of [[alice, flipped], [alice, 'garbage'], [bob, token]] as const) {
      const error = await rejection(client.send(new ListPhoneNumberOrdersCommand({ NextToken })));
      assert.ok(error instanceof BadRequestException);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /NextToken/);
    }
    alice.destroy();
    bob.destroy();
  });

  it('keeps accounts apart: another account cannot get or list the orders', async () => {
    const alice = chimeClient(server, ALICE);
    const bob = chimeClient(server, BOB);
    const r = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+13125550100'] }));
    const id = r.PhoneNumberOrder!.PhoneNumberOrderId!;
    const error = await rejection(bob.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: id })));
    assert.ok(error instanceof NotFoundException);
    assert.equal(error.$metadata.httpStatusCode, 404);
    const bobs = await bob.send(new ListPhoneNumberOrdersCommand({}));
    assert.ok(!(bobs.PhoneNumberOrders ?? []).some((o) => o.PhoneNumberOrderId === id));
    const mine = await chime.send(new ListPhoneNumberOrdersCommand({}));
    assert.ok(!(mine.PhoneNumberOrders ?? []).some((o) => o.PhoneNumberOrderId === id));
    alice.destroy();
    bob.destroy();
  });

  it('answers NotFoundException for an unknown order id and BadRequestException for a malformed one', async () => {
    const missing = await rejection(chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11' })));
    assert.ok(missing instanceof NotFoundException);
    assert.equal((missing as NotFoundException).Code, 'NotFound');
    const bad = await rejection(chime.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: 'abc12345-de67-89f0-123g-h45i678j9012' })));
    assert.ok(bad instanceof BadRequestException);
    assert.match(bad.message, /PhoneNumberOrderId.*pattern/);
  });

  describe('validation of a new order', () => {
    const cases: { name: string; ProductType: string; numbers: string[]; pattern: RegExp }[] = [
      { name: 'an empty list', ProductType: 'VoiceConnector', numbers: [], pattern: /at least one/ },
      { name: 'duplicates (with and without +)', ProductType: 'VoiceConnector', numbers: ['+12065550100', '12065550100', '+12065550101'], pattern: /duplicate.*\+12065550100/ },
      { name: 'a number failing the model pattern', ProductType: 'VoiceConnector', numbers: ['+1-206-555-0100'], pattern: /E164PhoneNumbers\.1\.member.*pattern/ },
      { name: 'a number that libphonenumber deems invalid', ProductType: 'VoiceConnector', numbers: ['+12065550100', '+1206555010', '+447700900123'], pattern: /Invalid phone numbers: \+1206555010, \+447700900123$/ },
      { name: 'toll-free as BusinessCalling', ProductType: 'BusinessCalling', numbers: ['+12065550100', '+18005550100'], pattern: /Toll-free.*BusinessCalling: \+18005550100$/ },
      { name: 'a non-US number as VoiceConnector', ProductType: 'VoiceConnector', numbers: ['+442071838750'], pattern: /outside the US.*SipMediaApplicationDialIn: \+442071838750 \(GB\)/ },
      { name: 'a Canadian number as BusinessCalling', ProductType: 'BusinessCalling', numbers: ['+16045550100'], pattern: /\+16045550100 \(CA\)/ },
      { name: 'an unknown product type', ProductType: 'Fax', numbers: ['+12065550100'], pattern: /ProductType.*enum value set/ },
    ];
    for (const c of cases) {
      it(`rejects ${c.name} with BadRequestException`, async () => {
        const error = await rejection(
          chime.send(new CreatePhoneNumberOrderCommand({ ProductType: c.ProductType as 'VoiceConnector', E164PhoneNumbers: c.numbers })),
        );
        assert.ok(error instanceof BadRequestException, error.name);
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal((error as BadRequestException).Code, 'BadRequest');
        assert.match(error.message, c.pattern);
      });
    }

    it('rejects a missing E164PhoneNumbers naming the member', async () => {
      const error = await rejection(chime.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector' } as never)));
      assert.ok(error instanceof BadRequestException);
      assert.match(error.message, /'E164PhoneNumbers' failed to satisfy constraint: Member must not be null/);
    });

    it('rejects more numbers than the per-order limit with ResourceLimitExceededException', async () => {
      const numbers = Array.from({ length: 101 }, (_, i) => `+1206555${String(1000 + i).padStart(4, '0')}`);
      const error = await rejection(chime.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers })));
      assert.ok(error instanceof ResourceLimitExceededException);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /101 phone numbers; the limit is 100/);
    });

    it('stores nothing for a rejected order', async () => {
      const client = chimeClient(server, BOB);
      const before = (await client.send(new ListPhoneNumberOrdersCommand({}))).PhoneNumberOrders?.length ?? 0;
      await rejection(client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'BusinessCalling', E164PhoneNumbers: ['+18005550100'] })));
      const after = (await client.send(new ListPhoneNumberOrdersCommand({}))).PhoneNumberOrders?.length ?? 0;
      assert.equal(after, before);
      client.destroy();
    });
  });

  it('validates MaxResults against the model range 1..99', async () => {
    for (const MaxResults of [0, 100]) {
      const error = await rejection(chime.send(new ListPhoneNumberOrdersCommand({ MaxResults })));
      assert.ok(error instanceof BadRequestException);
      assert.match(error.message, /MaxResults/);
    }
  });
});

describe('restart', () => {
  it('keeps every order, and honours NextTokens issued before, across a restart on the same data directory', async () => {
    let server = await startTestServer({ config: FROZEN_CARRIER });
    let client = chimeClient(server, ALICE);
    const created = [];
    for (const n of ['+12065550177', '+12065550178']) {
      const r = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [n] }));
      created.push(r.PhoneNumberOrder!);
    }
    const token = (await client.send(new ListPhoneNumberOrdersCommand({ MaxResults: 1 }))).NextToken;
    assert.ok(token);
    client.destroy();
    server = await server.restart();
    client = chimeClient(server, ALICE);
    const got = await client.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: created[0]!.PhoneNumberOrderId }));
    assert.deepEqual(got.PhoneNumberOrder, created[0]);
    const rest = await client.send(new ListPhoneNumberOrdersCommand({ MaxResults: 1, NextToken: token }));
    assert.deepEqual(rest.PhoneNumberOrders, [created[1]]);
    client.destroy();
    await server.close();
  });
});

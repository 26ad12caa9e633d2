/**
 * Quotas through the real JS SDK: numbers per order, phone numbers per account (owned + on order, counted in the
 * creating transaction so concurrent creates cannot race past it), and orders in Processing per account. Each refusal
 * is ResourceLimitExceededException naming the limit and its value.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { assertError, numberRange, orderNumbers, rejection } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, FROZEN_CARRIER, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const accounts = (aliceLimits: Record<string, unknown>) => [
  { accountId: ALICE.accountId, credentials: [{ accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey }], limits: aliceLimits },
  { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
];
const create = (client: ChimeClient, numbers: string[]) =>
  client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));

describe('quota: phone numbers per account (owned + on order)', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    server = await startTestServer({
      config: {
        accounts: accounts({ maxPhoneNumbersPerAccount: 5, maxNumbersPerOrder: 4 }),
        carrier: { latencyMs: 0, failPrefixes: ['+1312555'] },
        fulfilment: { idleMs: 10 },
        // Mutating tokens come back at 1/s (default 20/s): the creates' use still shows in /_dialtone/limits however
        // long the orders take to settle on a loaded machine.
        throttling: { mutating: { ratePerSecond: 1, burst: 50 } },
      },
    });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('an account override of numbers per order applies to that account only', async () => {
    await assertError(create(alice, numberRange('+12065550100', 5)), 'ResourceLimitExceededException', 400, /5 phone numbers; the limit is 4 phone numbers per order/);
    const bobs = await create(bob, numberRange('+12065559100', 5));
    assert.equal(bobs.PhoneNumberOrder?.OrderedPhoneNumbers?.length, 5);
  });

  it('counts owned numbers and numbers on order; failed numbers free their place', async () => {
    const [first] = await orderNumbers(alice, 'VoiceConnector', numberRange('+12065550100', 3));
    assert.equal(first!.Status, 'Successful');
    const error = await assertError(create(alice, numberRange('+12065550200', 3)), 'ResourceLimitExceededException', 400);
    assert.equal(
      error.message,
      'The order would bring the account to 6 phone numbers (3 owned, 0 on order, 3 in this order); the limit is 5 phone numbers per account (maxPhoneNumbersPerAccount)',
    );
    const [failed] = await orderNumbers(alice, 'VoiceConnector', numberRange('+13125550100', 2));
    assert.equal(failed!.Status, 'Failed', 'refused by the carrier: not owned, so they do not count');
    const [second] = await orderNumbers(alice, 'VoiceConnector', numberRange('+12065550300', 2));
    assert.equal(second!.Status, 'Successful');
    await assertError(create(alice, ['+12065550400']), 'ResourceLimitExceededException', 400, /5 owned, 0 on order, 1 in this order/);
    const limits = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: ALICE });
    const { throttling, ...counts } = limits.json().usage as { throttling: { reading: number; mutating: number } };
    assert.deepEqual(counts, { phoneNumbers: 5, phoneNumbersOnOrder: 0, processingOrders: 0 });
    assert.ok(throttling.reading > 190 && throttling.reading <= 200, `reading tokens ${throttling.reading}`);
    assert.ok(throttling.mutating < 50, `mutating tokens ${throttling.mutating}`);
  });
});

describe('quota: counted inside the creating transaction', () => {
  let server: TestServer;
  let alice: ChimeClient;

  before(async () => {
    server = await startTestServer({ config: { ...FROZEN_CARRIER, accounts: accounts({ maxPhoneNumbersPerAccount: 5, maxProcessingOrdersPerAccount: 50 }) } });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice.destroy();
    await server.close();
  });

  it('30 concurrent one-number orders: exactly 5 pass, the rest answer ResourceLimitExceededException', async () => {
    const results = await Promise.allSettled(numberRange('+12065550500', 30).map((n) => create(alice, [n])));
    const created = results.filter((r) => r.status === 'fulfilled');
    assert.equal(created.length, 5);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'ResourceLimitExceededException');
    }
    const limits = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: ALICE });
    const usage = limits.json().usage as Record<string, number>;
    assert.equal(usage.phoneNumbersOnOrder, 5);
    assert.equal(usage.processingOrders, 5);
  });
});

describe('quota: orders in Processing per account', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    server = await startTestServer({ config: { ...FROZEN_CARRIER, accounts: accounts({ maxProcessingOrdersPerAccount: 2 }) } });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('refuses a third order while two are Processing, naming the limit; other accounts are not affected', async () => {
    await create(alice, ['+12065550600']);
    await create(alice, ['+12065550601']);
    const error = await rejection(create(alice, ['+12065550602']));
    assert.equal(error.name, 'ResourceLimitExceededException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(
      error.message,
      'The account has 2 orders in Processing; the limit is 2 orders in Processing per account (maxProcessingOrdersPerAccount)',
    );
    await create(bob, ['+12065550603']);
  });
});

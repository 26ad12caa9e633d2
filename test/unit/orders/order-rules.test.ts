/** The rules a new order must pass: its numbers (normalized, unique, valid, allowed for the product type) and quotas. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAccountQuotas, checkNewOrder } from '../../../src/domain/orders/order-rules.ts';
import type { AccountQuotas } from '../../../src/domain/ports/quotas.ts';
import { DomainError, type DomainErrorKind } from '../../../src/domain/shared/domain-error.ts';
import { fieldNames } from '../../../src/operations/field-names.ts';
import type { AccountUsage } from '../../../src/domain/ports/usage.ts';

const LIMITS = { maxNumbersPerOrder: 3 };
const LOCAL = '+12065550100';
const LOCAL_2 = '+13125550100';
const TOLL_FREE = '+18445550100';
const UK = '+442071838750';
const INVALID = '+11235550100';

/** Runs `fn` expecting a DomainError of `kind`; answers it for further checks. */
function refusal(fn: () => unknown, kind: DomainErrorKind): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DomainError, `expected a DomainError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  return caught;
}

/** The message as a client of the legacy API reads it. */
const legacyText = (error: DomainError): string => error.describe(fieldNames(undefined));

describe('checkNewOrder', () => {
  test('classifies the numbers in request order, adding a missing +', () => {
    const classified = checkNewOrder('SipMediaApplicationDialIn', [LOCAL_2, TOLL_FREE.slice(1), UK], LIMITS);
    assert.deepEqual(
      classified.map((n) => [n.e164, n.valid, n.country, n.type]),
      [
        [LOCAL_2, true, 'US', 'Local'],
        [TOLL_FREE, true, 'US', 'TollFree'],
        [UK, true, 'GB', 'Local'],
      ],
    );
  });

  test('an empty order is invalid and names the field of the numbers', () => {
    const error = refusal(() => checkNewOrder('VoiceConnector', [], LIMITS), 'invalid');
    assert.deepEqual(error.fields, ['phoneNumbers']);
    assert.equal(legacyText(error), 'E164PhoneNumbers must contain at least one phone number');
  });

  test('the numbers-per-order limit is inclusive and refused past it as a limit, before any other rule', () => {
    assert.equal(checkNewOrder('VoiceConnector', [LOCAL, LOCAL_2, TOLL_FREE], LIMITS).length, 3);
    const error = refusal(() => checkNewOrder('VoiceConnector', [LOCAL, LOCAL, INVALID, UK], LIMITS), 'limit-exceeded');
    assert.match(error.message, /contains 4 phone numbers; the limit is 3 phone numbers per order/);
  });

  test('duplicates are found after normalization and named once', () => {
    const error = refusal(() => checkNewOrder('VoiceConnector', [LOCAL, LOCAL.slice(1), LOCAL_2], LIMITS), 'invalid');
    assert.equal(legacyText(error), `E164PhoneNumbers contains duplicate phone numbers: ${LOCAL}`);
  });

  test('numbers libphonenumber does not know as valid are named', () => {
    const error = refusal(() => checkNewOrder('VoiceConnector', [LOCAL, INVALID, '+1206555'], LIMITS), 'invalid');
    assert.equal(error.message, `Invalid phone numbers: ${INVALID}, +1206555`);
    assert.deepEqual(error.fields, []);
  });

  test('toll-free numbers cannot be ordered for BusinessCalling; the other product types take them', () => {
    const error = refusal(() => checkNewOrder('BusinessCalling', [LOCAL, TOLL_FREE], LIMITS), 'invalid');
    assert.equal(error.message, `Toll-free phone numbers cannot be ordered for product type BusinessCalling: ${TOLL_FREE}`);
    for (const productType of ['VoiceConnector', 'SipMediaApplicationDialIn'] as const) {
      assert.equal(checkNewOrder(productType, [TOLL_FREE], LIMITS)[0]!.type, 'TollFree');
    }
  });

  test('numbers outside the US need SipMediaApplicationDialIn, and are named with their country', () => {
    for (const productType of ['VoiceConnector', 'BusinessCalling'] as const) {
      const error = refusal(() => checkNewOrder(productType, [LOCAL, UK], LIMITS), 'invalid');
      assert.equal(error.message, `Phone numbers outside the US can only be ordered for product type SipMediaApplicationDialIn: ${UK} (GB)`);
    }
  });

  test('a long list of offending numbers is cut at 20 with a count of the rest', () => {
    const numbers = Array.from({ length: 25 }, (_, i) => `+1123555${String(1000 + i)}`);
    const error = refusal(() => checkNewOrder('VoiceConnector', numbers, { maxNumbersPerOrder: 100 }), 'invalid');
    const listed = error.message.replace('Invalid phone numbers: ', '').replace(/ and \d+ more$/, '').split(', ');
    assert.deepEqual(listed, numbers.slice(0, 20));
    assert.match(error.message, / and 5 more$/);
  });
});

describe('checkAccountQuotas', () => {
  const QUOTAS: AccountQuotas = { maxNumbersPerOrder: 10, maxPhoneNumbersPerAccount: 20, maxProcessingOrdersPerAccount: 2 };

  function usage(counts: AccountUsage) {
    const asked: string[] = [];
    return {
      asked,
      repository: {
        usageOf: async (accountId: string) => {
          asked.push(accountId);
          return counts;
        },
        recount: async () => assert.fail('a quota check never recounts'),
      },
    };
  }

  async function refused(counts: AccountUsage, newNumbers: number): Promise<DomainError> {
    const { repository } = usage(counts);
    try {
      await checkAccountQuotas(repository, '111111111111', newNumbers, QUOTAS);
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(error.kind, 'limit-exceeded');
      return error;
    }
    assert.fail('expected a refusal');
  }

  test("reads the account's counters once, and passes up to the limits inclusive", async () => {
    const { asked, repository } = usage({ ownedNumbers: 12, numbersOnOrder: 3, processingOrders: 1 });
    await checkAccountQuotas(repository, '111111111111', 5, QUOTAS);
    assert.deepEqual(asked, ['111111111111']);
  });

  test('too many orders in Processing names the limit and its setting', async () => {
    const error = await refused({ ownedNumbers: 0, numbersOnOrder: 2, processingOrders: 2 }, 1);
    assert.equal(error.message, 'The account has 2 orders in Processing; the limit is 2 orders in Processing per account (maxProcessingOrdersPerAccount)');
  });

  test('an order that would take the account past its numbers names the counts and the limit', async () => {
    const error = await refused({ ownedNumbers: 12, numbersOnOrder: 3, processingOrders: 1 }, 6);
    assert.equal(
      error.message,
      'The order would bring the account to 21 phone numbers (12 owned, 3 on order, 6 in this order); ' +
        'the limit is 20 phone numbers per account (maxPhoneNumbersPerAccount)',
    );
  });

  test('usage already past a limit (the limit was lowered) is named as it is', async () => {
    const orders = await refused({ ownedNumbers: 0, numbersOnOrder: 0, processingOrders: 3 }, 1);
    assert.match(orders.message, /^The account has 3 orders in Processing; the limit is 2 /);
    const numbers = await refused({ ownedNumbers: 21, numbersOnOrder: 0, processingOrders: 0 }, 1);
    assert.match(numbers.message, /^The order would bring the account to 22 phone numbers \(21 owned, 0 on order, 1 in this order\)/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNumberingPlan } from '../../../src/domain/inventory/numbering-plan.ts';
import { searchAvailableNumbers, type SearchFilter } from '../../../src/domain/inventory/search.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { fieldNames } from '../../../src/operations/field-names.ts';
import { FakeAvailability } from './support.ts';

const plan = createNumberingPlan();
const search = (filter: SearchFilter, maxResults = 10, cursor?: unknown) =>
  searchAvailableNumbers(plan, new FakeAvailability(), filter, {
    maxResults,
    seed: 'rules',
    ...(cursor === undefined ? {} : { cursor: cursor as never }),
  });

async function rejectsInvalid(filter: SearchFilter, mentions: RegExp, maxResults = 10): Promise<void> {
  await assert.rejects(search(filter, maxResults), (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.kind, 'invalid');
    // As a client of the legacy API reads it: the fields named as the model names them.
    assert.match(error.describe(fieldNames(undefined)), mentions);
    return true;
  });
}

describe('search rules', () => {
  test('a US search needs AreaCode, City, State or TollFreePrefix', async () => {
    await rejectsInvalid({}, /AreaCode, City, State or TollFreePrefix/);
    await rejectsInvalid({ country: 'US' }, /AreaCode, City, State or TollFreePrefix/);
    await rejectsInvalid({ phoneNumberType: 'Local' }, /AreaCode, City, State or TollFreePrefix/);
    await rejectsInvalid({ areaCode: '  ' }, /AreaCode, City, State or TollFreePrefix/);
  });

  test('City requires State', async () => {
    await rejectsInvalid({ city: 'Seattle' }, /City requires State/);
    await rejectsInvalid({ city: 'Seattle', areaCode: '206' }, /City requires State/);
  });

  test('TollFreePrefix must be a toll-free code', async () => {
    await rejectsInvalid({ tollFreePrefix: '900' }, /TollFreePrefix must be one of 800, 833, 844, 855, 866, 877, 888/);
  });

  test('AreaCode must be digits; other lengths find nothing', async () => {
    await rejectsInvalid({ areaCode: '2O6' }, /AreaCode must be digits/);
    assert.deepEqual(await search({ areaCode: '20' }), { numbers: [] });
    assert.deepEqual(await search({ areaCode: '2065' }), { numbers: [] });
    assert.deepEqual(await search({ areaCode: '106' }), { numbers: [] });
  });

  test('outside the US only PhoneNumberType is accepted, and it is required', async () => {
    await rejectsInvalid({ country: 'GB' }, /PhoneNumberType is required when Country is GB/);
    await rejectsInvalid({ country: 'CA' }, /PhoneNumberType is required when Country is CA/);
    await rejectsInvalid({ country: 'GB', phoneNumberType: 'Local', areaCode: '20' }, /AreaCode is only supported when Country is US/);
    await rejectsInvalid({ country: 'CA', phoneNumberType: 'Local', state: 'ON' }, /State is only supported when Country is US/);
    await rejectsInvalid({ country: 'CA', phoneNumberType: 'Local', city: 'Toronto' }, /City is only supported/);
    await rejectsInvalid({ country: 'DE', phoneNumberType: 'TollFree', tollFreePrefix: '800' }, /TollFreePrefix is only supported/);
  });

  test('a country the pool does not have finds nothing; a malformed one is invalid', async () => {
    assert.deepEqual(await search({ country: 'BR', phoneNumberType: 'Local' }), { numbers: [] });
    assert.deepEqual(await search({ country: 'ZZ', phoneNumberType: 'TollFree' }), { numbers: [] });
    assert.deepEqual(await search({ country: 'CA', phoneNumberType: 'TollFree' }), { numbers: [] }, 'NANP toll-free is US');
    await rejectsInvalid({ country: 'USA', areaCode: '206' }, /Country must be a two-letter/);
  });

  test('PhoneNumberType must be Local or TollFree', async () => {
    await rejectsInvalid({ country: 'GB', phoneNumberType: 'Mobile' as never }, /PhoneNumberType must be Local or TollFree/);
  });

  test('the page size is at least 1 (the model bounds it above) and the cursor must have the shape of a cursor', async () => {
    await rejectsInvalid({ areaCode: '206' }, /MaxResults must be a whole number of at least 1/, 0);
    await rejectsInvalid({ areaCode: '206' }, /MaxResults must be a whole number of at least 1/, 1.5);
    await assert.rejects(search({ areaCode: '206' }, 10, { block: -1, line: 0 }), (e: DomainError) => e.fields.includes('nextToken'));
    await assert.rejects(search({ areaCode: '206' }, 10, { page: 2 }), (e: DomainError) => e.fields.includes('nextToken'));
    assert.deepEqual(await search({ areaCode: '206' }, 10, { block: 10_000_000, line: 0 }), { numbers: [] }, 'past the end');
    assert.deepEqual(await search({ areaCode: '206' }, 10, { block: 0, line: 10_000 }), { numbers: [] }, 'past the end');
  });

  test('conflicting filters find nothing', async () => {
    assert.deepEqual(await search({ areaCode: '800', phoneNumberType: 'Local' }), { numbers: [] });
    assert.deepEqual(await search({ areaCode: '206', phoneNumberType: 'TollFree' }), { numbers: [] });
    assert.deepEqual(await search({ tollFreePrefix: '800', phoneNumberType: 'Local' }), { numbers: [] });
    assert.deepEqual(await search({ tollFreePrefix: '800', areaCode: '206' }), { numbers: [] });
    assert.deepEqual(await search({ tollFreePrefix: '800', state: 'WA' }), { numbers: [] });
    assert.deepEqual(await search({ state: 'WA', phoneNumberType: 'TollFree' }), { numbers: [] });
    assert.deepEqual(await search({ areaCode: '206', state: 'CA' }), { numbers: [] });
  });

  test('a city not in the state, an unknown state, an area code with no pool find nothing', async () => {
    assert.deepEqual(await search({ city: 'Seattle', state: 'OR' }), { numbers: [] });
    assert.deepEqual(await search({ city: 'Atlantis', state: 'WA' }), { numbers: [] });
    assert.deepEqual(await search({ state: 'XX' }), { numbers: [] });
    assert.deepEqual(await search({ state: 'Washington' }), { numbers: [] });
    assert.deepEqual(await search({ areaCode: '555' }), { numbers: [] }, 'unassigned NPA');
    assert.deepEqual(await search({ areaCode: '242' }), { numbers: [] }, 'Bahamas');
    const small = createNumberingPlan({ pool: ['+1206555'] });
    const page = await searchAvailableNumbers(small, new FakeAvailability(), { areaCode: '212' }, { maxResults: 10, seed: 's' });
    assert.deepEqual(page, { numbers: [] });
  });
});

/**
 * The rules of ValidateE911Address (src/domain/emergency-addresses): the street in USPS form, what counts as a
 * correction, the ZIP Code's state and the candidate it makes, the refusals, and the address's id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateAddress, type AddressToValidate } from '../../../src/domain/emergency-addresses/address-validation.ts';
import { parseStreetLine, streetLineText } from '../../../src/domain/emergency-addresses/street-line.ts';
import { refuses } from '../../support/domain-errors.ts';

const ACCOUNT = '111111111111';
const SEATTLE: AddressToValidate = { awsAccountId: ACCOUNT, streetNumber: '410', streetInfo: 'Terry Ave N', city: 'Seattle', state: 'WA', country: 'US', postalCode: '98109' };
const validate = (changes: Partial<AddressToValidate>, account = ACCOUNT) => validateAddress(account, { ...SEATTLE, ...changes });

describe('the street line in USPS form', () => {
  const cases: [string, ReturnType<typeof parseStreetLine>][] = [
    ['Terry Ave N', { line: { streetName: 'TERRY', streetSuffix: 'AVE', postDirectional: 'N' }, corrected: false }],
    ['8th  avenue', { line: { streetName: '8TH', streetSuffix: 'AVE' }, corrected: true }],
    ['n. main street', { line: { preDirectional: 'N', streetName: 'MAIN', streetSuffix: 'ST' }, corrected: true }],
    ['Main St.', { line: { streetName: 'MAIN', streetSuffix: 'ST' }, corrected: false }],
    ['Northwest Johnson Blvd', { line: { preDirectional: 'NW', streetName: 'JOHNSON', streetSuffix: 'BLVD' }, corrected: true }],
    ['Avenue of the Americas', { line: { streetName: 'AVENUE OF THE AMERICAS' }, corrected: false }],
    ['North St', { line: { streetName: 'NORTH', streetSuffix: 'ST' }, corrected: false }],
    ['St Charles Ave', { line: { streetName: 'ST CHARLES', streetSuffix: 'AVE' }, corrected: false }],
    ['Highway 101', { line: { streetName: 'HIGHWAY 101' }, corrected: false }],
    ['Broadway', { line: { streetName: 'BROADWAY' }, corrected: false }],
    ['Ave', { line: { streetName: 'AVE' }, corrected: false }],
    ['E Main St W', { line: { preDirectional: 'E', streetName: 'MAIN', streetSuffix: 'ST', postDirectional: 'W' }, corrected: false }],
    ['  ', undefined],
    ['#$%', undefined],
    ['Main St; drop table', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseStreetLine(text), expected));
  }

  it('writes the parts back as one line that reads the same', () => {
    for (const text of ['n. main street', 'E Main St W', 'Avenue of the Americas', 'Central Park West']) {
      const parsed = parseStreetLine(text)!;
      assert.deepEqual(parseStreetLine(streetLineText(parsed.line)), { line: parsed.line, corrected: false });
    }
  });
});

describe('ValidateE911Address\'s rules', () => {
  it('validates an address in standard form as it is (0), in upper case, with a stable id per account and address', () => {
    const plain = validate({ city: 'seattle', streetInfo: 'terry  ave. n' });
    assert.equal(plain.result, 0);
    assert.deepEqual(plain.address, { streetNumber: '410', streetName: 'TERRY', streetSuffix: 'AVE', postDirectional: 'N', city: 'SEATTLE', state: 'WA', postalCode: '98109', country: 'US' });
    assert.match(plain.addressExternalId, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = validate({});
    assert.ok(again.result !== 2);
    assert.equal(again.addressExternalId, plain.addressExternalId, 'the same address, the same id');
    const other = validate({ awsAccountId: '222222222222' }, '222222222222');
    assert.ok(other.result !== 2);
    assert.notEqual(other.addressExternalId, plain.addressExternalId, 'another account, another id');
    const elsewhere = validate({ streetNumber: '411' });
    assert.ok(elsewhere.result !== 2);
    assert.notEqual(elsewhere.addressExternalId, plain.addressExternalId);
  });

  it('corrects a spelled-out suffix or directional, a state\'s name and the country\'s name (1)', () => {
    for (const changes of [{ streetInfo: 'Terry Avenue North' }, { state: 'washington' }, { country: 'United States' }, { country: 'U.S.A.' }]) {
      const corrected = validate(changes);
      assert.equal(corrected.result, 1, JSON.stringify(changes));
      assert.ok(corrected.result === 1);
      assert.equal(corrected.address.state, 'WA');
      assert.equal(corrected.address.country, 'US');
      assert.equal(corrected.address.streetSuffix, 'AVE');
      assert.equal(corrected.addressExternalId, (validate({}) as { addressExternalId: string }).addressExternalId, 'the id of the corrected address');
    }
  });

  it('splits a ZIP+4 and keeps territories', () => {
    for (const postalCode of ['98109-5210', '981095210', '98109 5210']) {
      const withPlus4 = validate({ postalCode });
      assert.ok(withPlus4.result === 0, postalCode);
      assert.deepEqual([withPlus4.address.postalCode, withPlus4.address.postalCodePlus4], ['98109', '5210']);
    }
    const sanJuan = validate({ streetNumber: '1', streetInfo: 'Calle Fortaleza', city: 'San Juan', state: 'Puerto Rico', postalCode: '00901' });
    assert.ok(sanJuan.result === 1);
    assert.equal(sanJuan.address.state, 'PR');
  });

  it('offers the ZIP Code\'s state when the state is another or unknown (2), and that candidate validates', () => {
    for (const state of ['OR', 'Oregon', 'XX']) {
      const refused = validate({ state, streetInfo: 'Terry Avenue North' });
      assert.deepEqual(refused, { result: 2, candidates: [{ streetNumber: '410', streetInfo: 'TERRY AVE N', city: 'SEATTLE', state: 'WA', postalCode: '98109', country: 'US' }] }, state);
    }
    const candidate = (validate({ state: 'OR', postalCode: '98109-5210' }) as { candidates: { streetInfo: string; state: string; postalCodePlus4?: string }[] }).candidates[0]!;
    assert.equal(candidate.postalCodePlus4, '5210');
    assert.equal(validate({ streetInfo: candidate.streetInfo, state: candidate.state, postalCode: '98109-5210' }).result, 0);
  });

  it('refuses what has not the form of an address, with no candidate (2)', () => {
    const broken: Partial<AddressToValidate>[] = [
      { postalCode: '9810' }, { postalCode: 'ABCDE' }, { postalCode: '00000' }, { postalCode: '09001', state: 'AE' },
      { streetNumber: 'four hundred' }, { streetNumber: '-1' }, { streetInfo: '!!' }, { city: '123' }, { city: 'Seattle!' },
    ];
    for (const changes of broken) assert.deepEqual(validate(changes), { result: 2, candidates: [] }, JSON.stringify(changes));
    for (const streetNumber of ['12A', '123-45', '10 1/2']) assert.equal(validate({ streetNumber }).result, 0, streetNumber);
  });

  it('refuses another account (forbidden) and a country other than the US, repeating no value', () => {
    refuses(() => validate({ awsAccountId: '222222222222' }), /^AwsAccountId must be the account of the request's credentials$/, 'forbidden');
    for (const country of ['CA', 'Canada', 'Secret Country']) {
      const error = refuses(() => validate({ country }), /^Country must be US/);
      assert.ok(!error.message.includes(country));
    }
  });
});

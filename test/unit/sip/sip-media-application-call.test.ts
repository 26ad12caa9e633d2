import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OwnedNumber } from '../../../src/domain/phone-numbers/phone-number.ts';
import { checkFromNumber, checkSipHeaders, checkToPhoneNumber } from '../../../src/domain/sip/sip-media-application-call.ts';
import { refuses } from '../../support/domain-errors.ts';

const owned = (overrides: Partial<OwnedNumber> = {}): OwnedNumber => ({
  e164: '+12064661262',
  accountId: '111111111111',
  status: 'Assigned',
  productType: 'SipMediaApplicationDialIn',
  type: 'Local',
  country: 'US',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  active: true,
  ...overrides,
});

describe('SIP media application call rules', () => {
  it('takes custom X- headers in any case, User-to-User and Diversion, and nothing else, never naming a header', () => {
    const headers = { 'X-Account-Id': '1', 'x-lower': '2', 'user-to-user': '3', Diversion: '4' };
    assert.deepEqual(checkSipHeaders(headers), headers);
    assert.deepEqual(checkSipHeaders({}), {});
    for (const name of ['Via', 'X-', 'X-with space', 'From', 'XAccount', 'Contact']) {
      const error = refuses(() => checkSipHeaders({ 'X-Fine': 'v', [name]: 'secret-value' }), /its header 2 of 2 is none of them/);
      assert.ok(!error.message.includes('secret-value'));
      if (name.length > 2) assert.ok(!error.message.includes(name), error.message);
    }
  });

  it('calls from an Unassigned or Assigned SipMediaApplicationDialIn number of the account only', () => {
    checkFromNumber(owned());
    checkFromNumber(owned({ status: 'Unassigned' }));
    for (const record of [undefined, owned({ active: false }), owned({ status: 'DeleteInProgress' }), owned({ status: 'AcquireInProgress' })]) {
      refuses(() => checkFromNumber(record), /^FromPhoneNumber must be a number of this account \(Unassigned or Assigned\)$/);
    }
    const error = refuses(() => checkFromNumber(owned({ productType: 'VoiceConnector' })), /is a VoiceConnector number; a SIP media application calls from a SipMediaApplicationDialIn number/);
    assert.ok(!error.message.includes('2064661262'));
  });

  it('takes a valid called number with its +', () => {
    assert.equal(checkToPhoneNumber('12065550100'), '+12065550100');
    refuses(() => checkToPhoneNumber('+1999'), /^ToPhoneNumber is not a valid phone number/);
  });
});

/** The pure rules of the number lifecycle: ids, capabilities, what each status accepts, derived views. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AssociationsExistError, changeOf, checkChange, checkDeletable, checkRestorable, nextSettingsChange } from '../../../src/domain/phone-numbers/lifecycle-rules.ts';
import { capabilitiesFor, isListed, viewAt } from '../../../src/domain/phone-numbers/number-view.ts';
import type { OwnedNumber, PhoneNumberStatus } from '../../../src/domain/phone-numbers/phone-number.ts';
import { formatPhoneNumberId, parsePhoneNumberId } from '../../../src/domain/phone-numbers/phone-number-id.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { fieldNames } from '../../../src/operations/field-names.ts';

const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function record(overrides: Partial<OwnedNumber> = {}): OwnedNumber {
  return {
    e164: '+12065550100',
    accountId: '111111111111',
    status: 'Unassigned',
    productType: 'VoiceConnector',
    type: 'Local',
    country: 'US',
    createdAt: T0,
    updatedAt: T0,
    active: true,
    ...overrides,
  };
}

function refuses(fn: () => void, kind: DomainError['kind'], message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.kind, kind);
    assert.match(error.describe(fieldNames(undefined)), message);
    return true;
  });
}

describe('PhoneNumberId', () => {
  test('accepts +E.164, %2B-encoded (either case) and bare digits; formats percent-encoded', () => {
    for (const id of ['+12065550100', '%2B12065550100', '%2b12065550100', '12065550100']) {
      assert.equal(parsePhoneNumberId(id), '+12065550100', id);
    }
    assert.equal(parsePhoneNumberId('+442071838750'), '+442071838750');
    for (const id of ['', '+', 'abc', '+0123', '%2B', '%252B12065550100', '+1206555010012345', ' +12065550100']) {
      assert.equal(parsePhoneNumberId(id), undefined, id);
    }
    assert.equal(formatPhoneNumberId('+12065550100'), '%2B12065550100');
    // Whatever the text, the id is its percent-encoding.
    for (const text of ['+442071838750', '+1', '+', '12065550100', '+1 206 555 0100', '+1206%55', '+١٢٣']) {
      assert.equal(formatPhoneNumberId(text), encodeURIComponent(text), text);
    }
  });
});

describe('capabilities by product type', () => {
  test('calls for every product type; SMS and MMS only for Business Calling', () => {
    assert.ok(Object.values(capabilitiesFor('BusinessCalling')).every(Boolean));
    for (const p of ['VoiceConnector', 'SipMediaApplicationDialIn'] as const) {
      assert.deepEqual(capabilitiesFor(p), {
        inboundCall: true, outboundCall: true, inboundSms: false, outboundSms: false, inboundMms: false, outboundMms: false,
      });
    }
  });
});

describe('updates', () => {
  test('an Assigned number keeps its product type: disassociate first; asking for the one it has is no change', () => {
    const assigned = record({ status: 'Assigned' });
    assert.throws(() => checkChange(assigned, { productType: 'SipMediaApplicationDialIn' }, T0), AssociationsExistError);
    refuses(() => checkChange(assigned, { productType: 'SipMediaApplicationDialIn' }, T0), 'invalid', /has associations; disassociate it before changing its product type/);
    checkChange(assigned, { productType: 'VoiceConnector' }, T0);
    checkChange(record(), { productType: 'SipMediaApplicationDialIn' }, T0);
  });

  test('one attribute per request', () => {
    assert.deepEqual(changeOf({ productType: 'BusinessCalling' }), { productType: 'BusinessCalling' });
    assert.deepEqual(changeOf({ callingName: '' }), { callingName: '' });
    assert.deepEqual(changeOf({ name: 'Front desk' }), { name: 'Front desk' });
    assert.deepEqual(changeOf({ name: '' }), { name: '' }, 'an empty name is a change too: it clears the name');
    refuses(() => changeOf({ productType: 'BusinessCalling', callingName: 'Acme' }), 'invalid', /^Update either ProductType or CallingName, not both in one request$/);
    refuses(() => changeOf({ callingName: 'Acme', name: '' }), 'invalid', /^Update either CallingName or Name, not both/);
    refuses(() => changeOf({ productType: 'VoiceConnector', callingName: 'Acme', name: 'x' }), 'invalid', /^Update one of ProductType, CallingName or Name, not all of them in one request$/);
    assert.throws(() => changeOf({ productType: 'VoiceConnector', name: 'x' }), (error: DomainError) => error.fields.join() === 'productType,name');
  });

  test('an empty update names the attributes the request API offers', () => {
    refuses(() => changeOf({}), 'invalid', /^Give ProductType, CallingName or Name to update$/);
    refuses(() => changeOf({}, ['productType', 'callingName']), 'invalid', /^Give ProductType or CallingName to update$/);
    assert.throws(
      () => changeOf({}, ['productType', 'callingName']),
      (error: DomainError) => error.fields.join() === 'productType,callingName' && !/ProductType/.test(error.message),
    );
  });

  test('a name changes at once, in the statuses that accept changes, whatever calling name is propagating', () => {
    const pending = record({ callingName: 'Acme', callingNameStatus: 'UpdateInProgress', callingNameDueAt: at(60_000) });
    checkChange(pending, { name: 'Front desk' }, at(1));
    checkChange(record({ status: 'Assigned' }), { name: '' }, T0);
    refuses(() => checkChange(record({ status: 'DeleteInProgress', deletionAt: at(5) }), { name: 'x' }, T0), 'invalid', /DeleteInProgress/);
  });

  test('only Unassigned and Assigned numbers change', () => {
    for (const status of ['Unassigned', 'Assigned'] as PhoneNumberStatus[]) checkChange(record({ status }), { callingName: 'Acme' }, T0);
    for (const status of ['AcquireInProgress', 'AcquireFailed', 'DeleteInProgress', 'ReleaseInProgress'] as PhoneNumberStatus[]) {
      refuses(() => checkChange(record({ status }), { productType: 'BusinessCalling' }, T0), 'invalid', new RegExp(status));
    }
  });

  test('the ordering rules apply to a new product type', () => {
    refuses(() => checkChange(record({ type: 'TollFree', e164: '+18445550100' }), { productType: 'BusinessCalling' }, T0), 'invalid', /Toll-free.*\+18445550100/);
    checkChange(record({ type: 'TollFree' }), { productType: 'SipMediaApplicationDialIn' }, T0);
    for (const productType of ['BusinessCalling', 'VoiceConnector'] as const) {
      refuses(() => checkChange(record({ country: 'GB', e164: '+442071838750' }), { productType }, T0), 'invalid', /outside the US.*\(GB\)/);
    }
    checkChange(record({ country: 'GB' }), { productType: 'SipMediaApplicationDialIn' }, T0);
  });

  test('a calling-name update in progress blocks another (conflict) until its due time, not a product-type change', () => {
    const pending = record({ callingName: 'Acme', callingNameStatus: 'UpdateInProgress', callingNameDueAt: at(60_000) });
    refuses(() => checkChange(pending, { callingName: 'Other' }, at(59_999)), 'conflict', /in progress/);
    checkChange(pending, { productType: 'SipMediaApplicationDialIn' }, at(1));
    checkChange(pending, { callingName: 'Other' }, at(60_000));
  });

  test('a calling name is for toll-based numbers: a toll-free number refuses one, accepts its clearing and other changes', () => {
    const tollFree = record({ e164: '+18885550100', type: 'TollFree' });
    refuses(() => checkChange(tollFree, { callingName: 'Acme' }, T0), 'invalid', /^Phone number \+18885550100 is toll-free; calling names apply to toll-based numbers only$/);
    checkChange(tollFree, { callingName: '' }, T0);
    checkChange(tollFree, { name: 'Hotline' }, T0);
    checkChange(tollFree, { productType: 'SipMediaApplicationDialIn' }, T0);
    // A local number abroad is toll-based: what the pages say of calling names outside the U.S. is not known.
    checkChange(record({ e164: '+442071234567', type: 'Local', country: 'GB', productType: 'SipMediaApplicationDialIn' }), { callingName: 'Acme' }, T0);
    // The status is checked first, as for every change.
    refuses(() => checkChange({ ...tollFree, status: 'DeleteInProgress' }, { callingName: 'Acme' }, T0), 'invalid', /is DeleteInProgress/);
  });
});

describe('deletion and restore', () => {
  test('only Unassigned numbers enter the queue; Assigned ones have associations', () => {
    checkDeletable(record());
    assert.throws(() => checkDeletable(record({ status: 'Assigned' })), AssociationsExistError);
    refuses(() => checkDeletable(record({ status: 'DeleteInProgress', deletionAt: at(1) })), 'invalid', /already in the deletion queue until 2026-03-01/);
    refuses(() => checkDeletable(record({ status: 'AcquireInProgress' })), 'invalid', /only Unassigned/);
  });

  test('only queued numbers are restored', () => {
    checkRestorable(record({ status: 'DeleteInProgress', deletionAt: at(1) }));
    refuses(() => checkRestorable(record()), 'invalid', /not in the deletion queue/);
  });
});

describe('views at a moment', () => {
  test('a calling name reads UpdateSucceeded from its due time on, updatedAt moving to it', () => {
    const pending = record({ callingName: 'Acme', callingNameStatus: 'UpdateInProgress', callingNameDueAt: at(60_000), updatedAt: at(0) });
    assert.equal(viewAt(pending, at(59_999)).callingNameStatus, 'UpdateInProgress');
    const done = viewAt(pending, at(60_000));
    assert.equal(done.callingNameStatus, 'UpdateSucceeded');
    assert.deepEqual(done.updatedAt, at(60_000));
    assert.equal(viewAt(record(), T0).callingNameStatus, 'Unassigned');
    assert.equal(viewAt(record(), T0).callingName, undefined);
  });

  test('the order that acquired a number and its name show when the record has them, and only then', () => {
    const view = viewAt(record({ orderId: 'c0ffee00-0000-4000-8000-000000000001', name: 'Front desk' }), T0);
    assert.deepEqual([view.orderId, view.name], ['c0ffee00-0000-4000-8000-000000000001', 'Front desk']);
    const bare = viewAt(record(), T0);
    assert.equal(Object.hasOwn(bare, 'orderId') || Object.hasOwn(bare, 'name'), false);
  });

  test('listed: active records until their deletion time, and AcquireFailed records; never released ones', () => {
    const queued = record({ status: 'DeleteInProgress', deletionAt: at(1000) });
    assert.equal(isListed(queued, at(999)), true);
    assert.deepEqual(viewAt(queued, at(999)).deletionAt, at(1000));
    assert.equal(isListed(queued, at(1000)), false);
    assert.equal(isListed(record({ status: 'AcquireFailed', active: false }), T0), true);
    assert.equal(isListed(record({ status: 'DeleteInProgress', active: false, releasedAt: at(1000) }), at(2000)), false);
    assert.equal(viewAt(record({ deletionAt: at(5) }), T0).deletionAt, undefined, 'DeletionTimestamp only while queued');
  });
});

describe('the default calling name', () => {
  test('changes at most once every interval', () => {
    const week = 7 * 24 * 3600_000;
    assert.equal(nextSettingsChange(undefined, week, T0), undefined);
    assert.deepEqual(nextSettingsChange(T0, week, at(week - 1)), at(week));
    assert.equal(nextSettingsChange(T0, week, at(week)), undefined);
  });
});

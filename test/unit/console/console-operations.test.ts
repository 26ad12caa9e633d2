/**
 * The web console's requests come from the model: every binding in console/src/api/operations.ts (method, request
 * URI, path labels, query-string names) and every enum list in console/src/api/types.ts is checked against
 * spec/chime-sdk-voice-2022-08-03.json, and the requests built from them are the API's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINDINGS, requestOf } from '../../../console/src/api/operations.ts';
import { ASSOCIATION_NAMES, PHONE_NUMBER_STATUSES, PRODUCT_TYPES } from '../../../console/src/api/types.ts';
import { parseRoute } from '../../../console/src/router.ts';

interface Member {
  shape: string;
  location?: string;
  locationName?: string;
}
interface Model {
  operations: Record<string, { http: { method: string; requestUri: string }; input?: { shape: string } }>;
  shapes: Record<string, { members?: Record<string, Member>; enum?: string[] }>;
}

const model = JSON.parse(readFileSync(join(import.meta.dirname, '../../../spec/chime-sdk-voice-2022-08-03.json'), 'utf8')) as Model;

describe('console: the bindings of the operations it calls', () => {
  for (const [name, binding] of Object.entries(BINDINGS)) {
    it(`${name} is bound as the model binds it`, () => {
      const operation = model.operations[name];
      assert.ok(operation, `${name} is an operation of the model`);
      assert.equal(binding.method, operation.http.method);
      assert.equal(binding.requestUri, operation.http.requestUri);
      const members = operation.input ? (model.shapes[operation.input.shape]?.members ?? {}) : {};
      const located = (where: string) =>
        Object.fromEntries(Object.entries(members).filter(([, m]) => m.location === where).map(([member, m]) => [member, m.locationName]));
      assert.deepEqual(binding.uri ?? {}, located('uri'));
      assert.deepEqual(binding.query ?? {}, located('querystring'));
    });
  }

  it('the enum lists are the model enums', () => {
    assert.deepEqual(PHONE_NUMBER_STATUSES, model.shapes['PhoneNumberStatus']?.enum);
    assert.deepEqual(PRODUCT_TYPES, model.shapes['PhoneNumberProductType']?.enum);
    assert.deepEqual(ASSOCIATION_NAMES, model.shapes['PhoneNumberAssociationName']?.enum);
  });
});

describe('console: requests built from the bindings', () => {
  it('puts path members in the path, percent-encoded, and keeps the literal query of the URI', () => {
    assert.deepEqual(requestOf(BINDINGS.RestorePhoneNumber, { PhoneNumberId: '+12065550100' }), {
      method: 'POST',
      path: 'api/phone-numbers/%2B12065550100?operation=restore',
      body: '{}',
    });
    assert.deepEqual(requestOf(BINDINGS.DeletePhoneNumber, { PhoneNumberId: '+12065550100' }), { method: 'DELETE', path: 'api/phone-numbers/%2B12065550100' });
  });

  it('puts query members in the query (a space as %20) and leaves out the empty ones', () => {
    const request = requestOf(BINDINGS.SearchAvailablePhoneNumbers, { State: 'CA', City: 'San Francisco', AreaCode: '', MaxResults: 10 });
    assert.equal(request.path, 'api/search?type=phone-numbers&city=San%20Francisco&state=CA&max-results=10');
    assert.equal(request.body, undefined);
  });

  it('sends the other members as the JSON body', () => {
    const request = requestOf(BINDINGS.AssociatePhoneNumbersWithVoiceConnector, { VoiceConnectorId: 'abc', E164PhoneNumbers: ['+12065550100'] });
    assert.equal(request.path, 'api/voice-connectors/abc?operation=associate-phone-numbers');
    assert.deepEqual(JSON.parse(request.body ?? ''), { E164PhoneNumbers: ['+12065550100'] });
  });

  it('refuses a request without its path member', () => {
    assert.throws(() => requestOf(BINDINGS.GetPhoneNumber, {}), /PhoneNumberId is required/);
  });
});

describe('console: hash routes', () => {
  it('parses pages, a number detail and the query', () => {
    assert.equal(parseRoute('#/search').page, 'search');
    const detail = parseRoute('#/numbers/%2B12065550100');
    assert.equal(detail.page, 'numbers');
    assert.equal(detail.id, '+12065550100');
    const filtered = parseRoute('#/numbers?status=Assigned&filter-name=VoiceConnectorId');
    assert.equal(filtered.id, undefined);
    assert.equal(filtered.params.get('status'), 'Assigned');
    assert.equal(parseRoute('#/nowhere').page, 'overview');
    assert.equal(parseRoute('').page, 'overview');
  });
});

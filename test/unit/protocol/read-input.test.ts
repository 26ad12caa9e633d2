import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ServiceError } from '../../../src/protocol/errors.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { splitTarget } from '../../../src/protocol/query.ts';
import { readInput } from '../../../src/protocol/read-input.ts';
import { createRouter } from '../../../src/protocol/router.ts';
import { compileService, type CompiledService } from '../../../src/protocol/service.ts';

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
}

const chime = compileService(loadModel('chime-2018-05-01.json'));

interface Request {
  headers?: Record<string, string | string[] | undefined>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
}

/** Routes and reads one request as the gateway does: split the target, route it, read the input. */
function read(method: string, target: string, request: Request = {}, service: CompiledService = chime): Record<string, unknown> {
  const { rawSegments, query } = splitTarget(target);
  const routed = createRouter([service]).route(method, rawSegments, query);
  assert.equal(routed.kind, 'match', `${method} ${target} should route`);
  if (routed.kind !== 'match') throw new Error('unreachable');
  const body =
    request.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(request.body)
        ? request.body
        : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
  const headers = request.headers ?? (request.body === undefined ? {} : { 'content-type': 'application/json' });
  return readInput(service, routed.operation, { labels: routed.labels, query, headers, body });
}

/** Runs `fn`, which must throw `BadRequestException` (a modelled error: no explicit status); returns the message. */
function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    assert.equal(error.type, 'BadRequestException');
    assert.equal(error.status, undefined);
    return error.message;
  }
  assert.fail('expected a BadRequestException');
}

const order = (body: unknown): Record<string, unknown> => read('POST', '/phone-number-orders', { body });
const GOOD_NUMBER = '+12065550100';

describe('read-input: constraints of the model', () => {
  test('required: a missing body member', () => {
    assert.equal(
      badRequestMessage(() => order({ ProductType: 'VoiceConnector' })),
      "1 validation error detected: Value null at 'E164PhoneNumbers' failed to satisfy constraint: Member must not be null",
    );
  });

  test('required: nested structure members inside a list name their index', () => {
    const message = badRequestMessage(() =>
      read('POST', '/phone-numbers?operation=batch-update', {
        body: { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: 'a' }, { ProductType: 'VoiceConnector' }] },
      }),
    );
    assert.equal(
      message,
      "1 validation error detected: Value null at 'UpdatePhoneNumberRequestItems.2.member.PhoneNumberId' failed to satisfy constraint: Member must not be null",
    );
  });

  test('enum: the value (not sensitive) and the allowed set are in the message', () => {
    assert.equal(
      badRequestMessage(() => order({ ProductType: 'Nope', E164PhoneNumbers: [GOOD_NUMBER] })),
      "1 validation error detected: Value 'Nope' at 'ProductType' failed to satisfy constraint: Member must satisfy enum value set: [BusinessCalling, VoiceConnector, SipMediaApplicationDialIn]",
    );
    // Enums are case-sensitive.
    assert.match(badRequestMessage(() => order({ ProductType: 'voiceconnector', E164PhoneNumbers: [GOOD_NUMBER] })), /enum value set/);
    // Query enums too.
    assert.match(
      badRequestMessage(() => read('GET', '/phone-numbers?status=Sold')),
      /^1 validation error detected: Value 'Sold' at 'Status' failed to satisfy constraint: Member must satisfy enum value set: \[AcquireInProgress, /,
    );
  });

  test('pattern: E164 numbers, without echoing the (sensitive) value', () => {
    const message = badRequestMessage(() => order({ ProductType: 'VoiceConnector', E164PhoneNumbers: [GOOD_NUMBER, '+0123456789'] }));
    assert.equal(
      message,
      "1 validation error detected: Value at 'E164PhoneNumbers.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\+?[1-9]\\d{1,14}$",
    );
    assert.ok(!message.includes('0123456789'));
    // Too long: 16 digits.
    assert.match(badRequestMessage(() => order({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+1234567890123456'] })), /regular expression pattern/);
    assert.deepEqual(order({ ProductType: 'VoiceConnector', E164PhoneNumbers: [GOOD_NUMBER, '12065550100'] }), {
      ProductType: 'VoiceConnector',
      E164PhoneNumbers: [GOOD_NUMBER, '12065550100'],
    });
  });

  test('pattern: matched against the whole value (GuidString with trailing junk, Alpha2CountryCode USA)', () => {
    const id = '6f1c3c52-5a5e-4d0c-9b7e-0e3a1d2f4b5c';
    assert.deepEqual(read('GET', `/phone-number-orders/${id}`), { PhoneNumberOrderId: id });
    for (const bad of [`${id}x`, `x${id}`, `${id}-0000`, `${id}%0A`]) {
      const message = badRequestMessage(() => read('GET', `/phone-number-orders/${bad}`));
      assert.match(message, /^1 validation error detected: Value '.*' at 'PhoneNumberOrderId' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-fA-F0-9\]\{8\}/s);
    }
    assert.equal(
      badRequestMessage(() => read('GET', '/search?type=phone-numbers&country=USA')),
      "1 validation error detected: Value 'USA' at 'Country' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Z]{2}",
    );
    assert.match(badRequestMessage(() => read('GET', '/search?type=phone-numbers&country=us')), /'us' at 'Country'/);
    assert.deepEqual(read('GET', '/search?type=phone-numbers&country=US'), { Country: 'US' });
  });

  test('string min/max length (AccountName 1..100, TollFreePrefix 3..3) with the rules named', () => {
    const empty = badRequestMessage(() => read('POST', '/accounts', { body: { Name: '' } }));
    assert.equal(
      empty,
      "2 validation errors detected: Value '' at 'Name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'Name' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*",
    );
    const long = badRequestMessage(() => read('POST', '/accounts', { body: { Name: 'a'.repeat(101) } }));
    assert.match(long, /^1 validation error detected: Value 'a{64}…' at 'Name' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    assert.deepEqual(read('POST', '/accounts', { body: { Name: 'a'.repeat(100) } }), { Name: 'a'.repeat(100) });
    assert.deepEqual(read('POST', '/accounts', { body: { Name: 'a' } }), { Name: 'a' });

    assert.equal(
      badRequestMessage(() => read('GET', '/search?type=phone-numbers&toll-free-prefix=80')),
      "2 validation errors detected: Value '80' at 'TollFreePrefix' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value '80' at 'TollFreePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: ^8(00|33|44|55|66|77|88)$",
    );
    assert.equal(
      badRequestMessage(() => read('GET', '/search?type=phone-numbers&toll-free-prefix=8000')),
      "1 validation error detected: Value '8000' at 'TollFreePrefix' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    assert.deepEqual(read('GET', '/search?type=phone-numbers&toll-free-prefix=888'), { TollFreePrefix: '888' });
  });

  test('list min: BatchDeletePhoneNumber with PhoneNumberIds []', () => {
    assert.equal(
      badRequestMessage(() => read('POST', '/phone-numbers?operation=batch-delete', { body: { PhoneNumberIds: [] } })),
      "1 validation error detected: Value at 'PhoneNumberIds' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert.deepEqual(read('POST', '/phone-numbers?operation=batch-delete', { body: { PhoneNumberIds: ['a'] } }), { PhoneNumberIds: ['a'] });
  });

  test('types: a string where a list is expected, a number where a string is expected, null list items', () => {
    assert.match(
      badRequestMessage(() => read('POST', '/phone-numbers?operation=batch-delete', { body: { PhoneNumberIds: 'a' } })),
      /Value 'a' at 'PhoneNumberIds' failed to satisfy constraint: Member must be a list/,
    );
    assert.match(
      badRequestMessage(() => read('POST', '/phone-numbers?operation=batch-delete', { body: { PhoneNumberIds: [1] } })),
      /Value '1' at 'PhoneNumberIds.1.member' failed to satisfy constraint: Member must be a string/,
    );
    assert.match(
      badRequestMessage(() => read('POST', '/phone-numbers?operation=batch-delete', { body: { PhoneNumberIds: ['a', null] } })),
      /Value null at 'PhoneNumberIds.2.member' failed to satisfy constraint: Member must not be null/,
    );
    assert.match(
      badRequestMessage(() => read('POST', '/phone-numbers?operation=batch-update', { body: { UpdatePhoneNumberRequestItems: ['x'] } })),
      /Value 'x' at 'UpdatePhoneNumberRequestItems.1.member' failed to satisfy constraint: Member must be a structure/,
    );
  });

  test('integer range: ListPhoneNumberOrders max-results 1..99, SearchAvailablePhoneNumbers 1..500', () => {
    assert.equal(
      badRequestMessage(() => read('GET', '/phone-number-orders?max-results=0')),
      "1 validation error detected: Value '0' at 'MaxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    assert.equal(
      badRequestMessage(() => read('GET', '/phone-number-orders?max-results=100')),
      "1 validation error detected: Value '100' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 99",
    );
    assert.deepEqual(read('GET', '/phone-number-orders?max-results=1'), { MaxResults: 1 });
    assert.deepEqual(read('GET', '/phone-number-orders?max-results=99'), { MaxResults: 99 });
    assert.match(badRequestMessage(() => read('GET', '/search?type=phone-numbers&max-results=0')), /greater than or equal to 1$/);
    assert.match(badRequestMessage(() => read('GET', '/search?type=phone-numbers&max-results=501')), /less than or equal to 500$/);
    assert.deepEqual(read('GET', '/search?type=phone-numbers&max-results=500'), { MaxResults: 500 });
    assert.deepEqual(read('GET', '/search?type=phone-numbers&max-results=1'), { MaxResults: 1 });
  });

  test('integer text: abc, 1e309, 1.5, empty and huge are not integers; -1 is an integer out of range', () => {
    for (const text of ['abc', '1e309', '1.5', '', '0x10', '%2B5', '5%20', '9'.repeat(400)]) {
      const message = badRequestMessage(() => read('GET', `/phone-number-orders?max-results=${text}`));
      assert.match(message, /^1 validation error detected: Value '.*' at 'MaxResults' failed to satisfy constraint: Member must be an integer$/s, text);
    }
    assert.equal(
      badRequestMessage(() => read('GET', '/phone-number-orders?max-results=-1')),
      "1 validation error detected: Value '-1' at 'MaxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    assert.deepEqual(read('GET', '/phone-number-orders?max-results=007'), { MaxResults: 7 });
  });

  test('several violations are reported together, with their count', () => {
    const message = badRequestMessage(() => order({ ProductType: 'Nope', E164PhoneNumbers: ['x'] }));
    assert.match(message, /^2 validation errors detected: /);
    assert.match(message, /'Nope' at 'ProductType'.*enum value set/);
    assert.match(message, /Value at 'E164PhoneNumbers.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    // Query and body violations land in the same message.
    const mixed = badRequestMessage(() => read('GET', '/search?type=phone-numbers&max-results=abc&country=usa&phone-number-type=Mobile'));
    assert.match(mixed, /^3 validation errors detected: /);
    assert.match(mixed, /at 'MaxResults'/);
    assert.match(mixed, /at 'Country'/);
    assert.match(mixed, /at 'PhoneNumberType'/);
  });

  test('sensitive values are never echoed; non-sensitive values are', () => {
    const calling = badRequestMessage(() => read('PUT', '/settings/phone-number', { body: { CallingName: 'Secret_Name!' } }));
    assert.match(calling, /^1 validation error detected: Value at 'CallingName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.ok(!calling.includes('Secret_Name'));
    const number = badRequestMessage(() => read('POST', '/accounts/a/users/u?operation=associate-phone-number', { body: { E164PhoneNumber: '+0999' } }));
    assert.ok(!number.includes('0999'), number);
    const wrongType = badRequestMessage(() => read('POST', '/accounts/a/users/u?operation=associate-phone-number', { body: { E164PhoneNumber: 12065550100 } }));
    assert.match(wrongType, /Value at 'E164PhoneNumber' failed to satisfy constraint: Member must be a string/);
    assert.ok(!wrongType.includes('12065550100'), wrongType);
    // Not sensitive: echoed.
    assert.match(badRequestMessage(() => read('POST', '/accounts', { body: { Name: ' ' } })), /Value ' ' at 'Name'/);
  });

  test('a 100k-item list of bad numbers costs a bounded message', () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => `bad-${i}`);
    const message = badRequestMessage(() => order({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
    assert.ok(message.length < 2_000, `message is ${message.length} characters`);
    assert.match(message, /^\d+ validation errors detected: /);
    assert.match(message, /; and \d+ more$/);
    assert.ok(!message.includes('bad-'), 'sensitive values are not echoed');
    // A 100k-item list of good numbers is read in full.
    const good = Array.from({ length: 100_000 }, (_, i) => `+1206${String(i).padStart(7, '0')}`);
    assert.equal((order({ ProductType: 'VoiceConnector', E164PhoneNumbers: good }).E164PhoneNumbers as string[]).length, 100_000);
  });
});

describe('read-input: the JSON body', () => {
  test('unknown body keys are dropped, at the top and nested', () => {
    assert.deepEqual(order({ ProductType: 'VoiceConnector', E164PhoneNumbers: [GOOD_NUMBER], Extra: 1, productType: 'x' }), {
      ProductType: 'VoiceConnector',
      E164PhoneNumbers: [GOOD_NUMBER],
    });
    assert.deepEqual(
      read('POST', '/phone-numbers?operation=batch-update', {
        body: { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: 'a', Junk: true }] },
      }),
      { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: 'a' }] },
    );
    // A body key naming a uri member does not override the label.
    assert.deepEqual(read('POST', '/phone-numbers/x', { body: { PhoneNumberId: 'y', ProductType: 'VoiceConnector' } }), {
      PhoneNumberId: 'x',
      ProductType: 'VoiceConnector',
    });
    // __proto__ from JSON is an own key like any other unknown key.
    const input = read('POST', '/accounts', { body: '{"Name":"n","__proto__":{"polluted":true}}' });
    assert.deepEqual(Object.keys(input), ['Name']);
    assert.equal((input as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  test('null members are treated as absent (and still fail required)', () => {
    assert.deepEqual(read('POST', '/phone-numbers/x', { body: { ProductType: null, CallingName: null } }), { PhoneNumberId: 'x' });
    assert.deepEqual(
      read('POST', '/phone-numbers?operation=batch-update', {
        body: { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: 'a', ProductType: null }] },
      }),
      { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: 'a' }] },
    );
    assert.equal(
      badRequestMessage(() => order({ ProductType: null, E164PhoneNumbers: [GOOD_NUMBER] })),
      "1 validation error detected: Value null at 'ProductType' failed to satisfy constraint: Member must not be null",
    );
  });

  test('an empty body reads as {}: required members then fail', () => {
    assert.equal(
      badRequestMessage(() => read('POST', '/phone-number-orders', { headers: {} })),
      "2 validation errors detected: Value null at 'ProductType' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'E164PhoneNumbers' failed to satisfy constraint: Member must not be null",
    );
    assert.deepEqual(read('POST', '/phone-numbers/x', { headers: {} }), { PhoneNumberId: 'x' });
    // An empty body is fine whatever its content-type says.
    assert.deepEqual(read('POST', '/phone-numbers/x', { headers: { 'content-type': 'text/plain' } }), { PhoneNumberId: 'x' });
  });

  test('content-type: application/json with parameters and +json accepted, missing accepted, others rejected', () => {
    const body = JSON.stringify({ Name: 'n' });
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/x-amz-json+json']) {
      assert.deepEqual(read('POST', '/accounts', { headers: { 'content-type': contentType }, body }), { Name: 'n' }, contentType);
    }
    assert.deepEqual(read('POST', '/accounts', { headers: {}, body }), { Name: 'n' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      assert.match(
        badRequestMessage(() => read('POST', '/accounts', { headers: { 'content-type': contentType }, body })),
        /^Unsupported Content-Type '.*': the body must be application\/json$/,
      );
    }
  });

  test('invalid UTF-8, malformed JSON and non-object JSON are rejected', () => {
    const headers = { 'content-type': 'application/json' };
    assert.equal(
      badRequestMessage(() => read('POST', '/accounts', { headers, body: Buffer.from([0x7b, 0x22, 0x4e, 0xff, 0x22, 0x3a, 0x31, 0x7d]) })),
      'The request body is not valid UTF-8',
    );
    // An overlong encoding of '/' is invalid UTF-8, not a '/'.
    assert.equal(badRequestMessage(() => read('POST', '/accounts', { headers, body: Buffer.from([0x22, 0xc0, 0xaf, 0x22]) })), 'The request body is not valid UTF-8');
    for (const text of ['{"Name":', '{Name: "n"}', "{'Name':'n'}", '{"Name":"n"} x']) {
      assert.match(badRequestMessage(() => read('POST', '/accounts', { headers, body: text })), /^The request body is not valid JSON: /, text);
    }
    for (const text of ['[]', '[{"Name":"n"}]', '"Name"', '1', 'true', 'null']) {
      assert.equal(badRequestMessage(() => read('POST', '/accounts', { headers, body: text })), 'The request body must be a JSON object', text);
    }
  });
});

describe('read-input: query strings and uri labels', () => {
  test('query percent-decoding keeps + as a plus', () => {
    assert.deepEqual(read('GET', '/phone-number-orders?next-token=a+b%2Bc%20d'), { NextToken: 'a+b+c d' });
    assert.deepEqual(read('GET', '/search?type=phone-numbers&city=San%20Jos%C3%A9'), { City: 'San José' });
    // A key without '=' is an empty value.
    assert.deepEqual(read('GET', '/phone-number-orders?next-token'), { NextToken: '' });
    // Encoded keys are decoded too.
    assert.deepEqual(read('GET', '/phone-number-orders?next%2Dtoken=t'), { NextToken: 't' });
  });

  test('a repeated scalar query key is rejected', () => {
    assert.equal(badRequestMessage(() => read('GET', '/phone-number-orders?max-results=1&max-results=2')), "Query parameter 'max-results' must not be repeated");
    assert.equal(badRequestMessage(() => read('GET', '/phone-number-orders?next-token=a&next-token=a')), "Query parameter 'next-token' must not be repeated");
  });

  test('malformed % and NUL are rejected in the query', () => {
    for (const target of ['/phone-number-orders?next-token=%zz', '/phone-number-orders?next-token=%', '/phone-number-orders?next-token=%C3', '/phone-number-orders?next-token=%ED%A0%80']) {
      assert.equal(badRequestMessage(() => splitTarget(target)), "Malformed percent-encoding in query parameter 'next-token'", target);
    }
    assert.equal(badRequestMessage(() => splitTarget('/phone-number-orders?%zz=1')), 'Malformed percent-encoding in query parameter name');
    assert.equal(badRequestMessage(() => splitTarget('/phone-number-orders?next-token=a%00b')), "NUL character in query parameter 'next-token'");
    assert.equal(badRequestMessage(() => splitTarget('/phone-number-orders?a%00=1')), 'NUL character in query parameter name');
    assert.equal(badRequestMessage(() => splitTarget('phone-number-orders')), 'The request-target must be an absolute path');
  });

  test('uri labels are decoded exactly once', () => {
    assert.deepEqual(read('GET', '/phone-numbers/%2B1206'), { PhoneNumberId: '+1206' });
    assert.deepEqual(read('GET', '/phone-numbers/%252B1206'), { PhoneNumberId: '%2B1206' });
    assert.deepEqual(read('GET', '/phone-numbers/+1206'), { PhoneNumberId: '+1206' });
    assert.deepEqual(read('DELETE', '/phone-numbers/a%2Fb'), { PhoneNumberId: 'a/b' });
    assert.deepEqual(read('POST', '/accounts/a%20b/users/%C3%A9?operation=associate-phone-number', { body: { E164PhoneNumber: GOOD_NUMBER } }), {
      AccountId: 'a b',
      UserId: 'é',
      E164PhoneNumber: GOOD_NUMBER,
    });
  });

  test('malformed % and NUL are rejected in uri labels', () => {
    assert.equal(badRequestMessage(() => read('GET', '/phone-numbers/%zz')), "Malformed percent-encoding in path label 'phoneNumberId'");
    assert.equal(badRequestMessage(() => read('GET', '/phone-numbers/%2')), "Malformed percent-encoding in path label 'phoneNumberId'");
    assert.equal(badRequestMessage(() => read('GET', '/phone-numbers/a%00')), "NUL character in path label 'phoneNumberId'");
  });
});

describe('read-input: headers and booleans', () => {
  test('a header member is read from the lower-cased header and validated like any member', () => {
    const bearer = 'arn:aws:chime:us-east-1:111122223333:app-instance/i/user/u';
    const appInstance = encodeURIComponent('arn:aws:chime:us-east-1:111122223333:app-instance/i');
    assert.deepEqual(read('GET', `/channels?app-instance-arn=${appInstance}`, { headers: { 'x-amz-chime-bearer': bearer } }), {
      AppInstanceArn: decodeURIComponent(appInstance),
      ChimeBearer: bearer,
    });
    assert.match(
      badRequestMessage(() => read('GET', `/channels?app-instance-arn=${appInstance}`, { headers: { 'x-amz-chime-bearer': 'arn' } })),
      /^2 validation errors detected: Value 'arn' at 'ChimeBearer' failed to satisfy constraint: Member must have length greater than or equal to 5; Value 'arn' at 'ChimeBearer' .*regular expression pattern/,
    );
    // Repeated headers (arrays) are not read.
    assert.deepEqual(read('GET', `/channels?app-instance-arn=${appInstance}`, { headers: { 'x-amz-chime-bearer': [bearer, bearer] } }), {
      AppInstanceArn: decodeURIComponent(appInstance),
    });
  });

  test('booleans from text: only voice GetVoiceToneAnalysisTask has one in a query; a minimal model carries the cases', () => {
    for (const file of ['chime-2018-05-01.json', 'chime-sdk-voice-2022-08-03.json']) {
      const model = loadModel(file);
      const booleanQuery: string[] = [];
      for (const op of Object.values(model.operations)) {
        const input = op.input ? model.shapes[op.input.shape] : undefined;
        if (input?.type !== 'structure') continue;
        for (const [name, member] of Object.entries(input.members)) {
          if (member.location === 'querystring' && model.shapes[member.shape]?.type === 'boolean') booleanQuery.push(`${op.name}.${name}`);
        }
      }
      assert.deepEqual(booleanQuery, file.startsWith('chime-sdk-voice') ? ['GetVoiceToneAnalysisTask.IsCaller'] : [], file);
    }
    const service = compileService({
      metadata: {
        apiVersion: '2000-01-01',
        endpointPrefix: 'mini',
        protocol: 'rest-json',
        serviceFullName: 'Mini',
        serviceId: 'Mini',
        signatureVersion: 'v4',
        uid: 'mini-2000-01-01',
      },
      operations: {
        ListThings: { name: 'ListThings', http: { method: 'GET', requestUri: '/things' }, input: { shape: 'ListThingsRequest' } },
      },
      shapes: {
        ListThingsRequest: {
          type: 'structure',
          members: {
            Active: { shape: 'Boolean', location: 'querystring', locationName: 'active' },
            Verbose: { shape: 'Boolean', location: 'header', locationName: 'X-Verbose' },
          },
        },
        Boolean: { type: 'boolean' },
      },
    });
    assert.deepEqual(read('GET', '/things?active=true', {}, service), { Active: true });
    assert.deepEqual(read('GET', '/things?active=false', { headers: { 'x-verbose': 'true' } }, service), { Active: false, Verbose: true });
    for (const text of ['TRUE', '1', 'yes', '']) {
      assert.equal(
        badRequestMessage(() => read('GET', `/things?active=${text}`, {}, service)),
        `1 validation error detected: Value '${text}' at 'Active' failed to satisfy constraint: Member must be true or false`,
      );
    }
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { splitTarget } from '../../../src/protocol/query.ts';
import { createRouter, type RouteResult } from '../../../src/protocol/router.ts';
import { compileService } from '../../../src/protocol/service.ts';

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
}

const chime = compileService(loadModel('chime-2018-05-01.json'));
const voice = compileService(loadModel('chime-sdk-voice-2022-08-03.json'));
const router = createRouter([chime]);

/** Routes a raw request-target the way the gateway does: split + decode the query, keep path segments raw. */
function route(method: string, target: string): RouteResult {
  const { rawSegments, query } = splitTarget(target);
  return router.route(method, rawSegments, query);
}

function matched(method: string, target: string): { name: string; labels: Record<string, string> } {
  const result = route(method, target);
  assert.equal(result.kind, 'match', `${method} ${target} should match, got ${JSON.stringify(result)}`);
  if (result.kind !== 'match') throw new Error('unreachable');
  return { name: result.operation.name, labels: Object.fromEntries(result.labels) };
}

function assertRoutes(method: string, target: string, operation: string): void {
  assert.equal(matched(method, target).name, operation, `${method} ${target}`);
}

describe('router: phone-number routes of the chime model', () => {
  test('POST /phone-number-orders → CreatePhoneNumberOrder, GET → ListPhoneNumberOrders', () => {
    assertRoutes('POST', '/phone-number-orders', 'CreatePhoneNumberOrder');
    assertRoutes('GET', '/phone-number-orders', 'ListPhoneNumberOrders');
    assertRoutes('GET', '/phone-number-orders?max-results=5&next-token=abc', 'ListPhoneNumberOrders');
  });

  test('GET /phone-number-orders/<uuid> → GetPhoneNumberOrder with the label captured raw', () => {
    const id = '6f1c3c52-5a5e-4d0c-9b7e-0e3a1d2f4b5c';
    assert.deepEqual(matched('GET', `/phone-number-orders/${id}`), {
      name: 'GetPhoneNumberOrder',
      labels: { phoneNumberOrderId: id },
    });
    // The router does not decode labels: read-input decodes them exactly once.
    assert.deepEqual(matched('GET', '/phone-number-orders/a%2Fb%252B').labels, { phoneNumberOrderId: 'a%2Fb%252B' });
  });

  test('GET /search?type=phone-numbers with extra parameters in any order → SearchAvailablePhoneNumbers', () => {
    for (const target of [
      '/search?type=phone-numbers',
      '/search?type=phone-numbers&area-code=206&max-results=10',
      '/search?area-code=206&type=phone-numbers&max-results=10',
      '/search?max-results=10&country=US&area-code=206&type=phone-numbers',
      '/search?city=San%20Jose&type=phone%2Dnumbers', // the literal is compared decoded
    ]) {
      assertRoutes('GET', target, 'SearchAvailablePhoneNumbers');
    }
  });

  test('GET /search without type=phone-numbers is not-found (the model has no other /search route)', () => {
    const searchOps = [...chime.operations.values()].filter((op) => op.path.length === 1 && op.path[0]!.kind === 'static' && op.path[0]!.value === 'search');
    assert.deepEqual(searchOps.map((op) => op.name), ['SearchAvailablePhoneNumbers']);
    assert.deepEqual(route('GET', '/search'), { kind: 'not-found' });
    assert.deepEqual(route('GET', '/search?area-code=206'), { kind: 'not-found' });
    assert.deepEqual(route('GET', '/search?type=users'), { kind: 'not-found' });
    assert.deepEqual(route('GET', '/search?type='), { kind: 'not-found' });
  });

  test('POST /phone-numbers?operation=batch-delete|batch-update → the batch operations, any query order', () => {
    assertRoutes('POST', '/phone-numbers?operation=batch-delete', 'BatchDeletePhoneNumber');
    assertRoutes('POST', '/phone-numbers?operation=batch-update', 'BatchUpdatePhoneNumber');
    assertRoutes('POST', '/phone-numbers?operation=batch-delete&x-extra=1', 'BatchDeletePhoneNumber');
    assertRoutes('POST', '/phone-numbers?x-extra=1&operation=batch-delete', 'BatchDeletePhoneNumber');
    assertRoutes('POST', '/phone-numbers?operation=batch-update&x-extra=1', 'BatchUpdatePhoneNumber');
    assertRoutes('POST', '/phone-numbers?x-extra=1&operation=batch-update', 'BatchUpdatePhoneNumber');
    // GET /phone-numbers is ListPhoneNumbers, whatever the query.
    assertRoutes('GET', '/phone-numbers', 'ListPhoneNumbers');
    assertRoutes('GET', '/phone-numbers?operation=batch-delete', 'ListPhoneNumbers');
  });

  test('POST /phone-numbers without an operation, or an unknown one, is method-not-allowed (GET only)', () => {
    assert.deepEqual(route('POST', '/phone-numbers'), { kind: 'method-not-allowed', allowed: ['GET'] });
    assert.deepEqual(route('POST', '/phone-numbers?operation=batch-nothing'), { kind: 'method-not-allowed', allowed: ['GET'] });
  });

  test('POST /phone-numbers/{id}?operation=restore → RestorePhoneNumber; without it → UpdatePhoneNumber', () => {
    assert.deepEqual(matched('POST', '/phone-numbers/%2B1206?operation=restore'), {
      name: 'RestorePhoneNumber',
      labels: { phoneNumberId: '%2B1206' },
    });
    assert.deepEqual(matched('POST', '/phone-numbers/%2B1206'), { name: 'UpdatePhoneNumber', labels: { phoneNumberId: '%2B1206' } });
    assertRoutes('POST', '/phone-numbers/%2B1206?foo=bar&operation=restore', 'RestorePhoneNumber');
    assertRoutes('POST', '/phone-numbers/%2B1206?operation=other', 'UpdatePhoneNumber');
    assertRoutes('GET', '/phone-numbers/%2B1206', 'GetPhoneNumber');
    // A literal query is a match condition, not a method override: GET with ?operation=restore is still GetPhoneNumber.
    assertRoutes('GET', '/phone-numbers/%2B1206?operation=restore', 'GetPhoneNumber');
  });

  test('DELETE /phone-numbers/x → DeletePhoneNumber', () => {
    assert.deepEqual(matched('DELETE', '/phone-numbers/x'), { name: 'DeletePhoneNumber', labels: { phoneNumberId: 'x' } });
  });

  test('PUT|GET /settings/phone-number → Update|GetPhoneNumberSettings', () => {
    assertRoutes('PUT', '/settings/phone-number', 'UpdatePhoneNumberSettings');
    assertRoutes('GET', '/settings/phone-number', 'GetPhoneNumberSettings');
    // /settings alone is the global settings, a different operation.
    assertRoutes('PUT', '/settings', 'UpdateGlobalSettings');
  });

  test('POST /accounts/a/users/u?operation=associate-phone-number → AssociatePhoneNumberWithUser', () => {
    assert.deepEqual(matched('POST', '/accounts/a/users/u?operation=associate-phone-number'), {
      name: 'AssociatePhoneNumberWithUser',
      labels: { accountId: 'a', userId: 'u' },
    });
    assertRoutes('POST', '/accounts/a/users/u?operation=disassociate-phone-number', 'DisassociatePhoneNumberFromUser');
    assertRoutes('POST', '/accounts/a/users/u', 'UpdateUser');
  });

  test('PATCH /phone-number-orders → method-not-allowed listing GET and POST', () => {
    assert.deepEqual(route('PATCH', '/phone-number-orders'), { kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    assert.deepEqual(route('PATCH', '/phone-numbers/x'), { kind: 'method-not-allowed', allowed: ['DELETE', 'GET', 'POST'] });
  });

  test('unknown paths are not-found', () => {
    assert.deepEqual(route('GET', '/nope'), { kind: 'not-found' });
    assert.deepEqual(route('POST', '/nope/deeper/still'), { kind: 'not-found' });
    assert.deepEqual(route('GET', '/'), { kind: 'not-found' });
    // Static segments compare raw: an encoded static segment is a different segment.
    assert.deepEqual(route('GET', '/phone%2Dnumber-orders'), { kind: 'not-found' });
    // Segment count matters: a trailing extra segment is not the list route.
    assert.deepEqual(route('GET', '/phone-number-orders/a/b'), { kind: 'not-found' });
  });

  test('an empty label segment does not match a label route', () => {
    assert.deepEqual(route('GET', '/phone-number-orders/'), { kind: 'not-found' });
    assert.deepEqual(route('DELETE', '/phone-numbers/'), { kind: 'not-found' });
    assert.deepEqual(route('POST', '/accounts//users/u?operation=associate-phone-number'), { kind: 'not-found' });
  });
});

describe('router: every operation of the model', () => {
  for (const [file, service] of [
    ['chime-2018-05-01.json', chime],
    ['chime-sdk-voice-2022-08-03.json', voice],
  ] as const) {
    test(`${file}: each operation's own requestUri (labels = x) routes to that operation`, () => {
      const own = createRouter([service]);
      const wrong: string[] = [];
      for (const [name, operation] of service.operations) {
        const target = service.model.operations[name]!.http.requestUri.replace(/\{[^}]+\}/g, 'x');
        const { rawSegments, query } = splitTarget(target);
        const result = own.route(operation.method, rawSegments, query);
        const got = result.kind === 'match' ? result.operation.name : result.kind;
        if (got !== name) wrong.push(`${operation.method} ${target}: ${got} instead of ${name}`);
      }
      // No two operations of either model share a method, path shape and literal query, so none is shadowed.
      assert.deepEqual(wrong, []);
      assert.equal(service.operations.size, file.startsWith('chime-2018') ? 191 : 96);
    });
  }
});

describe('router: several services', () => {
  const both = createRouter([chime, voice]);

  test('serviceOrder decides between services that share a route; without it the first service wins', () => {
    const { rawSegments, query } = splitTarget('/phone-number-orders');
    const pick = (order?: string[]): string => {
      const result = both.route('POST', rawSegments, query, order);
      assert.equal(result.kind, 'match');
      return result.kind === 'match' ? `${result.service.id}:${result.operation.name}` : '';
    };
    assert.equal(pick(), 'chime:CreatePhoneNumberOrder');
    assert.equal(pick(['voice-chime']), 'voice-chime:CreatePhoneNumberOrder');
    assert.equal(pick(['chime', 'voice-chime']), 'chime:CreatePhoneNumberOrder');
    assert.equal(pick(['voice-chime', 'chime']), 'voice-chime:CreatePhoneNumberOrder');
    assert.equal(pick(['unknown']), 'chime:CreatePhoneNumberOrder');
  });
});

/**
 * The models a server serves are compiled `trusted` (each operation's bindings on first use, no model check at start):
 * here they are compiled `checked`, which refuses anything the protocol layer does not handle, and both compilations
 * must agree on every operation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileModels } from '../../../src/main.ts';
import { compileService, type CompiledOperation } from '../../../src/protocol/service.ts';

const FIELDS = [
  'name',
  'method',
  'path',
  'literalQuery',
  'responseCode',
  'input',
  'output',
  'uriMembers',
  'queryMembers',
  'headerMembers',
  'bodyMembers',
  'inputBindings',
  'outputBindings',
  'memberBounds',
] as const satisfies readonly (keyof CompiledOperation)[];

/** Every field of the operation, read (a trusted operation computes its bindings on first read). */
const fieldsOf = (op: CompiledOperation): Record<string, unknown> => Object.fromEntries(FIELDS.map((field) => [field, op[field]]));

describe('the served models', () => {
  const served = compileModels();

  for (const [api, service] of Object.entries(served)) {
    test(`${api}: compiles checked, and the trusted compilation answers the same for every operation`, () => {
      const checked = compileService(service.model, 'checked');
      assert.equal(checked.id, service.id);
      assert.deepEqual([...service.operations.keys()], [...checked.operations.keys()]);
      assert.ok(checked.operations.size > 90, `${checked.operations.size} operations`);
      for (const [name, op] of checked.operations) assert.deepEqual(fieldsOf(service.operations.get(name)!), fieldsOf(op), name);
    });
  }

  test('a trusted operation refuses an inconsistent model when first used, not before', () => {
    const model = structuredClone(served.chime.model);
    model.operations.GetPhoneNumberOrder!.http.requestUri = '/phone-number-orders/{otherId}';
    const trusted = compileService(model, 'trusted');
    const op = trusted.operations.get('GetPhoneNumberOrder')!;
    assert.equal(op.method, 'GET');
    assert.throws(() => op.uriMembers, /GetPhoneNumberOrder: uri member PhoneNumberOrderId has no \{phoneNumberOrderId\}/);
    assert.throws(() => compileService(model, 'checked'), /uri member PhoneNumberOrderId has no/);
  });
});

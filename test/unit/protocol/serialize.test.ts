import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ServiceError, badRequest } from '../../../src/protocol/errors.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { serializeError, serializeOutput, type WireResponse } from '../../../src/protocol/serialize.ts';
import { compileService, type CompiledOperation } from '../../../src/protocol/service.ts';

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
}

const chime = compileService(loadModel('chime-2018-05-01.json'));

function op(name: string): CompiledOperation {
  const found = chime.operations.get(name);
  assert.ok(found, name);
  return found;
}

function output(name: string, value: unknown): WireResponse {
  return serializeOutput(chime, op(name), value);
}

function bodyOf(wire: WireResponse): Record<string, unknown> {
  assert.equal(wire.headers['content-type'], 'application/json');
  assert.ok(wire.body !== undefined);
  return JSON.parse(wire.body) as Record<string, unknown>;
}

const created = new Date('2024-03-01T12:34:56.789Z');
const updated = new Date('2024-03-02T00:00:00.000Z');

describe('serializeOutput: status codes from the model', () => {
  test('CreatePhoneNumberOrder → 201 with a JSON body', () => {
    const wire = output('CreatePhoneNumberOrder', { PhoneNumberOrder: { PhoneNumberOrderId: 'id', Status: 'Processing' } });
    assert.equal(wire.status, 201);
    assert.deepEqual(bodyOf(wire), { PhoneNumberOrder: { PhoneNumberOrderId: 'id', Status: 'Processing' } });
  });

  test('DeletePhoneNumber → 204 with no body and no content-type', () => {
    for (const value of [undefined, null, {}]) {
      assert.deepEqual(output('DeletePhoneNumber', value), { status: 204, headers: {} });
    }
  });

  test('UpdatePhoneNumberSettings → 204', () => {
    assert.deepEqual(output('UpdatePhoneNumberSettings', undefined), { status: 204, headers: {} });
  });

  test('GetPhoneNumber → 200 (the default: the model gives no responseCode)', () => {
    assert.equal(loadModel('chime-2018-05-01.json').operations.GetPhoneNumber!.http.responseCode, undefined);
    const wire = output('GetPhoneNumber', { PhoneNumber: { PhoneNumberId: '+12065550100' } });
    assert.equal(wire.status, 200);
    assert.deepEqual(bodyOf(wire), { PhoneNumber: { PhoneNumberId: '+12065550100' } });
  });

  test('an output with no members set is an empty JSON object; an output with an empty shape too', () => {
    assert.deepEqual(bodyOf(output('GetPhoneNumber', {})), {});
    // AssociatePhoneNumberWithUserResponse has no members at all: still `{}`, as AWS answers (the restJson1 case
    // RestJsonEmptyInputAndEmptyOutput); an operation without an output shape has no body.
    assert.deepEqual(output('AssociatePhoneNumberWithUser', {}), { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
  });
});

describe('serializeOutput: members', () => {
  test('iso8601 timestamps: a Date becomes toISOString() with milliseconds', () => {
    const body = bodyOf(
      output('GetPhoneNumberOrder', {
        PhoneNumberOrder: { PhoneNumberOrderId: 'id', CreatedTimestamp: created, UpdatedTimestamp: updated },
      }),
    );
    assert.deepEqual(body, {
      PhoneNumberOrder: { PhoneNumberOrderId: 'id', CreatedTimestamp: '2024-03-01T12:34:56.789Z', UpdatedTimestamp: '2024-03-02T00:00:00.000Z' },
    });
    // A top-level timestamp member (GetPhoneNumberSettings.CallingNameUpdatedTimestamp) and strings/epoch millis.
    assert.deepEqual(bodyOf(output('GetPhoneNumberSettings', { CallingName: 'Dialtone', CallingNameUpdatedTimestamp: created })), {
      CallingName: 'Dialtone',
      CallingNameUpdatedTimestamp: '2024-03-01T12:34:56.789Z',
    });
    assert.deepEqual(bodyOf(output('GetPhoneNumberSettings', { CallingNameUpdatedTimestamp: created.getTime() })), {
      CallingNameUpdatedTimestamp: '2024-03-01T12:34:56.789Z',
    });
    assert.deepEqual(bodyOf(output('GetPhoneNumberSettings', { CallingNameUpdatedTimestamp: '2024-03-01T12:34:56.789Z' })), {
      CallingNameUpdatedTimestamp: '2024-03-01T12:34:56.789Z',
    });
  });

  test('timestamps without a timestampFormat are epoch seconds, the rest-json default for body members', () => {
    // The chime model's `Timestamp` shape has no timestampFormat (Iso8601Timestamp has one); the JS SDK parses such body
    // members with parseEpochTimestamp, which throws on an ISO-8601 string.
    assert.equal((chime.shape('Timestamp') as { timestampFormat?: string }).timestampFormat, undefined);
    assert.deepEqual(bodyOf(output('GetAppInstanceRetentionSettings', { InitiateDeletionTimestamp: created })), {
      InitiateDeletionTimestamp: 1709296496.789,
    });
  });

  test('absent, undefined and null members are omitted, nested too', () => {
    const body = bodyOf(
      output('GetPhoneNumber', {
        PhoneNumber: {
          PhoneNumberId: 'p',
          E164PhoneNumber: undefined,
          Country: null,
          Capabilities: { InboundCall: true, OutboundCall: false, InboundSMS: null, OutboundSMS: undefined },
          Associations: [{ Value: 'v', Name: 'AccountId', AssociatedTimestamp: null }],
          CallingName: '',
        },
      }),
    );
    assert.deepEqual(body, {
      PhoneNumber: {
        PhoneNumberId: 'p',
        Capabilities: { InboundCall: true, OutboundCall: false },
        Associations: [{ Value: 'v', Name: 'AccountId' }],
        CallingName: '',
      },
    });
    assert.deepEqual(bodyOf(output('GetPhoneNumber', { PhoneNumber: null })), {});
    assert.deepEqual(bodyOf(output('ListPhoneNumberOrders', { PhoneNumberOrders: [], NextToken: undefined })), { PhoneNumberOrders: [] });
  });

  test('unknown extra members are not serialized, at any depth', () => {
    const body = bodyOf(
      output('GetPhoneNumberOrder', {
        PhoneNumberOrder: { PhoneNumberOrderId: 'id', accountId: 'acct-1', internalNote: 'x', OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550100', Status: 'Acquired', rowId: 7 }] },
        RequestId: 'r',
      }),
    );
    assert.deepEqual(body, {
      PhoneNumberOrder: { PhoneNumberOrderId: 'id', OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550100', Status: 'Acquired' }] },
    });
  });

  test('lists of structures, in order, each serialized by its shape', () => {
    const orders = [1, 2, 3].map((n) => ({
      PhoneNumberOrderId: `id-${n}`,
      ProductType: 'VoiceConnector',
      Status: 'Successful',
      OrderedPhoneNumbers: [{ E164PhoneNumber: `+1206555010${n}`, Status: 'Acquired' }],
      CreatedTimestamp: created,
      UpdatedTimestamp: updated,
    }));
    const body = bodyOf(output('ListPhoneNumberOrders', { PhoneNumberOrders: orders, NextToken: 'next' }));
    assert.deepEqual(body, {
      PhoneNumberOrders: orders.map((o) => ({ ...o, CreatedTimestamp: created.toISOString(), UpdatedTimestamp: updated.toISOString() })),
      NextToken: 'next',
    });
    assert.deepEqual(bodyOf(output('BatchDeletePhoneNumber', { PhoneNumberErrors: [{ PhoneNumberId: 'a', ErrorCode: 'NotFound', ErrorMessage: 'm' }] })), {
      PhoneNumberErrors: [{ PhoneNumberId: 'a', ErrorCode: 'NotFound', ErrorMessage: 'm' }],
    });
  });
});

describe('serializeOutput: compiled structure writers', () => {
  const model = (members: Record<string, unknown>): ServiceModel =>
    ({
      metadata: { protocol: 'rest-json', serviceId: 'T', endpointPrefix: 't', apiVersion: '2020-01-01', signatureVersion: 'v4' },
      operations: { Get: { name: 'Get', http: { method: 'GET', requestUri: '/x' }, output: { shape: 'Out' } } },
      shapes: { Out: { type: 'structure', members }, S: { type: 'string' }, Node: { type: 'structure', members: { Name: { shape: 'S' }, Next: { shape: 'Node' } } } },
    }) as unknown as ServiceModel;

  test('the body text: members in model order, absent ones left out, values escaped as JSON', () => {
    const wire = output('GetPhoneNumberOrder', { PhoneNumberOrder: { Status: 'Failed', PhoneNumberOrderId: 'a"b\\c\u2028`${1}`' } });
    assert.equal(wire.body, '{"PhoneNumberOrder":{"PhoneNumberOrderId":"a\\"b\\\\c\u2028`${1}`","Status":"Failed"}}');
  });

  test('a shape that refers to itself is written to any depth', () => {
    const service = compileService(model({ Root: { shape: 'Node' } }));
    const wire = serializeOutput(service, service.operations.get('Get')!, { Root: { Name: 'a', Next: { Name: 'b', Next: { Name: 'c', Next: null } } } });
    assert.equal(wire.body, '{"Root":{"Name":"a","Next":{"Name":"b","Next":{"Name":"c"}}}}');
  });

  test('a member name that cannot be written as a plain key is refused, not compiled', () => {
    for (const [name, member] of [
      ['__proto__', { shape: 'S' }],
      ['A', { shape: 'S', locationName: '__proto__' }],
      ['B"]);throw 1;//', { shape: 'S' }],
      ['C', { shape: 'S', locationName: 'c d' }],
    ] as const) {
      const service = compileService(model({ [name]: member }));
      assert.throws(() => serializeOutput(service, service.operations.get('Get')!, { [name]: 'v' }), /json writer: not a member name/, name);
    }
  });
});

describe('serializeError: the error envelope', () => {
  function envelope(error: unknown): { status: number; type: string | undefined; body: { Code: string; Message: string } } {
    const wire = serializeError(chime, error);
    assert.equal(wire.headers['content-type'], 'application/json');
    assert.ok(wire.body !== undefined);
    const body = JSON.parse(wire.body) as { Code: string; Message: string };
    assert.deepEqual(Object.keys(body), ['Code', 'Message']);
    return { status: wire.status, type: wire.headers['x-amzn-errortype'], body };
  }

  test('modelled errors: x-amzn-errortype = shape name, Code from the ErrorCode enum, status from the model', () => {
    const table: [string, string, number][] = [
      ['BadRequestException', 'BadRequest', 400],
      ['NotFoundException', 'NotFound', 404],
      ['ThrottledClientException', 'Throttled', 429],
      ['UnauthorizedClientException', 'Unauthorized', 401],
      ['ForbiddenException', 'Forbidden', 403],
      ['AccessDeniedException', 'AccessDenied', 403],
      ['ConflictException', 'Conflict', 409],
      ['ResourceLimitExceededException', 'ResourceLimitExceeded', 400],
      ['UnprocessableEntityException', 'Unprocessable', 422],
      ['ServiceUnavailableException', 'ServiceUnavailable', 503],
      ['ServiceFailureException', 'ServiceFailure', 500],
    ];
    for (const [type, code, status] of table) {
      assert.deepEqual(envelope(new ServiceError(type, `message of ${type}`)), { status, type, body: { Code: code, Message: `message of ${type}` } }, type);
    }
    assert.deepEqual(envelope(badRequest('bad')), { status: 400, type: 'BadRequestException', body: { Code: 'BadRequest', Message: 'bad' } });
  });

  test('a modelled error takes its status from the model even when one is given', () => {
    assert.equal(envelope(new ServiceError('NotFoundException', 'm', 410)).status, 404);
  });

  test('a non-modelled error keeps its explicit status and uses its type as Code', () => {
    assert.deepEqual(envelope(new ServiceError('InvalidSignatureException', 'm', 403)), {
      status: 403,
      type: 'InvalidSignatureException',
      body: { Code: 'InvalidSignatureException', Message: 'm' },
    });
    assert.deepEqual(envelope(new ServiceError('MethodNotAllowedException', 'PATCH is not allowed here', 405)).status, 405);
    // Without a status it is a client error.
    assert.equal(envelope(new ServiceError('SomethingElse', 'm')).status, 400);
    // A shape of the model that is not an exception is not a modelled error.
    assert.deepEqual(envelope(new ServiceError('PhoneNumber', 'm', 418)), { status: 418, type: 'PhoneNumber', body: { Code: 'PhoneNumber', Message: 'm' } });
    assert.deepEqual(envelope(new ServiceError('__proto__', 'm', 400)).body.Code, '__proto__');
  });

  test('anything else becomes a 500 ServiceFailureException without internals', () => {
    for (const thrown of [new Error('secret internals'), new TypeError('secret internals'), 'secret internals', { message: 'secret internals' }, undefined]) {
      const wire = serializeError(chime, thrown);
      assert.equal(wire.status, 500);
      assert.equal(wire.headers['x-amzn-errortype'], 'ServiceFailureException');
      assert.ok(wire.body !== undefined && !wire.body.includes('secret internals'), wire.body);
      assert.equal((JSON.parse(wire.body) as { Code: string }).Code, 'ServiceFailure');
    }
  });

  test('Message is JSON-escaped, not interpolated', () => {
    const tricky = 'quote " backslash \\ newline \n end';
    assert.equal(envelope(badRequest(tricky)).body.Message, tricky);
  });
});

/**
 * Wire facts come from the model of the request: the bounds of MaxResults per operation and per model, the default
 * page sizes chosen within them, and the member names that domain refusals are rendered with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DomainError, field, fieldText, type FieldKey } from '../../../src/domain/shared/domain-error.ts';
import { toServiceError } from '../../../src/operations/errors.ts';
import { MEMBER_NAMES, fieldNames } from '../../../src/operations/field-names.ts';
import { chimeHandlers } from '../../../src/operations/index.ts';
import { toPhoneNumberError } from '../../../src/operations/mappers/phone-number.ts';
import { listPhoneNumberOrders } from '../../../src/operations/list-phone-number-orders.ts';
import { pageSize } from '../../../src/operations/page-size.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { boundsOf, compileService, type CompiledOperation, type CompiledService } from '../../../src/protocol/service.ts';

const load = (file: string): CompiledService =>
  compileService(JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel);
const legacy = load('chime-2018-05-01.json');
const voice = load('chime-sdk-voice-2022-08-03.json');

function op(service: CompiledService, name: string): CompiledOperation {
  const found = service.operations.get(name);
  assert.ok(found, `${service.id} ${name}`);
  return found;
}

/** The MaxResults range as the raw model states it, read without the compiled service. */
function rawMaxResults(service: CompiledService, operation: string): { min?: number; max?: number } {
  const input = service.model.shapes[service.model.operations[operation]!.input!.shape]!;
  assert.equal(input.type, 'structure');
  const shape = service.model.shapes[input.members.MaxResults!.shape]!;
  assert.equal(shape.type, 'integer');
  return { min: shape.min, max: shape.max };
}

describe('bounds of input members, per operation and per model', () => {
  test('MaxResults of the listings differs between the models; the search has the same range in both', () => {
    for (const service of [legacy, voice]) {
      for (const name of ['ListPhoneNumberOrders', 'ListPhoneNumbers', 'SearchAvailablePhoneNumbers']) {
        assert.deepEqual(boundsOf(op(service, name), 'MaxResults'), rawMaxResults(service, name), `${service.id} ${name}`);
      }
    }
    assert.equal(boundsOf(op(legacy, 'ListPhoneNumberOrders'), 'MaxResults').max, 99);
    assert.equal(boundsOf(op(voice, 'ListPhoneNumberOrders'), 'MaxResults').max, 100);
  });

  test('lengths of strings and lists are bounds too; members without any have none', () => {
    assert.deepEqual(boundsOf(op(legacy, 'SearchAvailablePhoneNumbers'), 'TollFreePrefix'), { min: 3, max: 3 });
    assert.deepEqual(boundsOf(op(legacy, 'BatchDeletePhoneNumber'), 'PhoneNumberIds'), { min: 1 });
    assert.deepEqual(boundsOf(op(legacy, 'CreatePhoneNumberOrder'), 'E164PhoneNumbers'), {});
  });

  test('a member the operation does not have is a mistake of the caller', () => {
    assert.throws(() => boundsOf(op(legacy, 'GetPhoneNumberOrder'), 'MaxResults'), /GetPhoneNumberOrder has no input member MaxResults/);
  });
});

describe('default page sizes', () => {
  const context = (service: CompiledService, name: string) => ({ operation: op(service, name) });

  test('the listings answer the largest page of the request model', () => {
    for (const service of [legacy, voice]) {
      for (const name of ['ListPhoneNumberOrders', 'ListPhoneNumbers']) {
        assert.equal(pageSize(undefined, context(service, name)), rawMaxResults(service, name).max, `${service.id} ${name}`);
      }
    }
    assert.notEqual(pageSize(undefined, context(legacy, 'ListPhoneNumbers')), pageSize(undefined, context(voice, 'ListPhoneNumbers')));
  });

  test('the search answers 100 numbers, within its model range', () => {
    for (const service of [legacy, voice]) {
      const size = pageSize(undefined, context(service, 'SearchAvailablePhoneNumbers'));
      const { min, max } = rawMaxResults(service, 'SearchAvailablePhoneNumbers');
      assert.equal(size, 100);
      assert.ok(size >= (min ?? 1) && size <= max!);
    }
  });

  test('a requested size is kept as it is (the model validated it)', () => {
    assert.equal(pageSize(7, context(legacy, 'ListPhoneNumberOrders')), 7);
    assert.equal(pageSize(100, context(voice, 'ListPhoneNumberOrders')), 100);
  });

  test('an operation without a chosen default is refused rather than guessed', () => {
    assert.throws(() => pageSize(undefined, context(legacy, 'ListAccounts')), /no default page size/);
  });
});

describe('one handler, either model', () => {
  test('ListPhoneNumberOrders without MaxResults asks the domain for the largest page of the request model', async () => {
    const asked: number[] = [];
    const orders = { list: async (_account: string, page: { maxResults: number }) => (asked.push(page.maxResults), { orders: [] }) };
    const handler = listPhoneNumberOrders(orders as never);
    for (const service of [legacy, voice]) {
      const context = { accountId: '111111111111', requestId: 'r', region: 'us-east-1', service, operation: op(service, 'ListPhoneNumberOrders') };
      assert.deepEqual(await handler({}, context), { PhoneNumberOrders: [], NextToken: undefined });
      await handler({ MaxResults: 3 }, context);
    }
    assert.deepEqual(asked, [99, 3, 100, 3]);
  });
});

/** Every member name of the structures reachable from the inputs of `operations`. */
function inputMemberNames(service: CompiledService, operations: string[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (shapeName: string): void => {
    if (seen.has(shapeName)) return;
    seen.add(shapeName);
    const shape = service.shape(shapeName);
    if (shape.type === 'structure') {
      for (const [name, member] of Object.entries(shape.members)) {
        names.add(name);
        visit(member.shape);
      }
    } else if (shape.type === 'list') visit(shape.member.shape);
  };
  for (const name of operations) {
    const input = service.model.operations[name]?.input;
    if (input) visit(input.shape);
  }
  return names;
}

describe('field keys of domain refusals', () => {
  const implemented = Object.keys(
    chimeHandlers({
      orders: {} as never,
      inventory: {} as never,
      phoneNumbers: {} as never,
      phoneNumberSettings: {} as never,
      voiceConnectors: {} as never,
      voiceConnectorGroups: {} as never,
      sipMediaApplications: {} as never,
      sipRules: {} as never,
      numberAssociations: {} as never,
      voiceConnectorSettings: {} as never,
      globalSettings: {} as never,
      voiceProfileDomains: {} as never,
      tags: {} as never,
    }),
  );

  test('every field key names a member of an implemented operation in both models; legacy has Name only on voice connectors and SIP resources', () => {
    const missing = (service: CompiledService): FieldKey[] => {
      const members = inputMemberNames(service, implemented);
      const names = fieldNames(service);
      return (Object.keys(MEMBER_NAMES) as FieldKey[]).filter((key) => !members.has(names(key)));
    };
    assert.deepEqual(missing(voice), []);
    assert.deepEqual(missing(legacy), []);
    const numberOperations = implemented.filter((name) => !name.includes('VoiceConnector') && !name.includes('Sip'));
    assert.equal(inputMemberNames(legacy, numberOperations).has('Name'), false, 'a number or order has a Name only in chime-sdk-voice');
    assert.equal(inputMemberNames(voice, numberOperations).has('Name'), true);
  });

  test('a refusal is rendered with the member names of the request model, its kind mapped to the modelled error', () => {
    const refusal = new DomainError('invalid', fieldText`${field('city')} requires ${field('state')} (got ${3} values)`);
    assert.equal(refusal.message, 'city requires state (got 3 values)', 'the domain names fields by key');
    assert.deepEqual(refusal.fields, ['city', 'state']);
    for (const service of [legacy, voice]) {
      const wire = toServiceError(refusal, service);
      assert.ok(wire instanceof ServiceError);
      assert.equal(wire.type, 'BadRequestException');
      assert.equal(wire.message, 'City requires State (got 3 values)');
    }
    const missing = toServiceError(new DomainError('not-found', 'No such order'), legacy) as ServiceError;
    assert.equal(missing.type, 'NotFoundException');
    assert.equal(missing.message, 'No such order');
  });

  test('batch item refusals are rendered the same way', () => {
    const error = new DomainError('invalid', fieldText`Update either ${field('productType')} or ${field('callingName')}, not both in one request`);
    assert.deepEqual(toPhoneNumberError({ id: '%2B12065550100', reason: 'invalid', error }, fieldNames(legacy)), {
      PhoneNumberId: '%2B12065550100',
      ErrorCode: 'BadRequest',
      ErrorMessage: 'Update either ProductType or CallingName, not both in one request',
    });
  });

  test('other errors pass through untouched', () => {
    const error = new Error('boom');
    assert.equal(toServiceError(error, legacy), error);
  });
});

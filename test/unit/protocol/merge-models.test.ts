/**
 * mergeModels: the union of two rest-json models is the looser of every constraint (enums joined, bounds widened,
 * required only where both require, a pattern only where both have one), every member and operation of either, the
 * errors of both, and a shape `A|B` where the two models give a member different shapes. Checked on two small models
 * written here, then on the committed models (spec/) with every expectation derived from the two models themselves,
 * and by reading requests: what either model accepts, the union accepts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ServiceError } from '../../../src/protocol/errors.ts';
import { mergeModels } from '../../../src/protocol/merge-models.ts';
import type { MemberModel, ServiceModel, ShapeModel, StructureShape } from '../../../src/protocol/model-types.ts';
import { splitTarget } from '../../../src/protocol/query.ts';
import { readInput } from '../../../src/protocol/read-input.ts';
import { createRouter } from '../../../src/protocol/router.ts';
import { compileService, type CompiledService } from '../../../src/protocol/service.ts';

function metadata(name: string): ServiceModel['metadata'] {
  return { apiVersion: '2000-01-01', endpointPrefix: name, protocol: 'rest-json', serviceFullName: name.toUpperCase(), serviceId: name, signatureVersion: 'v4', uid: `${name}-2000-01-01` };
}

const exception = (status: number, members: StructureShape['members'] = {}): StructureShape => ({ type: 'structure', members, exception: true, error: { httpStatusCode: status } });

const FIRST: ServiceModel = {
  version: '2.0',
  metadata: metadata('first'),
  operations: {
    PutThing: {
      name: 'PutThing',
      http: { method: 'POST', requestUri: '/things/{thingId}', responseCode: 201 },
      input: { shape: 'PutThingRequest' },
      output: { shape: 'PutThingResponse' },
      errors: [{ shape: 'BadRequestException' }, { shape: 'OnlyFirstException' }],
    },
    ListFirst: { name: 'ListFirst', http: { method: 'GET', requestUri: '/first' }, output: { shape: 'PutThingResponse' }, errors: [{ shape: 'OnlyFirstException' }] },
  },
  shapes: {
    PutThingRequest: {
      type: 'structure',
      required: ['ThingId', 'Kind', 'Count', 'OnlyFirst'],
      members: {
        ThingId: { shape: 'String', location: 'uri', locationName: 'thingId' },
        Kind: { shape: 'Kind' },
        Count: { shape: 'Count', location: 'querystring', locationName: 'count' },
        Limit: { shape: 'Limit' },
        Status: { shape: 'Status' },
        Label: { shape: 'Label' },
        Name: { shape: 'Name' },
        Items: { shape: 'ItemList' },
        Tags: { shape: 'TagMap' },
        Ratio: { shape: 'Ratio' },
        OnlyFirst: { shape: 'String' },
      },
    },
    PutThingResponse: { type: 'structure', members: { Thing: { shape: 'Thing' } } },
    Thing: { type: 'structure', members: { Kind: { shape: 'Kind' }, Id: { shape: 'String' }, Created: { shape: 'Timestamp' } } },
    String: { type: 'string' },
    Kind: { type: 'string', enum: ['Alpha', 'Beta'] },
    Status: { type: 'string', enum: ['On', 'Off'] },
    Label: { type: 'string', pattern: '^[a-z]+$', min: 2, max: 10 },
    Name: { type: 'string', pattern: '^a+$', min: 1, max: 10, sensitive: true },
    Count: { type: 'integer', min: 1, max: 99 },
    Limit: { type: 'integer', max: 10 },
    Ratio: { type: 'double', min: 0.5, max: 1.5 },
    ItemList: { type: 'list', member: { shape: 'String' }, min: 1, max: 10 },
    TagMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' }, max: 5 },
    Timestamp: { type: 'timestamp', timestampFormat: 'iso8601' },
    BadRequestException: exception(400, { Code: { shape: 'String' }, Message: { shape: 'String' } }),
    OnlyFirstException: exception(404),
  },
};

const SECOND: ServiceModel = {
  metadata: metadata('second'),
  operations: {
    PutThing: {
      name: 'PutThing',
      http: { method: 'POST', requestUri: '/things/{thingId}', responseCode: 200 },
      input: { shape: 'PutThingRequest' },
      output: { shape: 'PutThingResponse' },
      errors: [{ shape: 'BadRequestException' }, { shape: 'GoneException' }],
    },
    ListSecond: { name: 'ListSecond', http: { method: 'GET', requestUri: '/second' }, output: { shape: 'SecondList' } },
  },
  shapes: {
    PutThingRequest: {
      type: 'structure',
      required: ['ThingId', 'Kind', 'Count', 'OnlySecond'],
      members: {
        ThingId: { shape: 'NonEmptyString', location: 'uri', locationName: 'thingId' },
        Kind: { shape: 'Kind' },
        Count: { shape: 'Count', location: 'querystring', locationName: 'count' },
        Limit: { shape: 'Limit' },
        Status: { shape: 'String' },
        Label: { shape: 'Label' },
        Name: { shape: 'Name' },
        Items: { shape: 'ItemList' },
        Tags: { shape: 'TagMap' },
        Ratio: { shape: 'Ratio' },
        OnlySecond: { shape: 'Item' },
      },
    },
    PutThingResponse: { type: 'structure', members: { Thing: { shape: 'Thing' } } },
    Thing: { type: 'structure', members: { Kind: { shape: 'Kind' }, Id: { shape: 'NonEmptyString' }, OrderType: { shape: 'String' } } },
    SecondList: { type: 'structure', members: { Items: { shape: 'ItemList' } } },
    String: { type: 'string' },
    NonEmptyString: { type: 'string', pattern: '.*\\S.*', sensitive: true },
    Item: { type: 'structure', required: ['Value'], members: { Value: { shape: 'NonEmptyString' } } },
    Kind: { type: 'string', enum: ['Beta', 'Gamma'] },
    Label: { type: 'string', min: 0, max: 256 },
    Name: { type: 'string', pattern: '^b+$', min: 0, max: 256 },
    Count: { type: 'integer', min: 0, max: 100 },
    Limit: { type: 'integer' },
    Ratio: { type: 'double', min: 0, max: 1 },
    ItemList: { type: 'list', member: { shape: 'ItemName' }, min: 0, max: 20 },
    ItemName: { type: 'string', min: 1, max: 5 },
    TagMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' }, min: 1, max: 50 },
    BadRequestException: exception(400),
    GoneException: exception(410),
  },
};

const OVERRIDES = { endpointPrefix: 'first+second', serviceFullName: 'First and Second', uid: 'first+second' };

const structure = (model: ServiceModel, name: string): StructureShape => {
  const shape = model.shapes[name];
  assert.equal(shape?.type, 'structure', name);
  return shape as StructureShape;
};

describe('mergeModels on two small models', () => {
  const union = mergeModels(FIRST, SECOND, OVERRIDES);
  const shape = (name: string): ShapeModel => {
    const found = union.shapes[name];
    assert.ok(found, `${name} is in the union`);
    return found;
  };

  test('enums join: the first model’s values, then the second’s new ones; no enum where either has none', () => {
    assert.deepEqual(shape('Kind'), { type: 'string', enum: ['Alpha', 'Beta', 'Gamma'] });
    // Status is an enum in the first model and a plain String in the second.
    assert.equal(structure(union, 'PutThingRequest').members.Status?.shape, 'Status|String');
    assert.deepEqual(shape('Status|String'), { type: 'string' });
  });

  test('bounds widen; a bound stays only where both models state one', () => {
    assert.deepEqual(shape('Count'), { type: 'integer', min: 0, max: 100 });
    assert.deepEqual(shape('Limit'), { type: 'integer' });
    assert.deepEqual(shape('Ratio'), { type: 'double', min: 0, max: 1.5 });
    assert.deepEqual(shape('Label'), { type: 'string', min: 0, max: 256 });
    assert.deepEqual(shape('TagMap'), { type: 'map', key: { shape: 'String' }, value: { shape: 'String' }, max: 50 });
  });

  test('patterns: either pattern where both have one, none where one has none; sensitive if either is', () => {
    assert.deepEqual(shape('Name'), { type: 'string', pattern: '(?:^a+$)|(?:^b+$)', min: 0, max: 256, sensitive: true });
    assert.deepEqual(shape('String|NonEmptyString'), { type: 'string', sensitive: true });
  });

  test('structures: every member of either; required only where both require', () => {
    const request = structure(union, 'PutThingRequest');
    assert.deepEqual(Object.keys(request.members).sort(), ['Count', 'Items', 'Kind', 'Label', 'Limit', 'Name', 'OnlyFirst', 'OnlySecond', 'Ratio', 'Status', 'Tags', 'ThingId']);
    assert.deepEqual(request.required, ['ThingId', 'Kind', 'Count']);
    // Bindings stay with their members.
    assert.deepEqual(request.members.Count, { shape: 'Count', location: 'querystring', locationName: 'count' });
    assert.deepEqual(request.members.ThingId, { shape: 'String|NonEmptyString', location: 'uri', locationName: 'thingId' });
    assert.deepEqual(Object.keys(structure(union, 'Thing').members).sort(), ['Created', 'Id', 'Kind', 'OrderType']);
    // Exception shapes too: the first model's Code and Message stay.
    assert.deepEqual(Object.keys(structure(union, 'BadRequestException').members).sort(), ['Code', 'Message']);
  });

  test('a member with different shapes in the two models gets one shape A|B, shared by every such member', () => {
    assert.equal(structure(union, 'Thing').members.Id?.shape, 'String|NonEmptyString');
    assert.equal(structure(union, 'PutThingRequest').members.ThingId?.shape, 'String|NonEmptyString');
    assert.deepEqual(shape('ItemList'), { type: 'list', member: { shape: 'String|ItemName' }, min: 0, max: 20 });
    assert.deepEqual(shape('String|ItemName'), { type: 'string' });
    assert.equal(Object.keys(union.shapes).filter((name) => name.includes('|')).sort().join(' '), 'Status|String String|ItemName String|NonEmptyString');
  });

  test('shapes of one model only are kept as they are', () => {
    assert.deepEqual(shape('Item'), SECOND.shapes.Item);
    assert.deepEqual(shape('ItemName'), SECOND.shapes.ItemName);
    assert.deepEqual(shape('NonEmptyString'), SECOND.shapes.NonEmptyString);
    assert.deepEqual(shape('Timestamp'), FIRST.shapes.Timestamp);
    assert.deepEqual(shape('GoneException'), SECOND.shapes.GoneException);
    assert.deepEqual(shape('SecondList'), SECOND.shapes.SecondList);
  });

  test('operations: every one of either; the errors of both; the first model’s HTTP binding', () => {
    assert.deepEqual(Object.keys(union.operations).sort(), ['ListFirst', 'ListSecond', 'PutThing']);
    const put = union.operations.PutThing!;
    assert.deepEqual(put.errors?.map((e) => e.shape), ['BadRequestException', 'OnlyFirstException', 'GoneException']);
    assert.deepEqual(put.http, FIRST.operations.PutThing!.http);
    assert.deepEqual(put.input, { shape: 'PutThingRequest' });
    assert.deepEqual(union.operations.ListFirst, FIRST.operations.ListFirst);
    assert.deepEqual(union.operations.ListSecond, SECOND.operations.ListSecond);
  });

  test('metadata: the first model’s, with the overrides; the first model’s version', () => {
    assert.deepEqual(union.metadata, { ...FIRST.metadata, ...OVERRIDES });
    assert.equal(union.version, '2.0');
    assert.equal(mergeModels(SECOND, FIRST, {}).version, undefined);
  });

  test('the inputs are left unchanged, and merging in the other order gives the same constraints', () => {
    const before = JSON.stringify([FIRST, SECOND]);
    const reversed = mergeModels(SECOND, FIRST, OVERRIDES);
    mergeModels(FIRST, SECOND, OVERRIDES);
    assert.equal(JSON.stringify([FIRST, SECOND]), before);
    for (const name of ['Kind', 'Count', 'Limit', 'Ratio', 'Label', 'TagMap']) {
      const { enum: a, ...restA } = union.shapes[name] as { enum?: string[] };
      const { enum: b, ...restB } = reversed.shapes[name] as { enum?: string[] };
      assert.deepEqual(restA, restB, name);
      assert.deepEqual(new Set(a), new Set(b), name);
    }
    assert.deepEqual(new Set(structure(reversed, 'PutThingRequest').required), new Set(structure(union, 'PutThingRequest').required));
  });

  test('compileService accepts the union', () => {
    const compiled = compileService(union);
    assert.equal(compiled.id, 'first+second');
    assert.deepEqual([...compiled.operations.keys()].sort(), ['ListFirst', 'ListSecond', 'PutThing']);
  });
});

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
}

describe('mergeModels on the committed models (chime 2018-05-01 and chime-sdk-voice 2022-08-03)', () => {
  const chime = loadModel('chime-2018-05-01.json');
  const voice = loadModel('chime-sdk-voice-2022-08-03.json');
  const union = mergeModels(chime, voice, OVERRIDES);
  const inBoth = Object.keys(chime.shapes).filter((name) => voice.shapes[name] !== undefined);

  test('every operation of either model, each operation of one model exactly as it is', () => {
    const names = new Set([...Object.keys(chime.operations), ...Object.keys(voice.operations)]);
    assert.deepEqual(new Set(Object.keys(union.operations)), names);
    for (const name of names) {
      const only = chime.operations[name] && voice.operations[name] ? undefined : (chime.operations[name] ?? voice.operations[name]);
      if (only) assert.deepEqual(union.operations[name], only, name);
    }
    assert.ok(union.operations.AssociatePhoneNumberWithUser, 'a legacy-only operation');
    assert.ok(union.operations.ListAvailableVoiceConnectorRegions, 'a voice-only operation');
  });

  test('every operation in both has the errors of both', () => {
    for (const [name, a] of Object.entries(chime.operations)) {
      const b = voice.operations[name];
      if (!b) continue;
      const expected = new Set([...(a.errors ?? []), ...(b.errors ?? [])].map((e) => e.shape));
      assert.deepEqual(new Set(union.operations[name]!.errors?.map((e) => e.shape)), expected, name);
    }
    assert.ok(union.operations.TagResource!.errors!.some((e) => e.shape === 'ResourceLimitExceededException'), 'a voice-only error of a shared operation');
  });

  test('enums of shapes in both are joined; numeric and length bounds widened', () => {
    let enums = 0;
    let bounds = 0;
    for (const name of inBoth) {
      const a = chime.shapes[name] as { type: string; enum?: string[]; min?: number; max?: number };
      const b = voice.shapes[name] as typeof a;
      const u = union.shapes[name] as typeof a;
      if (a.type !== b.type || a.type === 'structure') continue;
      if (a.enum && b.enum) {
        enums++;
        assert.deepEqual(new Set(u.enum), new Set([...a.enum, ...b.enum]), name);
      }
      if (a.min !== undefined && b.min !== undefined) {
        bounds++;
        assert.equal(u.min, Math.min(a.min, b.min), name);
      } else assert.equal(u.min, undefined, name);
      if (a.max !== undefined && b.max !== undefined) assert.equal(u.max, Math.max(a.max, b.max), name);
      else assert.equal(u.max, undefined, name);
    }
    assert.ok(enums > 5 && bounds > 5, `${enums} enums and ${bounds} bounded shapes compared`);
    assert.deepEqual(union.shapes.ResultMax, { type: 'integer', min: 1, max: 100 });
    assert.deepEqual(new Set((union.shapes.PhoneNumberProductType as { enum: string[] }).enum), new Set(['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn']));
  });

  test('structures in both: every member of either, required only where both require, A|B where the shapes differ', () => {
    let differing = 0;
    for (const name of inBoth) {
      const a = chime.shapes[name]!;
      const b = voice.shapes[name]!;
      if (a.type !== 'structure' || b.type !== 'structure') continue;
      const u = structure(union, name);
      assert.deepEqual(new Set(Object.keys(u.members)), new Set([...Object.keys(a.members), ...Object.keys(b.members)]), name);
      const required = (a.required ?? []).filter((m) => (b.required ?? []).includes(m));
      assert.deepEqual(u.required ?? [], required, name);
      for (const [member, ma] of Object.entries(a.members)) {
        const mb: MemberModel | undefined = b.members[member];
        if (!mb || ma.shape === mb.shape) continue;
        differing++;
        assert.equal(u.members[member]!.shape, `${ma.shape}|${mb.shape}`, `${name}.${member}`);
        assert.ok(union.shapes[`${ma.shape}|${mb.shape}`], `${ma.shape}|${mb.shape} exists`);
      }
    }
    assert.ok(differing > 0);
    assert.equal(structure(union, 'ListPhoneNumbersRequest').members.Status!.shape, 'PhoneNumberStatus|String');
    assert.equal((union.shapes['PhoneNumberStatus|String'] as { enum?: string[] }).enum, undefined, 'voice takes any status string');
    assert.ok(structure(union, 'PhoneNumber').members.Name && structure(union, 'PhoneNumber').members.OrderId);
    assert.ok(structure(union, 'PhoneNumberOrder').members.OrderType);
    assert.deepEqual(structure(union, 'CreatePhoneNumberOrderRequest').required, ['ProductType', 'E164PhoneNumbers']);
  });

  test('shapes of one model only are kept as they are', () => {
    for (const [model, other] of [[chime, voice], [voice, chime]] as const) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        if (other.shapes[name] === undefined) assert.deepEqual(union.shapes[name], shape, name);
      }
    }
  });

  test('compileService accepts the union, and the union (chime first) keeps the legacy HTTP bindings', () => {
    const compiled = compileService(union);
    assert.equal(compiled.operations.size, Object.keys(union.operations).length);
    for (const [name, op] of Object.entries(chime.operations)) assert.deepEqual(union.operations[name]!.http, op.http, name);
  });
});

describe('the union reads every request that either model reads', () => {
  const services = {
    chime: compileService(loadModel('chime-2018-05-01.json')),
    voice: compileService(loadModel('chime-sdk-voice-2022-08-03.json')),
    union: compileService(mergeModels(loadModel('chime-2018-05-01.json'), loadModel('chime-sdk-voice-2022-08-03.json'), OVERRIDES)),
  };

  /** Whether `service` reads the request without a validation error. */
  function accepts(service: CompiledService, method: string, target: string, body?: unknown): boolean {
    const { rawSegments, query } = splitTarget(target);
    const routed = createRouter([service]).route(method, rawSegments, query);
    assert.equal(routed.kind, 'match', `${method} ${target}`);
    if (routed.kind !== 'match') return false;
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    try {
      readInput(service, routed.operation, { labels: routed.labels, query, headers: { 'content-type': 'application/json' }, body: payload });
      return true;
    } catch (error) {
      if (error instanceof ServiceError && error.type === 'BadRequestException') return false;
      throw error;
    }
  }

  const order = (fields: Record<string, unknown>) => ['POST', '/phone-number-orders', { E164PhoneNumbers: ['+12065550100'], ...fields }] as const;
  /** [request, chime reads it, voice reads it]; the union must read it exactly when either does. */
  const REQUESTS: [readonly [string, string, unknown?], boolean, boolean][] = [
    [['GET', '/phone-number-orders?max-results=99'], true, true],
    [['GET', '/phone-number-orders?max-results=100'], false, true],
    [['GET', '/phone-number-orders?max-results=101'], false, false],
    [['GET', '/phone-numbers?max-results=100&status=Unassigned'], false, true],
    [['GET', '/phone-numbers?status=PortinInProgress'], false, true],
    [['GET', '/phone-numbers?status=SomethingElse'], false, true],
    [['GET', '/phone-numbers?filter-name=AccountId&filter-value=1'], true, false],
    [['GET', '/phone-numbers?filter-name=SipRuleId&filter-value=1'], true, true],
    [['GET', '/phone-numbers?filter-name=Nothing&filter-value=1'], false, false],
    [['GET', '/phone-numbers?product-type=BusinessCalling'], true, false],
    [['GET', '/phone-number-countries?product-type=BusinessCalling'], true, false],
    [['GET', '/search?type=phone-numbers&area-code=206&max-results=500'], true, true],
    [['GET', '/search?type=phone-numbers&area-code=206&max-results=501'], false, false],
    [order({ ProductType: 'BusinessCalling' }), true, false],
    [order({ ProductType: 'VoiceConnector', Name: 'Front desk' }), true, true],
    [order({ ProductType: 'Fax' }), false, false],
    [['POST', '/phone-numbers/%2B12065550100', { Name: 'Sales team' }], true, true],
    [['POST', '/phone-numbers?operation=batch-update', { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: '+12065550100', ProductType: 'BusinessCalling' }] }], true, false],
    [['GET', '/phone-numbers/%20'], true, false],
    [['POST', '/phone-numbers/%20?operation=restore'], false, false],
  ];

  test('each request: read by the union exactly when read by chime or by voice', () => {
    for (const [[method, target, body], byChime, byVoice] of REQUESTS) {
      const label = `${method} ${target} ${body === undefined ? '' : JSON.stringify(body)}`;
      assert.equal(accepts(services.chime, method, target, body), byChime, `chime: ${label}`);
      assert.equal(accepts(services.voice, method, target, body), byVoice, `voice: ${label}`);
      assert.equal(accepts(services.union, method, target, body), byChime || byVoice, `union: ${label}`);
    }
  });

  test('a member that only one model defines is checked as that model defines it (the other ignores unknown members)', () => {
    const [method, target, body] = order({ ProductType: 'VoiceConnector', Name: ' bad' });
    assert.equal(accepts(services.chime, method, target, body), true, 'legacy has no Name: ignored');
    assert.equal(accepts(services.voice, method, target, body), false);
    assert.equal(accepts(services.union, method, target, body), false);
  });
});

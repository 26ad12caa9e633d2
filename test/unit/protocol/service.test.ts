import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ServiceModel, ShapeModel } from '../../../src/protocol/model-types.ts';
import { compilePattern, compileService } from '../../../src/protocol/service.ts';

const MODELS = [
  { file: 'chime-2018-05-01.json', id: 'chime', operations: 191 },
  { file: 'chime-sdk-voice-2022-08-03.json', id: 'voice-chime', operations: 96 },
];

function loadModel(file: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
}

/** A small valid rest-json model; each failure test breaks one thing of it. */
function miniModel(): ServiceModel {
  return {
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
      GetThing: {
        name: 'GetThing',
        http: { method: 'GET', requestUri: '/things/{thingId}?view=full' },
        input: { shape: 'GetThingRequest' },
        output: { shape: 'GetThingResponse' },
      },
    },
    shapes: {
      GetThingRequest: {
        type: 'structure',
        required: ['ThingId'],
        members: {
          ThingId: { shape: 'String', location: 'uri', locationName: 'thingId' },
          Limit: { shape: 'Integer', location: 'querystring', locationName: 'limit' },
          Token: { shape: 'String', location: 'header', locationName: 'X-Token' },
          Note: { shape: 'String' },
        },
      },
      GetThingResponse: { type: 'structure', members: { Name: { shape: 'String' } } },
      String: { type: 'string' },
      Integer: { type: 'integer' },
    },
  };
}

/** The one pattern of chime-sdk-voice 2022-08-03 that is not a valid regular expression. */
const QUANTIFIED_ANCHOR_PATTERN = '^[-_a-zA-Z0-9]*${2,64}$';

describe('compileService: the committed models', () => {
  for (const { file, id, operations } of MODELS) {
    test(`${file} compiles`, () => {
      const service = compileService(loadModel(file));
      assert.equal(service.id, id);
      assert.equal(service.operations.size, operations);
      for (const [name, op] of service.operations) {
        assert.equal(op.name, name);
        assert.match(op.method, /^(GET|POST|PUT|DELETE|PATCH|HEAD)$/);
        // Every input member is bound to exactly one location.
        const bound = op.uriMembers.length + op.queryMembers.length + op.headerMembers.length + op.bodyMembers.length;
        assert.equal(bound, Object.keys(op.input?.members ?? {}).length, name);
        for (const uri of op.uriMembers) {
          assert.ok(op.path.some((s) => s.kind === 'label' && s.name === uri.wireName), `${name}.${uri.name}`);
        }
      }
    });

    test(`${file}: every pattern compiles and is anchored to the whole value`, () => {
      const model = loadModel(file);
      const patterns = Object.values(model.shapes)
        .filter((s): s is Extract<ShapeModel, { type: 'string' }> => s.type === 'string')
        .flatMap((s) => (s.pattern === undefined ? [] : [s.pattern]));
      assert.ok(patterns.length > 5, file);
      for (const pattern of patterns) {
        const re = compilePattern(pattern);
        assert.ok(re instanceof RegExp, pattern);
        if (pattern !== QUANTIFIED_ANCHOR_PATTERN) assert.equal(re.source, `^(?:${pattern})$`);
        assert.equal(compilePattern(pattern), re, 'compiled once per distinct pattern');
      }
    });
  }

  test('a quantified anchor (voice ClientRequestId) reads as the anchor; other invalid patterns still fail', () => {
    const re = compilePattern(QUANTIFIED_ANCHOR_PATTERN);
    assert.ok(re.test('ab-_9'));
    assert.ok(!re.test('a b'));
    assert.ok(!re.test('a/b'));
    assert.throws(() => compilePattern('[a-'), SyntaxError);
    assert.throws(() => compilePattern('*a'), SyntaxError, 'nothing to repeat, and no anchor');
  });

  test('compiled operations split the requestUri, literal query and member locations', () => {
    const chime = compileService(loadModel('chime-2018-05-01.json'));
    const restore = chime.operations.get('RestorePhoneNumber')!;
    assert.deepEqual(restore.path, [
      { kind: 'static', value: 'phone-numbers' },
      { kind: 'label', name: 'phoneNumberId' },
    ]);
    assert.deepEqual(restore.literalQuery, [['operation', 'restore']]);
    assert.equal(restore.method, 'POST');
    assert.equal(restore.responseCode, 200);
    assert.deepEqual(restore.uriMembers.map((m) => [m.name, m.wireName]), [['PhoneNumberId', 'phoneNumberId']]);
    assert.deepEqual(restore.bodyMembers, []);

    const search = chime.operations.get('SearchAvailablePhoneNumbers')!;
    assert.deepEqual(search.literalQuery, [['type', 'phone-numbers']]);
    assert.equal(search.responseCode, 200);
    assert.ok(search.queryMembers.some((m) => m.name === 'MaxResults' && m.wireName === 'max-results'));

    const create = chime.operations.get('CreatePhoneNumberOrder')!;
    assert.equal(create.responseCode, 201);
    assert.deepEqual(create.bodyMembers.map((m) => m.name), ['ProductType', 'E164PhoneNumbers']);
    assert.equal(chime.operations.get('DeletePhoneNumber')!.output, undefined);
  });

  test('the mini model compiles, with each member in its place', () => {
    const mini = compileService(miniModel());
    const op = mini.operations.get('GetThing')!;
    assert.deepEqual(op.literalQuery, [['view', 'full']]);
    assert.deepEqual(op.uriMembers.map((m) => m.wireName), ['thingId']);
    assert.deepEqual(op.queryMembers.map((m) => m.wireName), ['limit']);
    assert.deepEqual(op.headerMembers.map((m) => m.wireName), ['X-Token']);
    assert.deepEqual(op.bodyMembers.map((m) => m.wireName), ['Note']);
    assert.throws(() => mini.shape('Nope'), { message: 'shape Nope is not in mini-2000-01-01' });
  });
});

describe('compileService: fails fast on what the protocol layer does not handle', () => {
  test('an unsupported protocol', () => {
    for (const protocol of ['json', 'rest-xml', 'query', 'ec2']) {
      const model = miniModel();
      model.metadata.protocol = protocol;
      assert.throws(() => compileService(model), { message: `unsupported protocol ${protocol} in mini-2000-01-01` });
    }
  });

  test('an unsupported shape type', () => {
    for (const type of ['union', 'document']) {
      const model = miniModel();
      (model.shapes as Record<string, unknown>).Weird = { type };
      assert.throws(() => compileService(model), { message: `shape Weird: unsupported type ${type}` });
    }
  });

  test('a greedy label', () => {
    const model = miniModel();
    model.operations.GetThing!.http.requestUri = '/things/{thingId+}';
    assert.throws(() => compileService(model), { message: 'operation GetThing: unsupported model feature greedy label {thingId+}' });
  });

  test('a uri member without a {label} in the requestUri', () => {
    const model = miniModel();
    model.operations.GetThing!.http.requestUri = '/things/{otherId}';
    assert.throws(() => compileService(model), { message: 'GetThing: uri member ThingId has no {thingId} in /things/{otherId}' });
    // A label inside a segment is not a label: the member still has none.
    model.operations.GetThing!.http.requestUri = '/things/id-{thingId}';
    assert.throws(() => compileService(model), /uri member ThingId has no \{thingId\}/);
  });

  test('an unsupported member location', () => {
    const model = miniModel();
    (model.shapes.GetThingRequest as { members: Record<string, unknown> }).members.Meta = { shape: 'String', location: 'headers', locationName: 'x-meta-' };
    assert.throws(() => compileService(model), { message: "operation GetThing input member Meta: unsupported model feature 'location: headers' of type string" });
    (model.shapes.GetThingRequest as { members: Record<string, unknown> }).members.Meta = { shape: 'String', location: 'body' };
    assert.throws(() => compileService(model), { message: "operation GetThing input member Meta: unsupported model feature 'location: body'" });
  });

  test('an invalid pattern, a missing shape and a non-structure input', () => {
    const badPattern = miniModel();
    badPattern.shapes.String = { type: 'string', pattern: '[a-z' };
    assert.throws(() => compileService(badPattern), SyntaxError);

    const missing = miniModel();
    missing.operations.GetThing!.output = { shape: 'Missing' };
    assert.throws(() => compileService(missing), { message: 'shape Missing is not in mini-2000-01-01' });

    const notStructure = miniModel();
    notStructure.operations.GetThing!.input = { shape: 'String' };
    assert.throws(() => compileService(notStructure), { message: 'String is not a structure' });
  });
});

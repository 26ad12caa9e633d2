/**
 * The allowlist (src/protocol/model-check.ts): a tiny model per model feature the protocol layer does not handle is
 * refused at start-up, with the feature's name; a model using every feature it handles compiles.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ServiceModel } from '../../../src/protocol/model-types.ts';
import { compileService } from '../../../src/protocol/service.ts';

type Shapes = Record<string, unknown>;
type Operation = Record<string, unknown>;

/** One operation `Op` (POST /op) with input `In` and output `Out`, plus `extra` shapes and operation keys. */
function tiny(shapes: Shapes, operation: Operation = {}): ServiceModel {
  return {
    metadata: { apiVersion: '2000-01-01', endpointPrefix: 'tiny', protocol: 'rest-json', serviceFullName: 'Tiny', serviceId: 'Tiny', signatureVersion: 'v4', uid: 'tiny-2000-01-01' },
    operations: { Op: { name: 'Op', http: { method: 'POST', requestUri: '/op' }, input: { shape: 'In' }, output: { shape: 'Out' }, ...operation } },
    shapes: {
      In: { type: 'structure', members: {} },
      Out: { type: 'structure', members: {} },
      String: { type: 'string' },
      StringList: { type: 'list', member: { shape: 'String' } },
      StringMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' } },
      Doc: { type: 'structure', members: {}, document: true },
      Thing: { type: 'structure', members: { Name: { shape: 'String' } } },
      ...shapes,
    },
  } as unknown as ServiceModel;
}

const input = (members: Record<string, unknown>, extra: Record<string, unknown> = {}): Shapes => ({ In: { type: 'structure', members, ...extra } });
const output = (members: Record<string, unknown>, extra: Record<string, unknown> = {}): Shapes => ({ Out: { type: 'structure', members, ...extra } });

/** Feature name → a model using it → the start-up error naming it. */
const REFUSED: [string, ServiceModel, RegExp][] = [
  ['another protocol', { ...tiny({}), metadata: { ...tiny({}).metadata, protocol: 'json' } }, /unsupported protocol json/],
  ['a shape type (character)', tiny({ Char: { type: 'character' } }), /shape Char: unsupported type character/],
  ['a streaming blob', tiny({ Stream: { type: 'blob', streaming: true } }), /shape Stream: unsupported model feature 'streaming'/],
  ['an event stream', tiny({ Events: { type: 'structure', members: {}, eventstream: true } }), /shape Events: unsupported model feature 'eventstream'/],
  ['a location on a shape', tiny({ Header: { type: 'string', location: 'header' } }), /shape Header: unsupported model feature 'location'/],
  ['a locationName on a shape', tiny({ Named: { type: 'structure', members: {}, locationName: 'named' } }), /shape Named: unsupported model feature 'locationName'/],
  ['an unknown member key', tiny(input({ A: { shape: 'String', eventpayload: true } })), /shape In member A: unsupported model feature 'eventpayload'/],
  ['an unknown timestampFormat', tiny({ Time: { type: 'timestamp', timestampFormat: 'rfc3339' } }), /shape Time: unsupported timestampFormat rfc3339/],
  ['a member timestampFormat', tiny({ Time: { type: 'timestamp' }, ...input({ T: { shape: 'Time', timestampFormat: 'julian' } }) }), /shape In member T: unsupported timestampFormat julian/],
  ['a map with non-string keys', tiny({ Int: { type: 'integer' }, IntMap: { type: 'map', key: { shape: 'Int' }, value: { shape: 'String' } } }), /shape IntMap: map keys must be strings/],
  ['a document with members', tiny({ BadDoc: { type: 'structure', members: { A: { shape: 'String' } }, document: true } }), /shape BadDoc: a document has no members/],
  ['jsonvalue outside a header', tiny(input({ J: { shape: 'String', jsonvalue: true } })), /shape In member J: unsupported model feature 'jsonvalue' outside a string header/],
  ['request compression', tiny({}, { requestcompression: { encodings: ['gzip'] } }), /operation Op: unsupported model feature 'requestcompression'/],
  ['a response checksum', tiny({}, { httpChecksum: { requestValidationModeMember: 'M' } }), /operation Op: unsupported model feature 'httpChecksum'/],
  ['an unknown http key', tiny({}, { http: { method: 'POST', requestUri: '/op', authType: 'none' } }), /operation Op http: unsupported model feature 'authType'/],
  ['a greedy label', tiny(input({ K: { shape: 'String', location: 'uri', locationName: 'Key' } }), { http: { method: 'GET', requestUri: '/op/{Key+}' } }), /operation Op: unsupported model feature greedy label \{Key\+\}/],
  ['a document payload', tiny(output({ D: { shape: 'Doc' } }, { payload: 'D' })), /operation Op output: unsupported model feature 'payload' of a document/],
  ['a list payload', tiny(input({ L: { shape: 'StringList' } }, { payload: 'L' })), /operation Op input: unsupported model feature 'payload' of type list/],
  ['a body member beside the payload', tiny(input({ T: { shape: 'Thing' }, B: { shape: 'String' } }, { payload: 'T' })), /operation Op input: body member B beside payload T/],
  ['a label of a list', tiny(input({ L: { shape: 'StringList', location: 'uri', locationName: 'l' } }), { http: { method: 'GET', requestUri: '/op/{l}' } }), /input member L: unsupported model feature 'location: uri' of type list/],
  ['a query structure', tiny(input({ T: { shape: 'Thing', location: 'querystring', locationName: 't' } })), /input member T: unsupported model feature 'location: querystring' of type structure/],
  ['a named query map', tiny(input({ M: { shape: 'StringMap', location: 'querystring', locationName: 'm' } })), /input member M: unsupported model feature 'location: querystring' of a named map/],
  ['a query map of structures', tiny({ ThingMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'Thing' } }, ...input({ M: { shape: 'ThingMap', location: 'querystring' } }) }), /input member M: unsupported model feature 'location: querystring' of a map of structure/],
  ['a header map', tiny(output({ M: { shape: 'StringMap', location: 'header', locationName: 'x-m' } })), /output member M: unsupported model feature 'location: header' of type map/],
  ['a header structure', tiny(input({ T: { shape: 'Thing', location: 'header', locationName: 'x-t' } })), /input member T: unsupported model feature 'location: header' of type structure/],
  ['prefix headers of a list', tiny(input({ L: { shape: 'StringList', location: 'headers', locationName: 'x-l-' } })), /input member L: unsupported model feature 'location: headers' of type list/],
  ['a status code on an input', tiny({ Int: { type: 'integer' }, ...input({ S: { shape: 'Int', location: 'statusCode' } }) }), /input member S: unsupported model feature 'location: statusCode' on an input/],
  ['a status code of a string', tiny(output({ S: { shape: 'String', location: 'statusCode' } })), /output member S: unsupported model feature 'location: statusCode' of type string/],
  ['an unknown location', tiny(output({ S: { shape: 'String', location: 'trailer' } })), /output member S: unsupported model feature 'location: trailer'/],
  ['an error with a header map', tiny({ Oops: { type: 'structure', exception: true, error: { httpStatusCode: 400 }, members: { M: { shape: 'StringMap', location: 'header', locationName: 'x-m' } } } }), /error Oops member M: unsupported model feature 'location: header' of type map/],
];

describe('model check: features the protocol layer does not handle are refused at start-up, by name', () => {
  for (const [feature, model, message] of REFUSED) {
    test(feature, () => assert.throws(() => compileService(model), message));
  }
});

describe('model check: what the protocol layer handles compiles', () => {
  test('every handled binding in one model', () => {
    const model = tiny(
      {
        Time: { type: 'timestamp' },
        Int: { type: 'integer', box: true },
        Blob: { type: 'blob' },
        StringListMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'StringList' } },
        Choice: { type: 'structure', union: true, members: { A: { shape: 'String' }, B: { shape: 'Int' } } },
        ...input({
          Label: { shape: 'Time', location: 'uri', locationName: 'when', timestampFormat: 'unixTimestamp' },
          Q: { shape: 'StringList', location: 'querystring', locationName: 'q' },
          QT: { shape: 'Time', location: 'querystring', locationName: 'qt' },
          All: { shape: 'StringListMap', location: 'querystring' },
          H: { shape: 'StringList', location: 'header', locationName: 'x-h' },
          HT: { shape: 'Time', location: 'header', locationName: 'x-ht' },
          HB: { shape: 'Blob', location: 'header', locationName: 'x-hb' },
          J: { shape: 'String', location: 'header', locationName: 'x-j', jsonvalue: true },
          P: { shape: 'StringMap', location: 'headers', locationName: 'x-p-' },
          Body: { shape: 'Blob' },
        }, { payload: 'Body' }),
        ...output({
          S: { shape: 'Int', location: 'statusCode' },
          H: { shape: 'Time', location: 'header', locationName: 'x-h' },
          Renamed: { shape: 'String', locationName: 'renamed' },
          D: { shape: 'Doc' },
          C: { shape: 'Choice' },
          At: { shape: 'Time', timestampFormat: 'rfc822' },
        }),
        Oops: { type: 'structure', exception: true, error: { httpStatusCode: 409 }, members: { Code: { shape: 'String', location: 'header', locationName: 'x-code' }, Message: { shape: 'String' } } },
      },
      { http: { method: 'PUT', requestUri: '/op/{when}' }, endpoint: { hostPrefix: 'data-' }, idempotent: true, httpChecksumRequired: true },
    );
    assert.doesNotThrow(() => compileService(model));
  });

  test('both Chime models', () => {
    for (const file of ['chime-2018-05-01.json', 'chime-sdk-voice-2022-08-03.json']) {
      const model = JSON.parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), 'utf8')) as ServiceModel;
      assert.doesNotThrow(() => compileService(model), file);
    }
  });
});

/**
 * Seeds for `npm run fuzz` from the AWS models in spec/: one template per operation of both models (legacy Chime and
 * Chime SDK Voice, 287 operations), its input generated from the operation's input shape — path labels, query
 * parameters, bound headers and the JSON body — mostly within the model's constraints (enums, patterns, lengths,
 * ranges) and sometimes outside them; the members that name phone numbers, orders, product types and calling names
 * get the values dialtone's own tests use, so that requests meet real state. The templates then go through the
 * mutations of test/support/fuzz-requests.ts, get an endpoint path prefix (`/chime-sdk-voice`, `/chime`, none, or a
 * near miss) and, sometimes, headers that choose the API (User-Agent, Host).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { requestsFrom, template as implementedTemplate, type FuzzRequest, type Template } from '../support/fuzz-requests.ts';

interface Member {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
}

interface Shape {
  type: string;
  members?: Record<string, Member>;
  required?: string[];
  member?: Member;
  key?: Member;
  value?: Member;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}

interface Operation {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
}

interface Model {
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const SPEC = join(import.meta.dirname, '..', '..', 'spec');
export const MODEL_FILES = ['chime-2018-05-01.json', 'chime-sdk-voice-2022-08-03.json'] as const;

function loadModel(file: string): Model {
  return JSON.parse(readFileSync(join(SPEC, file), 'utf8')) as Model;
}

/** Numbers dialtone's own tests order (+1 206 555 0100…0139), toll-free and foreign ones, and broken ones. */
const NUMBERS = [
  ...Array.from({ length: 40 }, (_, i) => `+1206555${String(100 + i).padStart(4, '0')}`),
  '+18005550100',
  '+442079460000',
  '+12065550200',
];
const numberValue = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS).map((n) => n.slice(1)) },
  { weight: 1, arbitrary: fc.constantFrom('', '+', '+0', '+1', '+1234567890123456', '12065550100x', ' +12065550100', '+1206555010\u0660') },
);
const idValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS).map((n) => `%2B${n.slice(1)}`) },
  { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', '%00', '%2F', 'a'.repeat(300), '%', '%zz', '%ED%A0%80') },
);
const ORDER_IDS = ['6f1c3a4e-0000-4000-8000-000000000000', '00000000-0000-0000-0000-000000000000', 'not-a-uuid', ''];

/** Values for members by name, where a realistic value reaches further than a random one. */
const BY_MEMBER: Record<string, fc.Arbitrary<unknown>> = {
  E164PhoneNumber: numberValue,
  E164PhoneNumbers: fc.array(numberValue, { maxLength: 5 }),
  PhoneNumberId: idValue,
  PhoneNumberIds: fc.array(idValue, { maxLength: 5 }),
  PhoneNumberOrderId: fc.constantFrom(...ORDER_IDS),
  ProductType: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('VoiceConnector', 'BusinessCalling', 'SipMediaApplicationDialIn') },
    { weight: 1, arbitrary: fc.constantFrom('', 'voiceconnector', 'Voice Connector', 'X'.repeat(100)) },
  ),
  CallingName: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Acme', 'Front Desk', '', 'ab') }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }),
  Name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Sales', 'Front desk, line.1', '', 'a b') }, { weight: 1, arbitrary: fc.string({ maxLength: 300 }) }),
  MaxResults: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: fc.integer() }),
  NextToken: fc.oneof(fc.constantFrom('', 'abc', 'eyJ0IjoxfQ', '%%%'), fc.base64String({ maxLength: 120 })),
  AreaCode: fc.constantFrom('206', '212', '800', '0', 'abc', ''),
  Country: fc.constantFrom('US', 'GB', 'DE', 'us', 'XX', ''),
  State: fc.constantFrom('WA', 'NY', 'CA', 'ZZ', ''),
  City: fc.constantFrom('Seattle', 'New York', 'Nowhere', ''),
  TollFreePrefix: fc.constantFrom('800', '833', '123', ''),
  PhoneNumberType: fc.constantFrom('Local', 'TollFree', 'Mobile'),
  Status: fc.constantFrom('Unassigned', 'AcquireFailed', 'DeleteInProgress', 'PortinInProgress', 'x'),
  FilterName: fc.constantFrom('AccountId', 'UserId', 'VoiceConnectorId', 'VoiceConnectorGroupId', 'SipRuleId', 'x'),
};

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/** Percent-encodes as UTF-8; a lone surrogate has no UTF-8 form and becomes the invalid bytes of one (ED A0 80). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

/** Encodes a path label as an SDK would (greedy labels keep their slashes); labels with a `%` are sent as they are. */
const encodeLabel = (value: string, greedy: boolean): string => (greedy ? value.split('/').map(encode).join('/') : value.includes('%') ? value : encode(value));

/** Lists, maps and structures nested deeper than this are empty. */
const MAX_DEPTH = 5;

class Values {
  readonly #model: Model;
  readonly #memo = new Map<string, fc.Arbitrary<unknown>>();

  constructor(model: Model) {
    this.#model = model;
  }

  /** An arbitrary for a value of `shapeName`; `depth` bounds nested structures and lists. */
  of(shapeName: string, depth = 0, memberName?: string): fc.Arbitrary<unknown> {
    if (memberName !== undefined && BY_MEMBER[memberName]) {
      return fc.oneof({ weight: 6, arbitrary: BY_MEMBER[memberName] }, { weight: 1, arbitrary: this.#raw(shapeName, depth) });
    }
    return this.#raw(shapeName, depth);
  }

  #raw(shapeName: string, depth: number): fc.Arbitrary<unknown> {
    const key = `${shapeName}@${Math.min(depth, MAX_DEPTH)}`;
    let arbitrary = this.#memo.get(key);
    if (!arbitrary) {
      arbitrary = this.#build(this.#model.shapes[shapeName]!, depth);
      this.#memo.set(key, arbitrary);
    }
    return arbitrary;
  }

  #build(shape: Shape, depth: number): fc.Arbitrary<unknown> {
    const wrongType = fc.constantFrom<unknown>(null, true, 0, -1, 1e308, 'x', '', [], {}, [1, 'a'], { a: null });
    const valid = ((): fc.Arbitrary<unknown> => {
      switch (shape.type) {
        case 'string':
          return stringOf(shape);
        case 'integer':
        case 'long':
          return fc.oneof(
            { weight: 6, arbitrary: fc.integer({ min: shape.min ?? -10, max: shape.max ?? 1_000_000 }) },
            { weight: 1, arbitrary: fc.constantFrom(shape.min === undefined ? 0 : shape.min - 1, shape.max === undefined ? 2 ** 31 : shape.max + 1, 2 ** 53, -(2 ** 53), 0.5) },
          );
        case 'float':
        case 'double':
          return fc.double({ noNaN: true, noDefaultInfinity: true });
        case 'boolean':
          return fc.boolean();
        case 'timestamp':
          return fc.oneof(
            fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
            fc.integer({ min: 0, max: 2 ** 34 }),
          );
        case 'blob':
          return fc.base64String({ maxLength: 40 });
        case 'list': {
          if (depth >= MAX_DEPTH) return fc.constant([]);
          const items = this.of(shape.member!.shape, depth + 1);
          const max = Math.min(shape.max ?? 4, 4);
          return fc.oneof(
            { weight: 8, arbitrary: fc.array(items, { minLength: Math.min(shape.min ?? 0, max), maxLength: max }) },
            { weight: 1, arbitrary: fc.constant([]) },
          );
        }
        case 'map':
          if (depth >= MAX_DEPTH) return fc.constant({});
          return fc.dictionary(stringOf(this.#model.shapes[shape.key!.shape]!), this.of(shape.value!.shape, depth + 1), { maxKeys: 3 });
        case 'structure': {
          if (depth >= MAX_DEPTH) return fc.constant({});
          const members = Object.entries(shape.members ?? {}).filter(([, m]) => m.location === undefined);
          const record = fc.record(Object.fromEntries(members.map(([name, m]) => [name, this.of(m.shape, depth + 1, name)])), {
            requiredKeys: (shape.required ?? []).filter((name) => members.some(([n]) => n === name)),
          });
          return fc.oneof({ weight: 8, arbitrary: record }, { weight: 1, arbitrary: fc.record(Object.fromEntries(members.map(([name, m]) => [name, this.of(m.shape, depth + 1, name)])), { requiredKeys: [] }) });
        }
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    })();
    return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: wrongType });
  }
}

/** Strings of a string shape: its enum, its pattern (when fast-check can generate it), or lengths around its bounds. */
function stringOf(shape: Shape): fc.Arbitrary<string> {
  if (shape.enum) return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...shape.enum) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
  const bounded = fc.string({ minLength: shape.min ?? 0, maxLength: Math.min(shape.max ?? 40, 40) });
  const beyond = fc.constantFrom('', 'x'.repeat((shape.max ?? 256) + 1), '\u0000', '\ud800', ' ', 'é'.repeat(50));
  let patterned: fc.Arbitrary<string> | undefined;
  if (shape.pattern) {
    try {
      patterned = fc.stringMatching(new RegExp(shape.pattern));
    } catch {
      patterned = undefined;
    }
  }
  return fc.oneof(
    { weight: patterned ? 6 : 0, arbitrary: patterned ?? bounded },
    { weight: 4, arbitrary: bounded },
    { weight: 1, arbitrary: beyond },
  );
}

/** The template of one operation: its HTTP binding with an input generated from its input shape. */
function operationTemplate(model: Model, values: Values, op: Operation): fc.Arbitrary<Template & { operation: string }> {
  const [rawPath = '/', literalQuery = ''] = op.http.requestUri.split('?');
  const fixedQuery = literalQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return (eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)]) as [string, string];
    });
  const input = op.input ? model.shapes[op.input.shape]! : { type: 'structure', members: {} };
  const members = Object.entries(input.members ?? {});
  const required = new Set(input.required ?? []);
  const generated = fc.record(
    Object.fromEntries(members.map(([name, m]) => [name, values.of(m.shape, 0, name)])),
    { requiredKeys: members.filter(([name, m]) => required.has(name) || m.location === 'uri').map(([name]) => name) },
  );
  return generated.map((value) => {
    const v = value as Record<string, unknown>;
    let path = rawPath;
    const query: [string, string][] = [...fixedQuery];
    const headers: [string, string][] = [];
    const body: Record<string, unknown> = {};
    for (const [name, m] of members) {
      if (!(name in v)) continue;
      const x = v[name];
      const wire = m.locationName ?? name;
      if (m.location === 'uri') {
        path = path.replace(new RegExp(`\\{${wire}(\\+?)\\}`), (_, greedy: string) => encodeLabel(asText(x), greedy === '+'));
      } else if (m.location === 'querystring') {
        if (Array.isArray(x)) for (const item of x) query.push([wire, encode(asText(item))]);
        else if (x !== null && typeof x === 'object') for (const [k, item] of Object.entries(x)) query.push([encode(k), encode(asText(item))]);
        else query.push([wire, encode(asText(x))]);
      } else if (m.location === 'header') {
        headers.push([wire.toLowerCase(), asText(x).replace(/[^\x20-\x7e]/g, '')]);
      } else if (m.location === undefined) {
        body[name] = x;
      }
    }
    const hasBody = Object.keys(body).length > 0 || op.http.method === 'POST' || op.http.method === 'PUT';
    return { operation: op.name, method: op.http.method, path, query, headers, ...(hasBody ? { body } : {}) };
  });
}

/** Every operation of both models, as templates (the operation name kept for the report). */
export function modelTemplates(): { api: string; operation: string; arbitrary: fc.Arbitrary<Template & { operation: string }> }[] {
  return MODEL_FILES.flatMap((file) => {
    const model = loadModel(file);
    const values = new Values(model);
    const api = file.startsWith('chime-sdk-voice') ? 'chime-sdk-voice' : 'chime';
    return Object.values(model.operations).map((op) => ({ api, operation: op.name, arbitrary: operationTemplate(model, values, op) }));
  });
}

/** The endpoint path prefix: each API's, none, or a near miss that must not select an API. */
const prefix = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', '/chime-sdk-voice', '/chime') },
  { weight: 1, arbitrary: fc.constantFrom('/chime-sdk-voice/', '/chimes', '/CHIME', '/chime-sdk', '/chime/chime-sdk-voice', '/chime-sdk-voice/chime', '/%63hime', '//chime') },
);

/** Headers that choose an API (or try to): User-Agents of real clients and others, and Hosts; `{port}` is the server's. */
const apiHeader = fc.oneof(
  fc.tuple(
    fc.constant('user-agent'),
    fc.constantFrom(
      'aws-sdk-js/3.1142.0 ua/2.1 os/linux#6 lang/js md/nodejs#20 api/chime-sdk-voice#3.1142.0',
      'aws-sdk-js/3.1138.0 ua/2.1 os/linux lang/js api/chime#3.1138.0',
      'aws-cli/2.15.0 Python/3.11 Linux/6 exe/x86_64 command/chime-sdk-voice.list-phone-numbers',
      'aws-cli/2.15.0 command/chime.get-phone-number',
      'Boto3/1.26.27 md/Botocore#1.29.27 ua/2.0 os/linux Python/3.11',
      'api/chime-sdk-voice#',
      'api/chime-sdk-voice',
      '',
    ),
  ),
  fc.tuple(fc.constant('x-amz-user-agent'), fc.constantFrom('aws-sdk-js/3.1142.0 api/chime-sdk-voice#3.1142.0', 'api/chime#1', 'x')),
  fc.tuple(
    fc.constant('host'),
    fc.constantFrom('voice-chime.localhost:{port}', 'chime.localhost:{port}', 'voice-chime-fips.us-east-1.amazonaws.com', 'service.chime.aws.amazon.com', 'VOICE-CHIME.localhost', '127.0.0.1:{port}', '[::1]:{port}', ''),
  ),
);

/**
 * The operator endpoints, rarely: moving the test clock forward (hours to a month: queued numbers are released and
 * calling names propagate during the run; moves too far or malformed are refused), health, readiness, limits, metrics.
 */
const operator: fc.Arbitrary<{ seed: string; template: Template }> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<Record<string, unknown>>(
        { advanceHours: 1 },
        { advanceDays: 1 },
        { advanceDays: 8 },
        { advanceDays: 31 },
        { advanceDays: -1 },
        { advanceDays: 1e8 },
        { advanceSeconds: '60' },
        { advanceDays: 1, advanceHours: 1 },
        {},
      )
      .map((body) => ({ seed: 'operator:clock', template: { method: 'POST', path: '/_dialtone/clock', query: [], body } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('health', 'ready', 'limits', 'metrics', 'clock')
      .map((name) => ({ seed: `operator:${name}`, template: { method: 'GET', path: `/_dialtone/${name}`, query: [] } })),
  },
);

export interface Seeded {
  /** The template's source: an operation of a model (`chime:GetPhoneNumber`) or dialtone's hand-written templates. */
  seed: string;
  request: FuzzRequest;
}

/** A fuzzed request of any operation of either model, or of the hand-written templates, with a prefix and API headers. */
export function seededRequests(options: { longerWeight?: number } = {}): fc.Arbitrary<Seeded> {
  const templates = modelTemplates();
  const fromModels = fc.oneof(
    ...templates.map(({ api, operation, arbitrary }) => arbitrary.map((t) => ({ seed: `${api}:${operation}`, template: t as Template }))),
  );
  const handWritten = implementedTemplate.map((t) => ({ seed: 'implemented', template: t }));
  const seeded = fc.oneof({ weight: 150, arbitrary: fromModels }, { weight: 100, arbitrary: handWritten }, { weight: 1, arbitrary: operator });
  // One request per seed, then prefixed: requestsFrom does the mutations, encodings, signing choices and lengths.
  return seeded.chain(({ seed, template }) =>
    fc
      .tuple(requestsFrom(fc.constant(template), options), prefix, fc.array(apiHeader, { maxLength: 2 }))
      .map(([request, p, headers]) => ({
        seed,
        request: { ...request, target: `${p}${request.target}`, headers: [...request.headers, ...headers] },
      })),
  );
}

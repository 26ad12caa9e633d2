/**
 * botocore's restJson1 protocol test cases (test/fixtures/conformance/botocore-rest-json/), run in the server's
 * direction: an input case's serialized request is routed and read back into params; an output case's result (or
 * modelled error) is serialized into a response equivalent to the case's (status, the case's headers, the body
 * compared as parsed JSON with timestamps compared as instants, or byte for byte for a blob or string payload).
 *
 * Each case compiles a model of its own (the suite's shapes, the case's operation), as dialtone compiles a model at
 * start-up: a case whose model is refused fails with the refusal.
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { ServiceError } from '../../src/protocol/errors.ts';
import type { MemberModel, OperationModel, ServiceModel, ShapeModel } from '../../src/protocol/model-types.ts';
import { splitTarget } from '../../src/protocol/query.ts';
import { readInput } from '../../src/protocol/read-input.ts';
import { createRouter } from '../../src/protocol/router.ts';
import { serializeError, serializeOutput, type WireResponse } from '../../src/protocol/serialize.ts';
import { compileService, type CompiledService } from '../../src/protocol/service.ts';

export const FIXTURES = new URL('../fixtures/conformance/', import.meta.url);

export type Direction = 'input' | 'output';
export interface SuiteFile {
  file: string;
  direction: Direction;
}
export const SUITE_FILES: SuiteFile[] = [
  { file: 'input-rest-json.json', direction: 'input' },
  { file: 'legacy-input-rest-json.json', direction: 'input' },
  { file: 'output-rest-json.json', direction: 'output' },
  { file: 'legacy-output-rest-json.json', direction: 'output' },
];

interface Suite {
  description: string;
  metadata: Record<string, unknown>;
  shapes: Record<string, ShapeModel>;
  cases: Case[];
}
interface Case {
  id?: string;
  given: Partial<OperationModel> & { name: string };
  params?: Record<string, unknown>;
  serialized?: { method?: string; uri: string; headers?: Record<string, string>; body?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
}

export interface LoadedCase {
  /** The case's id; legacy cases have none and are named `<suite description> #<n>` (n from 1 within the suite). */
  id: string;
  suite: Suite;
  case: Case;
}

export function loadCases(file: string): LoadedCase[] {
  const suites = JSON.parse(readFileSync(new URL(`botocore-rest-json/${file}`, FIXTURES), 'utf8')) as Suite[];
  return suites.flatMap((suite) => suite.cases.map((c, index) => ({ id: c.id ?? `${suite.description} #${index + 1}`, suite, case: c })));
}

/** The cases botocore itself skips (its protocol-tests-ignore-list.json): out of scope here as well. */
export function botocoreIgnored(direction: Direction): { suites: Set<string>; cases: Set<string> } {
  const list = JSON.parse(readFileSync(new URL('botocore-rest-json/protocol-tests-ignore-list.json', FIXTURES), 'utf8')) as {
    general: Record<string, { suites?: string[]; cases?: string[] }>;
    protocols: Record<string, Record<string, { suites?: string[]; cases?: string[] }>>;
  };
  return {
    suites: new Set(list.general[direction]?.suites ?? []),
    cases: new Set(list.protocols['rest-json']?.[direction]?.cases ?? []),
  };
}

export type Outcome = { pass: true } | { pass: false; reason: string };

export function runCase(direction: Direction, loaded: LoadedCase): Outcome {
  try {
    return direction === 'input' ? runInput(loaded) : runOutput(loaded);
  } catch (error) {
    return { pass: false, reason: `threw ${(error as Error).name}: ${(error as Error).message}` };
  }
}

function modelOf(loaded: LoadedCase): ServiceModel {
  const given = loaded.case.given;
  const operation = { ...given, http: given.http ?? { method: 'POST', requestUri: '/' } } as OperationModel;
  return {
    metadata: {
      apiVersion: String(loaded.suite.metadata.apiVersion ?? '2014-01-01'),
      endpointPrefix: 'conformance',
      protocol: 'rest-json',
      serviceFullName: 'conformance',
      serviceId: 'conformance',
      signatureVersion: 'v4',
      uid: 'conformance',
    },
    operations: { [given.name]: operation },
    shapes: loaded.suite.shapes,
  };
}

function compile(loaded: LoadedCase): CompiledService {
  try {
    return compileService(modelOf(loaded));
  } catch (error) {
    throw new Error(`model refused at start-up: ${(error as Error).message}`);
  }
}

function runInput(loaded: LoadedCase): Outcome {
  const service = compile(loaded);
  const { serialized, params, given } = loaded.case;
  const { rawSegments, query } = splitTarget(serialized!.uri);
  const method = serialized!.method ?? given.http?.method ?? 'POST';
  const routed = createRouter([service]).route(method, rawSegments, query);
  if (routed.kind !== 'match') return { pass: false, reason: `not routed: ${routed.kind}` };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(serialized!.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = Buffer.from(serialized!.body ?? '', 'utf8');
  const actual = readInput(service, routed.operation, { labels: routed.labels, query, headers, body });
  const inputShape = given.input ? service.shape(given.input.shape) : undefined;
  const expected = inputShape ? (normalize(service, inputShape, params ?? {}, undefined, true) as Record<string, unknown>) : {};
  if (isDeepStrictEqual(actual, expected)) return { pass: true };
  return { pass: false, reason: `read ${show(actual)}, expected ${show(expected)}` };
}

function runOutput(loaded: LoadedCase): Outcome {
  const service = compile(loaded);
  const c = loaded.case;
  let wire: WireResponse;
  if (c.errorCode !== undefined) {
    const shape = service.model.shapes[c.errorCode];
    const members = shape ? (normalize(service, shape, c.error ?? {}, undefined, true) as Record<string, unknown>) : {};
    wire = serializeError(service, new ServiceError(c.errorCode, c.errorMessage ?? '', undefined, undefined, members));
  } else {
    const operation = service.operations.get(c.given.name)!;
    const shape = c.given.output ? service.shape(c.given.output.shape) : undefined;
    const result = shape ? normalize(service, shape, c.result ?? {}, undefined, true) : undefined;
    wire = serializeOutput(service, operation, result);
  }
  const expected = c.response!;
  const problems: string[] = [];
  if (wire.status !== expected.status_code) problems.push(`status ${wire.status}, expected ${expected.status_code}`);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const actual = wire.headers[name.toLowerCase()];
    if (actual !== value && !sameInstant(actual, value)) problems.push(`header ${name}: ${show(actual)}, expected ${show(value)}`);
  }
  const body = wire.bytes ? wire.bytes.toString('utf8') : (wire.body ?? '');
  const expectedBody = expected.body ?? '';
  if (!sameBody(body, expectedBody, wire.headers['content-type'])) problems.push(`body ${show(body)}, expected ${show(expectedBody)}`);
  return problems.length === 0 ? { pass: true } : { pass: false, reason: problems.join('; ') };
}

function sameBody(actual: string, expected: string, contentType: string | undefined): boolean {
  if (actual === expected) return true;
  const json = contentType === undefined || contentType.includes('json');
  if (!json) return false;
  const parse = (text: string): unknown => (text.trim() === '' ? {} : JSON.parse(text));
  try {
    return sameJson(parse(actual), parse(expected));
  } catch {
    return false;
  }
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b) && Date.parse(a) === Date.parse(b);
}

/** JSON equality where two ISO 8601 strings naming the same instant are equal. */
function sameJson(a: unknown, b: unknown): boolean {
  if (sameInstant(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    return isDeepStrictEqual(ka, kb) && ka.every((k) => sameJson(ra[k], rb[k]));
  }
  return isDeepStrictEqual(a, b);
}

/**
 * The case's params (or result) as a handler sees them: timestamps as `Date`s, blobs as bytes, `NaN`/`Infinity` as
 * numbers, nulls absent; an empty list or map bound to the query string or headers is absent (it is not on the wire).
 */
function normalize(service: CompiledService, shape: ShapeModel, value: unknown, member: MemberModel | undefined, top = false): unknown {
  if (value === null || value === undefined) return undefined;
  if (member?.jsonvalue) return value;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        const m = shape.members[name];
        if (!m) continue;
        const empty = Array.isArray(inner) ? inner.length === 0 : inner !== null && typeof inner === 'object' && Object.keys(inner).length === 0;
        if (top && (m.location === 'querystring' || m.location === 'header' || m.location === 'headers') && empty) continue;
        const normal = normalize(service, service.shape(m.shape), inner, m);
        if (normal !== undefined) out[name] = normal;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => normalize(service, service.shape(shape.member.shape), item, shape.member));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        const normal = normalize(service, service.shape(shape.value.shape), inner, shape.value);
        if (normal !== undefined) out[key] = normal;
      }
      return out;
    }
    case 'timestamp':
      return typeof value === 'number' ? new Date(value * 1000) : new Date(value as string);
    case 'blob':
      return Buffer.from(value as string, 'utf8');
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return value;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

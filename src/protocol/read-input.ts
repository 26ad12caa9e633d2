/**
 * Turns a routed request into the operation's typed input: members read by location (path label, query string,
 * header, prefixed headers, payload, JSON body), turned into values by shape (timestamps become `Date`s, blobs bytes)
 * and checked against every constraint of the model. All violations of one request are reported together in one
 * `BadRequestException`, in the style of AWS validation messages.
 */
import type { Bindings } from './bindings.ts';
import { badRequest } from './errors.ts';
import { structureFromJson } from './json-values.ts';
import type { StructureShape } from './model-types.ts';
import { percentDecode } from './query.ts';
import type { CompiledOperation, CompiledService } from './service.ts';
import { fromText, splitHeaderList } from './text-values.ts';
import { formatOf } from './timestamps.ts';
import { checkValue, type Violations } from './validate.ts';

export interface RoutedRequest {
  labels: Map<string, string>;
  query: Map<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Maximum number of violations listed in one message. */
const MAX_LISTED = 10;

export function readInput(service: CompiledService, operation: CompiledOperation, request: RoutedRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const violations: Violations = [];
  const bindings = operation.inputBindings;
  if (operation.input && bindings) {
    readLabels(service, bindings, request, input, violations);
    readQuery(service, bindings, request, input, violations);
    readHeaders(service, bindings, request, input, violations);
    readPayloadOrBody(service, operation.input, bindings, request, input, violations);
    checkValue(service, operation.input, input, '', violations, true);
  }
  if (violations.length > 0) {
    const listed = violations.slice(0, MAX_LISTED).join('; ');
    const more = violations.length > MAX_LISTED ? `; and ${violations.length - MAX_LISTED} more` : '';
    const noun = violations.length === 1 ? 'error' : 'errors';
    throw badRequest(`${violations.length} validation ${noun} detected: ${listed}${more}`);
  }
  return input;
}

function set(input: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined) input[name] = value;
}

function readLabels(service: CompiledService, bindings: Bindings, request: RoutedRequest, input: Record<string, unknown>, violations: Violations): void {
  for (const { name, wireName, member } of bindings.uri) {
    const raw = request.labels.get(wireName);
    if (raw === undefined) continue;
    set(input, name, fromText(service.shape(member.shape), member, percentDecode(raw, `path label '${wireName}'`), 'uri', name, violations));
  }
}

function readQuery(service: CompiledService, bindings: Bindings, request: RoutedRequest, input: Record<string, unknown>, violations: Violations): void {
  for (const { name, wireName, member } of bindings.query) {
    const values = request.query.get(wireName);
    if (values === undefined) continue;
    const shape = service.shape(member.shape);
    if (shape.type === 'list') {
      const item = service.shape(shape.member.shape);
      input[name] = values.map((text, i) => fromText(item, shape.member, text, 'querystring', `${name}.${i + 1}.member`, violations));
    } else if (values.length > 1) throw badRequest(`Query parameter '${wireName}' must not be repeated`);
    else set(input, name, fromText(shape, member, values[0]!, 'querystring', name, violations));
  }
  const map = bindings.queryMap;
  if (!map) return;
  const shape = service.shape(map.member.shape);
  if (shape.type !== 'map') return;
  const lists = service.shape(shape.value.shape).type === 'list';
  const out: Record<string, unknown> = {};
  for (const [key, values] of request.query) out[key] = lists ? values : values[0];
  if (Object.keys(out).length > 0) input[map.name] = out;
}

/** A header's value; Node joins repeated headers with `, ` (a list arrives whole), and one kept as an array is not read. */
function headerText(request: RoutedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function readHeaders(service: CompiledService, bindings: Bindings, request: RoutedRequest, input: Record<string, unknown>, violations: Violations): void {
  for (const { name, wireName, member } of bindings.headers) {
    const text = headerText(request, wireName.toLowerCase());
    if (text === undefined) continue;
    const shape = service.shape(member.shape);
    if (shape.type === 'list') {
      const item = service.shape(shape.member.shape);
      const httpDates = item.type === 'timestamp' && formatOf(item, shape.member, 'header') === 'rfc822';
      input[name] = splitHeaderList(text, httpDates).map((t, i) => fromText(item, shape.member, t, 'header', `${name}.${i + 1}.member`, violations));
    } else set(input, name, fromText(shape, member, text, 'header', name, violations));
  }
  for (const { name, wireName: prefix } of bindings.prefixHeaders) {
    const out: Record<string, string> = {};
    for (const header of Object.keys(request.headers)) {
      const text = headerText(request, header);
      if (header.startsWith(prefix) && text !== undefined) out[header.slice(prefix.length)] = text;
    }
    if (Object.keys(out).length > 0) input[name] = out;
  }
}

function readPayloadOrBody(service: CompiledService, shape: StructureShape, bindings: Bindings, request: RoutedRequest, input: Record<string, unknown>, violations: Violations): void {
  const payload = bindings.payload;
  if (payload) {
    if (request.body.length === 0) return;
    const target = service.shape(payload.member.shape);
    if (target.type === 'blob') input[payload.name] = Buffer.from(request.body);
    else if (target.type === 'string') input[payload.name] = utf8(request.body);
    else if (target.type === 'structure') {
      // A client sends `{}` for a structure payload it does not set: an empty object is no payload.
      const json = jsonObject(request);
      if (Object.keys(json).length > 0) input[payload.name] = structureFromJson(service, target, json, payload.name, violations);
    }
    return;
  }
  if (bindings.body.length === 0 || request.body.length === 0) return;
  const body = structureFromJson(service, shape, jsonObject(request), '', violations, new Set(bindings.body.map((b) => b.name)));
  Object.assign(input, body);
}

function utf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest('The request body is not valid UTF-8');
  }
}

function jsonObject(request: RoutedRequest): Record<string, unknown> {
  const contentType = request.headers['content-type'];
  const mediaType = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  if (mediaType !== '' && mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw badRequest(`Unsupported Content-Type '${mediaType}': the body must be application/json`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8(request.body));
  } catch (error) {
    if (error instanceof SyntaxError) throw badRequest(`The request body is not valid JSON: ${error.message}`);
    throw error;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

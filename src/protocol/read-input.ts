/**
 * Turns a routed request into the operation's typed input: members read by location (uri, querystring, header,
 * JSON body), coerced by shape type and checked against every constraint of the model. All violations of one
 * request are reported together in one `BadRequestException`, in the style of AWS validation messages.
 */
import { clip } from './clip.ts';
import { ServiceError, badRequest } from './errors.ts';
import type { CompiledOperation, CompiledService } from './service.ts';
import { percentDecode } from './query.ts';
import { checkValue, type Violations } from './validate.ts';

export interface RoutedRequest {
  labels: Map<string, string>;
  query: Map<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Maximum number of violations listed in one message. */
const MAX_LISTED = 10;
/** Longest part of a rejected value quoted in a message. */
const MAX_ECHOED_VALUE = 64;

export function readInput(service: CompiledService, operation: CompiledOperation, request: RoutedRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const violations: Violations = [];
  for (const { name, wireName } of operation.uriMembers) {
    const raw = request.labels.get(wireName);
    if (raw !== undefined) input[name] = percentDecode(raw, `path label '${wireName}'`);
  }
  for (const { name, wireName, member } of operation.queryMembers) {
    const values = request.query.get(wireName);
    if (values === undefined) continue;
    const shape = service.shape(member.shape);
    if (shape.type === 'list') input[name] = values;
    else if (values.length > 1) throw badRequest(`Query parameter '${wireName}' must not be repeated`);
    else input[name] = fromText(shape.type, values[0]!, name, violations);
  }
  for (const { name, wireName, member } of operation.headerMembers) {
    const value = request.headers[wireName.toLowerCase()];
    if (typeof value === 'string') input[name] = fromText(service.shape(member.shape).type, value, name, violations);
  }
  if (operation.bodyMembers.length > 0) Object.assign(input, readBody(operation, request));
  if (operation.input) {
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

function readBody(operation: CompiledOperation, request: RoutedRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  const contentType = request.headers['content-type'];
  const mediaType = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  if (mediaType !== '' && mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw badRequest(`Unsupported Content-Type '${mediaType}': the body must be application/json`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(request.body);
  } catch {
    throw badRequest('The request body is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('The request body must be a JSON object');
  }
  const body: Record<string, unknown> = {};
  for (const { name } of operation.bodyMembers) {
    const value = (parsed as Record<string, unknown>)[name];
    if (value !== undefined && value !== null) body[name] = value;
  }
  return body;
}

function fromText(type: string, text: string, name: string, violations: Violations): unknown {
  switch (type) {
    case 'integer':
    case 'long':
      if (/^-?\d+$/.test(text)) return Number(text);
      violations.push(`Value '${clip(text, MAX_ECHOED_VALUE)}' at '${name}' failed to satisfy constraint: Member must be an integer`);
      return undefined;
    case 'float':
    case 'double':
      if (/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(text)) return Number(text);
      violations.push(`Value '${clip(text, MAX_ECHOED_VALUE)}' at '${name}' failed to satisfy constraint: Member must be a number`);
      return undefined;
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      violations.push(`Value '${clip(text, MAX_ECHOED_VALUE)}' at '${name}' failed to satisfy constraint: Member must be true or false`);
      return undefined;
    case 'string':
      return text;
    default:
      throw new ServiceError('BadRequestException', `Member '${name}' of type ${type} cannot be read from text`);
  }
}

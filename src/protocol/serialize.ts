/**
 * Output and error serialization for rest-json. Status codes, member names and locations, timestamp formats and
 * error envelopes all come from the model; this is the only place that writes them.
 */
import { bindingsOf, type Bindings } from './bindings.ts';
import { ServiceError } from './errors.ts';
import { membersToJson, toJson } from './json-values.ts';
import type { StructureShape } from './model-types.ts';
import type { CompiledOperation, CompiledService } from './service.ts';
import { joinHeaderList, toText } from './text-values.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Undefined for responses without a body (204, or an output without body members). */
  body?: string;
  /** The body of a blob payload (then `body` is undefined). */
  bytes?: Buffer;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** @example serializeOutput(chime, op, { PhoneNumberOrder: order }) → { status: 201, body: '{"PhoneNumberOrder":…}' } */
export function serializeOutput(service: CompiledService, operation: CompiledOperation, output: unknown): WireResponse {
  const bindings = operation.outputBindings;
  if (!bindings || output === undefined || output === null) return { status: operation.responseCode, headers: {} };
  return writeStructure(service, bindings, output as Record<string, unknown>, operation.responseCode);
}

/**
 * The response of a structure's members: headers and prefixed headers, the status code member (else `status`), and
 * the payload or a JSON body (`{}` when the structure has no body member, as AWS answers).
 */
function writeStructure(service: CompiledService, bindings: Bindings, record: Record<string, unknown>, status: number): WireResponse {
  const headers: Record<string, string> = {};
  for (const { name, wireName, member } of bindings.headers) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    const shape = service.shape(member.shape);
    if (shape.type === 'list') {
      const item = service.shape(shape.member.shape);
      const items = (value as unknown[]).map((v) => toText(item, shape.member, v, 'header'));
      if (items.length > 0) headers[wireName.toLowerCase()] = joinHeaderList(items, item.type === 'string');
    } else headers[wireName.toLowerCase()] = toText(shape, member, value, 'header');
  }
  for (const { name, wireName: prefix } of bindings.prefixHeaders) {
    for (const [key, value] of Object.entries((record[name] ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) headers[`${prefix}${key}`.toLowerCase()] = String(value);
    }
  }
  const code = bindings.statusCode ? record[bindings.statusCode.name] : undefined;
  const answer = typeof code === 'number' ? code : status;
  const payload = bindings.payload;
  if (payload) {
    const value = record[payload.name];
    const shape = service.shape(payload.member.shape);
    if (value === undefined || value === null) {
      return shape.type === 'structure' ? { status: answer, headers: { ...headers, ...JSON_TYPE }, body: '{}' } : { status: answer, headers };
    }
    if (shape.type === 'blob') {
      const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value as Uint8Array);
      return { status: answer, headers: { 'content-type': 'application/octet-stream', ...headers }, bytes };
    }
    if (shape.type === 'string') return { status: answer, headers: { 'content-type': 'text/plain', ...headers }, body: String(value) };
    return { status: answer, headers: { ...headers, ...JSON_TYPE }, body: JSON.stringify(toJson(service, shape, value)) };
  }
  return { status: answer, headers: { ...headers, ...JSON_TYPE }, body: JSON.stringify(membersToJson(service, bindings.body, record)) };
}

/** The model's error shape named `type`, when the model defines one. */
export function modelledError(service: CompiledService, type: string): StructureShape | undefined {
  const shape = service.model.shapes[type];
  return shape?.type === 'structure' && shape.exception === true ? shape : undefined;
}

/**
 * The one error envelope: `x-amzn-ErrorType: <shape name>`, and for a modelled error its members where the model
 * binds them (headers, status code, JSON body). The body always carries the error's message (as `Message`, or the
 * shape's `message`), and `Code` — the model's `ErrorCode` value, `BadRequest` for `BadRequestException` — where the
 * shape has a `Code` member or no member at all. An error the model does not describe answers `{"Code", "Message"}`
 * with its type as the code. Anything that is not a `ServiceError`
 * becomes `ServiceFailureException` 500 without internals.
 */
export function serializeError(service: CompiledService, error: unknown): WireResponse {
  const known = error instanceof ServiceError ? error : new ServiceError('ServiceFailureException', 'An internal error occurred. The request id identifies it in the server log.');
  const modelled = modelledError(service, known.type);
  const status = modelled?.error?.httpStatusCode ?? known.status ?? 400;
  const envelope = { ...known.headers, 'x-amzn-errortype': known.type };
  if (!modelled) {
    return { status, headers: { ...envelope, ...JSON_TYPE }, body: JSON.stringify({ Code: known.type, Message: known.message }) };
  }
  const record: Record<string, unknown> = { ...known.members };
  // A shape without members (chime-sdk-voice's, as its model is published) still answers dialtone's envelope.
  const bare = Object.keys(modelled.members).length === 0;
  if ((modelled.members.Code || bare) && record.Code === undefined) record.Code = errorCode(service, modelled, known.type);
  const messageMember = modelled.members.message && !modelled.members.Message ? 'message' : 'Message';
  if (record[messageMember] === undefined && known.message !== '') record[messageMember] = known.message;
  const wire = writeStructure(service, bindingsOf(modelled), record, status);
  const extra = Object.fromEntries(['Code', 'Message'].filter((k) => record[k] !== undefined && !modelled.members[k]).map((k) => [k, record[k]]));
  const body = Object.keys(extra).length > 0 ? JSON.stringify({ ...extra, ...(JSON.parse(wire.body ?? '{}') as object) }) : wire.body;
  return { ...wire, headers: { ...envelope, ...wire.headers }, body };
}

const codeCache = new Map<string, string>();

/** `BadRequestException` → `BadRequest`, `ThrottledClientException` → `Throttled`: the ErrorCode value the name starts with. */
function errorCode(service: CompiledService, shape: StructureShape, type: string): string {
  const key = `${service.id}:${type}`;
  let code = codeCache.get(key);
  if (code === undefined) {
    const codeShape = shape.members.Code ? service.shape(shape.members.Code.shape) : undefined;
    const values = codeShape?.type === 'string' ? (codeShape.enum ?? []) : [];
    const stem = type.replace(/Exception$/, '');
    code = values.includes(stem) ? stem : (values.filter((v) => stem.startsWith(v)).sort((a, b) => b.length - a.length)[0] ?? stem);
    codeCache.set(key, code);
  }
  return code;
}

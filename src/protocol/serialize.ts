/**
 * Output and error serialization for rest-json. Status codes, member names, timestamp formats and error envelopes
 * all come from the model; this is the only place that writes them.
 */
import type { ShapeModel, StructureShape } from './model-types.ts';
import type { CompiledOperation, CompiledService } from './service.ts';
import { ServiceError } from './errors.ts';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Undefined for responses without a body (204, or an output without body members). */
  body?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** @example serializeOutput(chime, op, { PhoneNumberOrder: order }) → { status: 201, body: '{"PhoneNumberOrder":…}' } */
export function serializeOutput(service: CompiledService, operation: CompiledOperation, output: unknown): WireResponse {
  const headers: Record<string, string> = {};
  const shape = operation.output;
  if (!shape || output === undefined || output === null) return { status: operation.responseCode, headers };
  const record = output as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  let hasBodyMembers = false;
  for (const [name, member] of Object.entries(shape.members)) {
    const value = record[name];
    if (member.location === 'header') {
      if (value !== undefined && value !== null) headers[(member.locationName ?? name).toLowerCase()] = String(value);
      continue;
    }
    hasBodyMembers = true;
    const wire = toWire(service, service.shape(member.shape), value);
    if (wire !== undefined) body[name] = wire;
  }
  if (!hasBodyMembers) return { status: operation.responseCode, headers };
  return { status: operation.responseCode, headers: { ...headers, ...JSON_TYPE }, body: JSON.stringify(body) };
}

function toWire(service: CompiledService, shape: ShapeModel, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure':
      return structureToWire(service, shape, value as Record<string, unknown>);
    case 'list':
      return (value as unknown[]).map((item) => toWire(service, service.shape(shape.member.shape), item));
    case 'map': {
      const out: Record<string, unknown> = {};
      const valueShape = service.shape(shape.value.shape);
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = toWire(service, valueShape, inner);
      return out;
    }
    case 'timestamp': {
      const date = value instanceof Date ? value : new Date(value as string | number);
      // rest-json body timestamps without a timestampFormat are epoch seconds (the SDKs parse them as numbers).
      return shape.timestampFormat === 'iso8601' ? date.toISOString() : date.getTime() / 1000;
    }
    default:
      return value;
  }
}

function structureToWire(service: CompiledService, shape: StructureShape, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const wire = toWire(service, service.shape(member.shape), value[name]);
    if (wire !== undefined) out[name] = wire;
  }
  return out;
}

/**
 * The one error envelope: `x-amzn-ErrorType: <shape name>` and a JSON body `{"Code", "Message"}` where `Code` is the
 * model's `ErrorCode` value for modelled errors (`BadRequest` for `BadRequestException`) and the type name otherwise.
 * Anything that is not a `ServiceError` becomes `ServiceFailureException` 500 without internals.
 */
export function serializeError(service: CompiledService, error: unknown): WireResponse {
  const known = error instanceof ServiceError ? error : new ServiceError('ServiceFailureException', 'An internal error occurred. The request id identifies it in the server log.');
  const shape = service.model.shapes[known.type];
  const modelled = shape?.type === 'structure' && shape.exception === true ? shape : undefined;
  const status = modelled?.error?.httpStatusCode ?? known.status ?? 400;
  const code = modelled ? errorCode(service, modelled, known.type) : known.type;
  return {
    status,
    headers: { 'x-amzn-errortype': known.type, ...JSON_TYPE },
    body: JSON.stringify({ Code: code, Message: known.message }),
  };
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

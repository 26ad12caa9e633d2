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

/** Turns a value of one shape into its wire form (`undefined` for an absent value). */
type Writer = (value: unknown) => unknown;

/** One writer per shape, built on first use: the model is walked once, not on every response. */
const writers = new WeakMap<ShapeModel, Writer>();

function toWire(service: CompiledService, shape: ShapeModel, value: unknown): unknown {
  return writerFor(service, shape)(value);
}

function writerFor(service: CompiledService, shape: ShapeModel): Writer {
  let writer = writers.get(shape);
  if (!writer) {
    writer = buildWriter(service, shape);
    writers.set(shape, writer);
  }
  return writer;
}

/** A writer of the member's shape, resolved at its first call (shapes may refer to themselves). */
function lazyWriter(service: CompiledService, shapeName: string): Writer {
  let resolved: Writer | undefined;
  return (value) => (resolved ??= writerFor(service, service.shape(shapeName)))(value);
}

function buildWriter(service: CompiledService, shape: ShapeModel): Writer {
  switch (shape.type) {
    case 'structure':
      return structureWriter(service, shape);
    case 'list': {
      const item = lazyWriter(service, shape.member.shape);
      return (value) => (value === undefined || value === null ? undefined : (value as unknown[]).map(item));
    }
    case 'map': {
      const inner = lazyWriter(service, shape.value.shape);
      return (value) => {
        if (value === undefined || value === null) return undefined;
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = inner(v);
        return out;
      };
    }
    case 'timestamp': {
      // rest-json body timestamps without a timestampFormat are epoch seconds (the SDKs parse them as numbers).
      const iso = shape.timestampFormat === 'iso8601';
      return (value) => {
        if (value === undefined || value === null) return undefined;
        const date = value instanceof Date ? value : new Date(value as string | number);
        return iso ? date.toISOString() : date.getTime() / 1000;
      };
    }
    default:
      return (value) => (value === null ? undefined : value);
  }
}

function structureWriter(service: CompiledService, shape: StructureShape): Writer {
  const members = Object.entries(shape.members).map(([name, member]) => [name, lazyWriter(service, member.shape)] as const);
  return (value) => {
    if (value === undefined || value === null) return undefined;
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, write] of members) {
      const wire = write(record[name]);
      if (wire !== undefined) out[name] = wire;
    }
    return out;
  };
}

/**
 * The one error envelope: `x-amzn-ErrorType: <shape name>` and a JSON body `{"Code", "Message"}` where `Code` is the
 * model's `ErrorCode` value for modelled errors (`BadRequest` for `BadRequestException`) and the type name otherwise.
 * Anything that is not a `ServiceError` becomes `ServiceFailureException` 500 without internals.
 */
/** The model's error shape named `type`, when the model defines one. */
export function modelledError(service: CompiledService, type: string): StructureShape | undefined {
  const shape = service.model.shapes[type];
  return shape?.type === 'structure' && shape.exception === true ? shape : undefined;
}

export function serializeError(service: CompiledService, error: unknown): WireResponse {
  const known = error instanceof ServiceError ? error : new ServiceError('ServiceFailureException', 'An internal error occurred. The request id identifies it in the server log.');
  const modelled = modelledError(service, known.type);
  const status = modelled?.error?.httpStatusCode ?? known.status ?? 400;
  const code = modelled ? errorCode(service, modelled, known.type) : known.type;
  return {
    status,
    headers: { ...known.headers, 'x-amzn-errortype': known.type, ...JSON_TYPE },
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

/**
 * A service model compiled for serving: operations indexed with their HTTP bindings split out.
 * Built once at start-up; fails fast on model features the protocol layer does not handle.
 */
import type { MemberModel, OperationModel, ServiceModel, ShapeModel, StructureShape } from './model-types.ts';

export type PathSegment = { kind: 'static'; value: string } | { kind: 'label'; name: string };

export interface BoundMember {
  name: string;
  wireName: string;
  member: MemberModel;
}

export interface CompiledOperation {
  name: string;
  method: string;
  path: PathSegment[];
  /** Literal query pairs of the requestUri (`?operation=batch-delete`), all required to match. */
  literalQuery: [string, string][];
  responseCode: number;
  input?: StructureShape;
  output?: StructureShape;
  uriMembers: BoundMember[];
  queryMembers: BoundMember[];
  headerMembers: BoundMember[];
  /** Members carried in the JSON body; empty when the input has no body. */
  bodyMembers: BoundMember[];
}

export interface CompiledService {
  /** The model's endpoint prefix, e.g. `chime` or `voice-chime`. */
  id: string;
  model: ServiceModel;
  operations: Map<string, CompiledOperation>;
  shape(name: string): ShapeModel;
}

const SUPPORTED_TYPES = new Set(['structure', 'list', 'map', 'string', 'integer', 'long', 'boolean', 'timestamp', 'blob']);
const SUPPORTED_LOCATIONS = new Set([undefined, 'uri', 'querystring', 'header']);

/**
 * @example const chime = compileService(JSON.parse(readFileSync('spec/chime-2018-05-01.json', 'utf8')));
 */
export function compileService(model: ServiceModel): CompiledService {
  if (model.metadata.protocol !== 'rest-json') {
    throw new Error(`unsupported protocol ${model.metadata.protocol} in ${model.metadata.uid}`);
  }
  const shape = (name: string): ShapeModel => {
    const found = model.shapes[name];
    if (!found) throw new Error(`shape ${name} is not in ${model.metadata.uid}`);
    return found;
  };
  for (const [name, s] of Object.entries(model.shapes)) {
    if (!SUPPORTED_TYPES.has(s.type)) throw new Error(`shape ${name}: unsupported type ${s.type}`);
    if (s.type === 'string' && s.pattern !== undefined) compilePattern(s.pattern);
  }
  const operations = new Map<string, CompiledOperation>();
  for (const op of Object.values(model.operations)) operations.set(op.name, compileOperation(op, shape));
  return { id: model.metadata.endpointPrefix, model, operations, shape };
}

function compileOperation(op: OperationModel, shape: (name: string) => ShapeModel): CompiledOperation {
  const [rawPath, rawQuery] = splitOnce(op.http.requestUri, '?');
  const path: PathSegment[] = rawPath
    .split('/')
    .slice(1)
    .map((segment) => {
      const label = /^\{([^}]+)\}$/.exec(segment);
      if (!label) return { kind: 'static', value: segment };
      if (label[1]!.endsWith('+')) throw new Error(`${op.name}: greedy labels are not supported`);
      return { kind: 'label', name: label[1]! };
    });
  const literalQuery: [string, string][] = rawQuery
    ? rawQuery.split('&').map((pair) => splitOnce(pair, '=') as [string, string])
    : [];
  const input = op.input ? structure(shape(op.input.shape), op.input.shape) : undefined;
  const output = op.output ? structure(shape(op.output.shape), op.output.shape) : undefined;
  const compiled: CompiledOperation = {
    name: op.name,
    method: op.http.method,
    path,
    literalQuery,
    responseCode: op.http.responseCode ?? 200,
    input,
    output,
    uriMembers: [],
    queryMembers: [],
    headerMembers: [],
    bodyMembers: [],
  };
  for (const [name, member] of Object.entries(input?.members ?? {})) {
    if (!SUPPORTED_LOCATIONS.has(member.location)) {
      throw new Error(`${op.name}.${name}: unsupported location ${member.location}`);
    }
    const bound = { name, wireName: member.locationName ?? name, member };
    if (member.location === 'uri') compiled.uriMembers.push(bound);
    else if (member.location === 'querystring') compiled.queryMembers.push(bound);
    else if (member.location === 'header') compiled.headerMembers.push(bound);
    else compiled.bodyMembers.push(bound);
  }
  for (const bound of compiled.uriMembers) {
    if (!path.some((s) => s.kind === 'label' && s.name === bound.wireName)) {
      throw new Error(`${op.name}: uri member ${bound.name} has no {${bound.wireName}} in ${op.http.requestUri}`);
    }
  }
  return compiled;
}

function structure(s: ShapeModel, name: string): StructureShape {
  if (s.type !== 'structure') throw new Error(`${name} is not a structure`);
  return s;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

const patternCache = new Map<string, RegExp>();

/**
 * The model's patterns are ECMA-262 and not implicitly anchored; dialtone matches them against the whole value
 * (so `[A-Z]{2}` accepts `US` but not `USA`). Compiled once per distinct pattern.
 */
export function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    patternCache.set(pattern, re);
  }
  return re;
}

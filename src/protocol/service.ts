/**
 * A service model compiled for serving: operations indexed with their HTTP bindings split out. Compiling `checked`
 * fails fast on model features the protocol layer does not handle; a server compiles the committed models `trusted`
 * (checked by the test suite), each operation's bindings on first use (see {@link CompileMode}).
 */
import { bindingsOf, type Bindings, type BoundMember } from './bindings.ts';
import { checkModel } from './model-check.ts';
import type { OperationModel, ServiceModel, ShapeModel, StructureShape } from './model-types.ts';

export type { BoundMember } from './bindings.ts';
export type PathSegment = { kind: 'static'; value: string } | { kind: 'label'; name: string };

/**
 * The model's bounds of a member: the value range of an integer, the length range of a string, list or map
 * (absent where the model states none).
 */
export interface Bounds {
  min?: number;
  max?: number;
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
  /** Members carried in the JSON body; empty when the input has no body or a payload. */
  bodyMembers: BoundMember[];
  /** Where every input member travels (the lists above are its uri, query, headers and body). */
  inputBindings?: Bindings;
  /** Where every output member travels. */
  outputBindings?: Bindings;
  /** The bounds of each input member's shape, by member name (see {@link boundsOf}). */
  memberBounds: ReadonlyMap<string, Bounds>;
}

export interface CompiledService {
  /** The model's endpoint prefix, e.g. `chime` or `voice-chime`. */
  id: string;
  model: ServiceModel;
  operations: Map<string, CompiledOperation>;
  shape(name: string): ShapeModel;
}

/**
 * How {@link compileService} treats the model. `checked` (the default) refuses at once, naming it, anything the
 * protocol layer does not handle (model-check.ts), any invalid pattern or inconsistent operation, and compiles every
 * operation. `trusted` is for models already compiled `checked` elsewhere (the committed models and their union, by
 * the test suite): it routes every operation but compiles each one's bindings on first use, and patterns when first
 * matched, so that a server's start does not pay for the hundreds of operations it may never serve.
 */
export type CompileMode = 'checked' | 'trusted';

/**
 * @example const chime = compileService(JSON.parse(readFileSync('spec/chime-2018-05-01.json', 'utf8')));
 */
export function compileService(model: ServiceModel, mode: CompileMode = 'checked'): CompiledService {
  const shape = (name: string): ShapeModel => {
    const found = model.shapes[name];
    if (!found) throw new Error(`shape ${name} is not in ${model.metadata.uid}`);
    return found;
  };
  const operations = new Map<string, CompiledOperation>();
  if (mode === 'trusted') {
    for (const op of Object.values(model.operations)) operations.set(op.name, new LazyOperation(op, shape));
    return { id: model.metadata.endpointPrefix, model, operations, shape };
  }
  checkModel(model, shape);
  for (const s of Object.values(model.shapes)) {
    if (s.type === 'string' && s.pattern !== undefined) compilePattern(s.pattern);
  }
  for (const op of Object.values(model.operations)) operations.set(op.name, compileOperation(op, shape));
  return { id: model.metadata.endpointPrefix, model, operations, shape };
}

/** What the router reads of an operation: its HTTP method, path and literal query, and its status code. */
type Route = Pick<CompiledOperation, 'name' | 'method' | 'path' | 'literalQuery' | 'responseCode'>;

/** The rest of an operation: its shapes and where each member travels. */
type Binding = Omit<CompiledOperation, keyof Route>;

function compileOperation(op: OperationModel, shape: (name: string) => ShapeModel): CompiledOperation {
  const route = routeOf(op);
  return { ...route, ...bindingOf(op, route, shape) };
}

/** An operation of a `trusted` model: its route now, the rest on first use (see {@link CompileMode}). */
class LazyOperation implements CompiledOperation {
  readonly name: string;
  readonly method: string;
  readonly path: PathSegment[];
  readonly literalQuery: [string, string][];
  readonly responseCode: number;
  readonly #op: OperationModel;
  readonly #shape: (name: string) => ShapeModel;
  #binding: Binding | undefined;

  constructor(op: OperationModel, shape: (name: string) => ShapeModel) {
    const route = routeOf(op);
    this.name = route.name;
    this.method = route.method;
    this.path = route.path;
    this.literalQuery = route.literalQuery;
    this.responseCode = route.responseCode;
    this.#op = op;
    this.#shape = shape;
  }

  get #bound(): Binding {
    return (this.#binding ??= bindingOf(this.#op, this, this.#shape));
  }

  get input(): StructureShape | undefined {
    return this.#bound.input;
  }
  get output(): StructureShape | undefined {
    return this.#bound.output;
  }
  get uriMembers(): BoundMember[] {
    return this.#bound.uriMembers;
  }
  get queryMembers(): BoundMember[] {
    return this.#bound.queryMembers;
  }
  get headerMembers(): BoundMember[] {
    return this.#bound.headerMembers;
  }
  get bodyMembers(): BoundMember[] {
    return this.#bound.bodyMembers;
  }
  get inputBindings(): Bindings | undefined {
    return this.#bound.inputBindings;
  }
  get outputBindings(): Bindings | undefined {
    return this.#bound.outputBindings;
  }
  get memberBounds(): ReadonlyMap<string, Bounds> {
    return this.#bound.memberBounds;
  }
}

function routeOf(op: OperationModel): Route {
  const [rawPath, rawQuery] = splitOnce(op.http.requestUri, '?');
  const path: PathSegment[] = rawPath
    .split('/')
    .slice(1)
    .map((segment) => {
      const label = /^\{([^}]+)\}$/.exec(segment);
      if (!label) return { kind: 'static', value: segment };
      if (label[1]!.endsWith('+')) throw new Error(`operation ${op.name}: unsupported model feature greedy label {${label[1]}}`);
      return { kind: 'label', name: label[1]! };
    });
  const literalQuery: [string, string][] = rawQuery
    ? rawQuery.split('&').map((pair) => splitOnce(pair, '=') as [string, string])
    : [];
  return { name: op.name, method: op.http.method, path, literalQuery, responseCode: op.http.responseCode ?? 200 };
}

function bindingOf(op: OperationModel, route: Route, shape: (name: string) => ShapeModel): Binding {
  const input = op.input ? structure(shape(op.input.shape), op.input.shape) : undefined;
  const output = op.output ? structure(shape(op.output.shape), op.output.shape) : undefined;
  const inputBindings = input ? bindingsOf(input, op.input?.payload ?? input.payload) : undefined;
  const binding: Binding = {
    input,
    output,
    uriMembers: inputBindings?.uri ?? [],
    queryMembers: inputBindings?.query ?? [],
    headerMembers: inputBindings?.headers ?? [],
    bodyMembers: inputBindings?.body ?? [],
    inputBindings,
    outputBindings: output ? bindingsOf(output, op.output?.payload ?? output.payload) : undefined,
    memberBounds: new Map(Object.entries(input?.members ?? {}).map(([name, member]) => [name, boundsOfShape(shape(member.shape))])),
  };
  for (const bound of binding.uriMembers) {
    if (!route.path.some((s) => s.kind === 'label' && s.name === bound.wireName)) {
      throw new Error(`${op.name}: uri member ${bound.name} has no {${bound.wireName}} in ${op.http.requestUri}`);
    }
  }
  return binding;
}

function boundsOfShape(s: ShapeModel): Bounds {
  const bounds: Bounds = {};
  if ('min' in s && s.min !== undefined) bounds.min = s.min;
  if ('max' in s && s.max !== undefined) bounds.max = s.max;
  return bounds;
}

/**
 * The model's bounds of an input member of `operation`, e.g. `boundsOf(op, 'MaxResults')` → `{ min: 1, max: 99 }` for
 * `ListPhoneNumberOrders` of chime 2018-05-01 and `{ min: 1, max: 100 }` of chime-sdk-voice.
 * @throws Error when the operation's input has no such member (a mistake in the caller, not in the request)
 */
export function boundsOf(operation: CompiledOperation, member: string): Bounds {
  const bounds = operation.memberBounds.get(member);
  if (!bounds) throw new Error(`${operation.name} has no input member ${member}`);
  return bounds;
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

/** A quantifier on an anchor (`${2,64}`): not ECMAScript, but repeating a zero-width assertion at least once is the assertion. */
const QUANTIFIED_ANCHOR = /(?<!\\)([$^])\{[1-9]\d*(?:,\d*)?\}/g;

/**
 * The model's patterns are ECMA-262 and not implicitly anchored; dialtone matches them against the whole value
 * (so `[A-Z]{2}` accepts `US` but not `USA`). Compiled once per distinct pattern.
 *
 * One pattern of chime-sdk-voice 2022-08-03 is no valid regular expression in any engine the SDKs use:
 * `ClientRequestId` is `^[-_a-zA-Z0-9]*${2,64}$`. A quantified anchor is read as the anchor itself (what PCRE does),
 * so that pattern means `^[-_a-zA-Z0-9]*$`; any other invalid pattern fails at start-up.
 */
export function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${readable(pattern)})$`);
    patternCache.set(pattern, re);
  }
  return re;
}

function readable(pattern: string): string {
  try {
    new RegExp(pattern);
    return pattern;
  } catch (error) {
    const rewritten = pattern.replace(QUANTIFIED_ANCHOR, '$1');
    if (rewritten === pattern) throw error;
    return rewritten;
  }
}

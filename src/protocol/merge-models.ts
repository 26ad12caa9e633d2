/**
 * The union of two rest-json models that share their paths (legacy `chime` and `chime-sdk-voice`): a request that
 * either model accepts, the union accepts — with one reservation: a member only one model defines is checked against
 * that model's constraints, so a value the other model would silently ignore (a legacy request with a bad voice `Name`)
 * is refused — and an answer carries every member that either model defines. It answers
 * clients that do not say which API they were built for (see src/gateway/api-selector.ts); every fact in it comes from
 * the two models, nothing is typed by hand.
 *
 * Shapes merge by name (the two models name one concept alike). Where a member of one model refers to another shape
 * than the same member of the other (`String` and `SensitiveNonEmptyString`), the union gets a shape of its own,
 * named `<first>|<second>`. The merge of two shapes is the looser of each constraint:
 * - strings: the union of two enums (no enum when either has none); either pattern; the wider length bounds;
 * - numbers, lists and maps: the wider bounds;
 * - structures: every member of either; required only where both require it;
 * - operations: every operation of either; errors of both; the first model's HTTP binding (the two agree);
 * - a shape name with a different type in each model (none in the committed models): the first model's shape.
 */
import type { MemberModel, OperationModel, ServiceModel, ShapeModel, StructureShape } from './model-types.ts';

/**
 * @param first its metadata and HTTP bindings win where the two differ
 * @example const union = mergeModels(chimeModel, voiceModel, { endpointPrefix: 'chime+voice-chime', ... })
 */
export function mergeModels(first: ServiceModel, second: ServiceModel, metadata: Partial<ServiceModel['metadata']>): ServiceModel {
  const shapes: Record<string, ShapeModel> = {};
  const pending: [string, string | undefined, string | undefined][] = [];
  const queued = new Set<string>();

  /** The union's name for the pair, queued for merging on first sight. */
  const pair = (a: string | undefined, b: string | undefined): string => {
    const name = a === undefined || b === undefined || a === b ? (a ?? b)! : `${a}|${b}`;
    if (!queued.has(name)) {
      queued.add(name);
      pending.push([name, a, b]);
    }
    return name;
  };
  const member = (a: MemberModel | undefined, b: MemberModel | undefined): MemberModel => {
    const base = (a ?? b)!;
    return { ...base, shape: pair(a?.shape, b?.shape) };
  };

  for (const name of new Set([...Object.keys(first.shapes), ...Object.keys(second.shapes)])) {
    pair(first.shapes[name] ? name : undefined, second.shapes[name] ? name : undefined);
  }
  const drain = (): void => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const [name, a, b] = next;
      shapes[name] = mergeShape(a === undefined ? undefined : first.shapes[a], b === undefined ? undefined : second.shapes[b], member);
    }
  };
  drain();

  const operations: Record<string, OperationModel> = {};
  for (const name of new Set([...Object.keys(first.operations), ...Object.keys(second.operations)])) {
    const a = first.operations[name];
    const b = second.operations[name];
    const base = (a ?? b)!;
    const op: OperationModel = { ...base };
    if (a?.input || b?.input) op.input = { shape: pair(a?.input?.shape, b?.input?.shape) };
    if (a?.output || b?.output) op.output = { shape: pair(a?.output?.shape, b?.output?.shape) };
    const errors = [...new Set([...(a?.errors ?? []), ...(b?.errors ?? [])].map((e) => e.shape))];
    if (errors.length > 0) op.errors = errors.map((shape) => ({ shape }));
    operations[name] = op;
  }
  // Input and output shapes named apart in the two models were queued by the loop above.
  drain();
  return { ...(first.version && { version: first.version }), metadata: { ...first.metadata, ...metadata }, operations, shapes };
}

type MemberMerge = (a: MemberModel | undefined, b: MemberModel | undefined) => MemberModel;

function mergeShape(a: ShapeModel | undefined, b: ShapeModel | undefined, member: MemberMerge): ShapeModel {
  if (a === undefined || b === undefined) {
    // A shape of one model only: its members still refer to the union's names.
    const only = (a ?? b)!;
    return mergeShape(only, only, (x, y) => member(a && x, b && y));
  }
  if (a.type !== b.type) return a;
  switch (a.type) {
    case 'string': {
      const other = b as typeof a;
      const merged: typeof a = { type: 'string', ...widest(a, other) };
      if (a.enum && other.enum) merged.enum = [...new Set([...a.enum, ...other.enum])];
      if (a.pattern !== undefined && other.pattern !== undefined) {
        merged.pattern = a.pattern === other.pattern ? a.pattern : `(?:${a.pattern})|(?:${other.pattern})`;
      }
      if (a.sensitive || other.sensitive) merged.sensitive = true;
      return merged;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return { ...unbounded(a), ...widest(a, b as typeof a) };
    case 'list': {
      const other = b as typeof a;
      return { ...unbounded(a), ...widest(a, other), member: member(a.member, other.member) };
    }
    case 'map': {
      const other = b as typeof a;
      return { ...unbounded(a), ...widest(a, other), key: member(a.key, other.key), value: member(a.value, other.value) };
    }
    case 'structure':
      return mergeStructure(a, b as StructureShape, member);
    default:
      return a;
  }
}

function mergeStructure(a: StructureShape, b: StructureShape, member: MemberMerge): StructureShape {
  const members: Record<string, MemberModel> = {};
  for (const name of new Set([...Object.keys(a.members), ...Object.keys(b.members)])) {
    members[name] = member(a.members[name], b.members[name]);
  }
  const merged: StructureShape = { ...b, ...a, members };
  const required = (a.required ?? []).filter((name) => (b.required ?? []).includes(name));
  if (required.length > 0) merged.required = required;
  else delete merged.required;
  return merged;
}

function unbounded<T extends { min?: number; max?: number }>(shape: T): Omit<T, 'min' | 'max'> {
  const rest: Omit<T, 'min' | 'max'> & { min?: number; max?: number } = { ...shape };
  delete rest.min;
  delete rest.max;
  return rest;
}

/** The wider of two ranges: a bound stays only when both models state one. */
function widest(a: { min?: number; max?: number }, b: { min?: number; max?: number }): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  if (a.min !== undefined && b.min !== undefined) bounds.min = Math.min(a.min, b.min);
  if (a.max !== undefined && b.max !== undefined) bounds.max = Math.max(a.max, b.max);
  return bounds;
}

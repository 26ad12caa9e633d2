/**
 * Checks a value against a shape of the model: type, required, enum, pattern, length, list size and integer range.
 * Messages follow AWS's validation style and name the member path and the rule; values of `sensitive` shapes are
 * never echoed (the path, with its list index, says which item failed).
 */
import type { ShapeModel, StructureShape } from './model-types.ts';
import { compilePattern, type CompiledService } from './service.ts';

export type Violations = string[];

/** Checking stops collecting after this many violations: a list of 100k bad items costs no more than 100. */
const MAX_VIOLATIONS = 100;

/**
 * Validates `value` in place and coerces nothing. Unknown structure keys are removed so that handlers only ever
 * see modelled members.
 * @example checkValue(chime, chime.shape('CreatePhoneNumberOrderRequest'), input, '', violations, true)
 */
export function checkValue(
  service: CompiledService,
  shape: ShapeModel,
  value: unknown,
  path: string,
  violations: Violations,
  top = false,
): void {
  switch (shape.type) {
    case 'structure':
      return checkStructure(service, shape, value, path, violations, top);
    case 'list': {
      if (!Array.isArray(value)) return fail(violations, value, path, 'Member must be a list', false);
      if (shape.min !== undefined && value.length < shape.min) {
        violations.push(`Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value.length > shape.max) {
        violations.push(`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
        return;
      }
      const member = service.shape(shape.member.shape);
      for (let index = 0; index < value.length && violations.length < MAX_VIOLATIONS; index++) {
        const item: unknown = value[index];
        if (item === null || item === undefined) {
          violations.push(`Value null at '${path}.${index + 1}.member' failed to satisfy constraint: Member must not be null`);
        } else checkValue(service, member, item, `${path}.${index + 1}.member`, violations);
      }
      return;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return fail(violations, value, path, 'Member must be a map', false);
      }
      const keyShape = service.shape(shape.key.shape);
      const valueShape = service.shape(shape.value.shape);
      for (const [key, inner] of Object.entries(value)) {
        checkValue(service, keyShape, key, `${path}.${key}.key`, violations);
        checkValue(service, valueShape, inner, `${path}.${key}.value`, violations);
      }
      return;
    }
    case 'string': {
      const sensitive = shape.sensitive === true;
      if (typeof value !== 'string') return fail(violations, value, path, 'Member must be a string', sensitive);
      if (shape.enum && !shape.enum.includes(value)) {
        return fail(violations, value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`, sensitive);
      }
      const length = value.length;
      if (shape.min !== undefined && length < shape.min) {
        fail(violations, value, path, `Member must have length greater than or equal to ${shape.min}`, sensitive);
      }
      if (shape.max !== undefined && length > shape.max) {
        return fail(violations, value, path, `Member must have length less than or equal to ${shape.max}`, sensitive);
      }
      if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
        fail(violations, value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`, sensitive);
      }
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return fail(violations, value, path, 'Member must be an integer', false);
      }
      if (shape.min !== undefined && value < shape.min) {
        fail(violations, value, path, `Member must have value greater than or equal to ${shape.min}`, false);
      }
      if (shape.max !== undefined && value > shape.max) {
        fail(violations, value, path, `Member must have value less than or equal to ${shape.max}`, false);
      }
      return;
    }
    case 'float':
    case 'double': {
      // NaN and the infinities are numbers of the model (sent as "NaN", "Infinity", "-Infinity").
      if (typeof value !== 'number') return fail(violations, value, path, 'Member must be a number', false);
      if (shape.min !== undefined && value < shape.min) {
        fail(violations, value, path, `Member must have value greater than or equal to ${shape.min}`, false);
      }
      if (shape.max !== undefined && value > shape.max) {
        fail(violations, value, path, `Member must have value less than or equal to ${shape.max}`, false);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(violations, value, path, 'Member must be a boolean', false);
      return;
    case 'timestamp':
      // Read from the wire by format (timestamps.ts): what arrives here is an instant.
      if (!(value instanceof Date)) fail(violations, value, path, 'Member must be a timestamp', false);
      return;
    case 'blob':
      if (!(value instanceof Uint8Array)) fail(violations, value, path, 'Member must be a blob', false);
      return;
  }
}

function checkStructure(
  service: CompiledService,
  shape: StructureShape,
  value: unknown,
  path: string,
  violations: Violations,
  top: boolean,
): void {
  if (shape.document) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(violations, value, path, 'Member must be a structure', false);
  }
  const record = value as Record<string, unknown>;
  const plan = planOf(service, shape);
  if (shape.union) {
    const set = Object.keys(record).filter((key) => Object.hasOwn(shape.members, key) && record[key] !== null && record[key] !== undefined);
    if (set.length !== 1) violations.push(`Value at '${path === '' ? 'input' : path}' failed to satisfy constraint: Exactly one member of the union must be set, not ${set.length}`);
  }
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(shape.members, key)) delete record[key];
  }
  for (const name of plan.required) {
    if (record[name] === undefined || record[name] === null) {
      violations.push(`Value null at '${join(path, name, top)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const { name, shape: memberShape } of plan.members) {
    const inner = record[name];
    if (inner === undefined || inner === null) {
      delete record[name];
      continue;
    }
    // A jsonvalue header is any JSON value.
    if (memberShape !== undefined) checkValue(service, memberShape, inner, join(path, name, top), violations);
  }
}

/** A structure's members with their shapes looked up (none for a jsonvalue member: any JSON value), and its required names. */
interface StructurePlan {
  members: { name: string; shape: ShapeModel | undefined }[];
  required: string[];
}

/** Plans by service (a shape's member names its shape in its own service's model) and structure. */
const plans = new WeakMap<CompiledService, WeakMap<StructureShape, StructurePlan>>();

function planOf(service: CompiledService, shape: StructureShape): StructurePlan {
  let byShape = plans.get(service);
  if (byShape === undefined) plans.set(service, (byShape = new WeakMap()));
  let plan = byShape.get(shape);
  if (plan === undefined) {
    const members = Object.entries(shape.members).map(([name, member]) => ({ name, shape: member.jsonvalue ? undefined : service.shape(member.shape) }));
    byShape.set(shape, (plan = { members, required: shape.required ?? [] }));
  }
  return plan;
}

function join(path: string, name: string, top: boolean): string {
  return top || path === '' ? name : `${path}.${name}`;
}

function fail(violations: Violations, value: unknown, path: string, rule: string, sensitive: boolean): void {
  const shown = sensitive ? '' : ` ${describe(value)}`;
  violations.push(`Value${shown} at '${path}' failed to satisfy constraint: ${rule}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 64 ? `${value.slice(0, 64)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `'${String(value)}'`;
  if (Array.isArray(value)) return 'of type list';
  if (value === null) return 'null';
  return `of type ${typeof value}`;
}

#!/usr/bin/env node
// Generates typed TypeScript declarations from the structural botocore models under spec/.
// Usage: npm run codegen                      (writes src/generated/*.ts)
//        node scripts/generate-types.mjs --check   (exit 1 if a generated file is stale or missing)
// No dependencies; output is deterministic (shapes and operations sorted by name, LF line endings).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const TARGETS = [
  { spec: 'spec/chime-2018-05-01.json', out: 'src/generated/chime.ts', prefix: 'Chime' },
  { spec: 'spec/chime-sdk-voice-2022-08-03.json', out: 'src/generated/chime-sdk-voice.ts', prefix: 'ChimeSdkVoice' },
];

// Shape names that would shadow (or be confused with) TypeScript/JavaScript built-in types.
// Such shapes are emitted as `<Name>Shape` and every reference uses the renamed identifier.
const RESERVED = new Set([
  'Array', 'ArrayBuffer', 'ArrayLike', 'Awaited', 'BigInt', 'Blob', 'Boolean', 'Buffer', 'Capitalize', 'DataView',
  'Date', 'Double', 'Error', 'Exclude', 'Extract', 'Float', 'Function', 'InstanceType', 'Integer', 'Iterable',
  'Iterator', 'JSON', 'Long', 'Lowercase', 'Map', 'Math', 'NonNullable', 'Number', 'Object', 'Omit', 'Parameters',
  'Partial', 'Pick', 'Promise', 'PromiseLike', 'Proxy', 'Readonly', 'ReadonlyArray', 'ReadonlyMap', 'ReadonlySet',
  'Record', 'Reflect', 'RegExp', 'Required', 'ReturnType', 'Set', 'String', 'Symbol', 'Timestamp', 'Uint8Array',
  'Uncapitalize', 'Uppercase', 'WeakMap', 'WeakSet',
]);

const IDENT = /^[A-Za-z_$][\w$]*$/;
// Enum unions longer than this are wrapped one member per line.
const MAX_LINE = 120;

/** Code-unit ordering: locale-independent, so output bytes never depend on the environment. */
function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text safe to place inside a `/** ... *\/` comment on one line. */
function commentSafe(text) {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]/g, ' ');
}

function quote(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function range(min, max, unit) {
  if (min === undefined && max === undefined) return undefined;
  const lead = unit ? `${unit} ` : '';
  if (min !== undefined && max !== undefined) return `${lead}${min}..${max}`;
  if (min !== undefined) return `${lead}>= ${min}`;
  return `${lead}<= ${max}`;
}

function generate(specPath, prefix) {
  const model = JSON.parse(readFileSync(join(root, specPath), 'utf8'));
  const shapes = model.shapes;
  const shapeNames = Object.keys(shapes).sort(byName);
  const operationNames = Object.keys(model.operations).sort(byName);
  const operationsType = `${prefix}Operations`;
  const operationNameType = `${prefix}OperationName`;

  // ---- naming ---------------------------------------------------------------------------------
  const typeName = new Map();
  for (const name of shapeNames) {
    if (!IDENT.test(name)) throw new Error(`${specPath}: shape name ${JSON.stringify(name)} is not an identifier`);
    typeName.set(name, RESERVED.has(name) ? `${name}Shape` : name);
  }
  const emitted = new Map();
  for (const [name, ident] of typeName) {
    if (emitted.has(ident)) throw new Error(`${specPath}: shapes ${emitted.get(ident)} and ${name} both map to ${ident}`);
    emitted.set(ident, name);
  }
  for (const ident of [operationsType, operationNameType]) {
    if (emitted.has(ident)) throw new Error(`${specPath}: shape ${emitted.get(ident)} clashes with generated ${ident}`);
  }
  const renamed = [...typeName].filter(([name, ident]) => name !== ident);

  const ref = (shapeName) => {
    const ident = typeName.get(shapeName);
    if (!ident) throw new Error(`${specPath}: reference to unknown shape ${shapeName}`);
    return ident;
  };

  // ---- roles (for comments) ---------------------------------------------------------------------
  const inputOf = new Map();
  const outputOf = new Map();
  for (const opName of operationNames) {
    const op = model.operations[opName];
    if (op.input) inputOf.set(op.input.shape, opName);
    if (op.output) outputOf.set(op.output.shape, opName);
  }

  // ---- member documentation ---------------------------------------------------------------------
  function memberDoc(member) {
    const target = shapes[member.shape];
    const parts = [];
    if (member.location) {
      parts.push(member.locationName ? `${member.location} \`${member.locationName}\`` : member.location);
    } else if (member.locationName) {
      parts.push(`wire name \`${member.locationName}\``);
    }
    if (member.idempotencyToken) parts.push('idempotency token');
    if (target) {
      if (target.enum) parts.push(`enum \`${ref(member.shape)}\``);
      switch (target.type) {
        case 'string':
          parts.push(range(target.min, target.max, 'length'));
          break;
        case 'list':
        case 'map':
          parts.push(range(target.min, target.max, 'items'));
          break;
        case 'integer':
        case 'long':
        case 'double':
        case 'float':
          parts.push(range(target.min, target.max, ''));
          break;
        case 'timestamp':
          if (target.timestampFormat) parts.push(`format ${target.timestampFormat}`);
          break;
        default:
          break;
      }
      if (target.pattern !== undefined) parts.push(`pattern \`${target.pattern}\``);
      if (target.sensitive) parts.push('sensitive');
    }
    const text = parts.filter((p) => p !== undefined).join('; ');
    return text ? `/** ${commentSafe(text)} */` : undefined;
  }

  // ---- shapes -----------------------------------------------------------------------------------
  function emitShape(name) {
    const shape = shapes[name];
    const ident = ref(name);
    switch (shape.type) {
      case 'string':
        if (shape.enum && shape.enum.length > 0) {
          const oneLine = `export type ${ident} = ${shape.enum.map(quote).join(' | ')};`;
          if (oneLine.length <= MAX_LINE) return [oneLine];
          return [`export type ${ident} =`, ...shape.enum.map((value, i, all) => `  | ${quote(value)}${i === all.length - 1 ? ';' : ''}`)];
        }
        return [`export type ${ident} = string;`];
      case 'integer':
      case 'long':
      case 'double':
      case 'float':
        return [`export type ${ident} = number;`];
      case 'boolean':
        return [`export type ${ident} = boolean;`];
      case 'timestamp':
        return [`export type ${ident} = Date;`];
      case 'blob':
        return [`export type ${ident} = Uint8Array;`];
      case 'list':
        return [`export type ${ident} = ${ref(shape.member.shape)}[];`];
      case 'map':
        return [`export type ${ident} = Record<${ref(shape.key.shape)}, ${ref(shape.value.shape)}>;`];
      case 'structure':
        return emitStructure(name, shape, ident);
      default:
        throw new Error(`${specPath}: shape ${name} has unsupported type ${shape.type}`);
    }
  }

  function emitStructure(name, shape, ident) {
    const lines = [];
    const notes = [];
    if (inputOf.has(name)) notes.push(`Input of \`${inputOf.get(name)}\`.`);
    if (outputOf.has(name)) notes.push(`Output of \`${outputOf.get(name)}\`.`);
    if (shape.exception || shape.error) {
      const status = shape.error?.httpStatusCode;
      const code = shape.error?.code;
      notes.push(
        `Error${status !== undefined ? ` (HTTP ${status}${code ? `, code \`${code}\`` : ''})` : ''}${shape.fault ? ', server fault' : ''}.`,
      );
    }
    if (notes.length > 0) lines.push(`/** ${commentSafe(notes.join(' '))} */`);
    // Members in `required` are non-optional for every structure (inputs, outputs, nested shapes and
    // errors alike); all other members are optional.
    const required = new Set(shape.required ?? []);
    for (const r of required) {
      if (!(r in shape.members)) throw new Error(`${specPath}: ${name} requires unknown member ${r}`);
    }
    const memberNames = Object.keys(shape.members);
    if (memberNames.length === 0) {
      lines.push(`export interface ${ident} {}`);
      return lines;
    }
    lines.push(`export interface ${ident} {`);
    for (const memberName of memberNames) {
      const member = shape.members[memberName];
      const key = IDENT.test(memberName) ? memberName : quote(memberName);
      const doc = memberDoc(member);
      if (doc) lines.push(`  ${doc}`);
      lines.push(`  ${key}${required.has(memberName) ? '' : '?'}: ${ref(member.shape)};`);
    }
    lines.push('}');
    return lines;
  }

  // ---- file -------------------------------------------------------------------------------------
  const out = [];
  out.push(`// DO NOT EDIT. Generated by scripts/generate-types.mjs from ${specPath}. Run \`npm run codegen\`.`);
  out.push('/* eslint-disable */');
  out.push('/*');
  out.push(` * ${model.metadata.serviceFullName} (${model.metadata.uid}): ${shapeNames.length} shapes, ${operationNames.length} operations.`);
  out.push(' * Shapes and operations are sorted by name. Structure members keep the model\'s PascalCase names;');
  out.push(' * members listed in the shape\'s `required` trait are non-optional, all others are optional.');
  out.push(' * Naming rule: a shape whose name clashes with a TypeScript/JavaScript built-in type (String, Boolean,');
  out.push(' * Integer, Long, Date, Timestamp, Record, Error, Object, ...) is emitted as `<Name>Shape` and referenced');
  out.push(' * by that name.');
  if (renamed.length > 0) {
    out.push(` * Renamed here: ${renamed.map(([name, ident]) => `${name} -> ${ident}`).join(', ')}.`);
  }
  out.push(' */');

  for (const name of shapeNames) {
    out.push('');
    out.push(...emitShape(name));
  }

  out.push('');
  out.push(`/** Every ${model.metadata.serviceId} operation with its input and output types (\`void\` = no output body). */`);
  out.push(`export interface ${operationsType} {`);
  for (const opName of operationNames) {
    const op = model.operations[opName];
    const http = op.http;
    const status = http.responseCode !== undefined ? ` -> ${http.responseCode}` : '';
    out.push(`  /** ${commentSafe(`${http.method} ${http.requestUri}${status}`)} */`);
    const input = op.input ? ref(op.input.shape) : 'Record<string, never>';
    const output = op.output ? ref(op.output.shape) : 'void';
    out.push(`  ${opName}: { input: ${input}; output: ${output} };`);
  }
  out.push('}');
  out.push('');
  out.push(`export type ${operationNameType} = keyof ${operationsType};`);
  out.push('');
  return { text: out.join('\n'), renamed };
}

const check = process.argv.includes('--check');
const unknown = process.argv.slice(2).filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: node scripts/generate-types.mjs [--check]`);
  process.exit(2);
}

let stale = false;
for (const { spec, out, prefix } of TARGETS) {
  const { text, renamed } = generate(spec, prefix);
  const target = join(root, out);
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === undefined) {
      console.error(`${out} is missing: run \`npm run codegen\``);
      stale = true;
    } else if (current !== text) {
      console.error(`${out} is stale (differs from ${spec}): run \`npm run codegen\``);
      stale = true;
    }
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    const lines = text.split('\n').length - 1;
    const note = renamed.length > 0 ? `; renamed ${renamed.map(([n, i]) => `${n}->${i}`).join(', ')}` : '';
    console.log(`${out}: ${lines} lines from ${spec}${note}`);
  }
}
if (check) {
  if (stale) process.exit(1);
  console.log('generated types are up to date');
}

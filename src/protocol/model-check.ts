/**
 * The allowlist: every model feature the protocol layer handles, and a start-up refusal, by name, of anything else —
 * an unknown key on a shape, member or operation, a shape type, or a binding the code cannot read or write (a map in
 * a header, a statusCode on an input, a document as payload…). What is admitted: docs/architecture.md, "The wire
 * model".
 */
import type { MemberModel, OperationModel, ServiceModel, ShapeModel, StructureShape } from './model-types.ts';

/** Keys that carry no wire fact, or one a server may leave to the client (host prefixes, checksums it sends). */
const INERT = ['documentation', 'documentationUrl', 'deprecated', 'deprecatedMessage', 'since'];

const SHAPE_KEYS: Record<string, readonly string[]> = {
  structure: ['members', 'required', 'exception', 'fault', 'error', 'sensitive', 'payload', 'union', 'document'],
  list: ['member', 'min', 'max', 'sensitive'],
  map: ['key', 'value', 'min', 'max', 'sensitive'],
  string: ['enum', 'pattern', 'min', 'max', 'sensitive'],
  integer: ['min', 'max', 'box'],
  long: ['min', 'max', 'box'],
  float: ['min', 'max', 'box'],
  double: ['min', 'max', 'box'],
  boolean: ['box'],
  timestamp: ['timestampFormat'],
  blob: ['sensitive'],
};
const MEMBER_KEYS = ['shape', 'location', 'locationName', 'idempotencyToken', 'box', 'timestampFormat', 'jsonvalue', 'hostLabel'];
const OPERATION_KEYS = ['name', 'http', 'input', 'output', 'errors', 'endpoint', 'idempotent', 'httpChecksumRequired', 'authtype', 'auth'];
const HTTP_KEYS = ['method', 'requestUri', 'responseCode'];
/** `locationName` of a reference names an XML root element: nothing in JSON. */
const REF_KEYS = ['shape', 'payload', 'locationName'];
const TIMESTAMP_FORMATS = ['iso8601', 'unixTimestamp', 'rfc822'];
const SCALARS = ['string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp'];

type Lookup = (name: string) => ShapeModel;

/** @throws Error naming the model's first unsupported feature and where it is */
export function checkModel(model: ServiceModel, shape: Lookup): void {
  if (model.metadata.protocol !== 'rest-json') throw new Error(`unsupported protocol ${model.metadata.protocol} in ${model.metadata.uid}`);
  for (const [name, s] of Object.entries(model.shapes)) checkShape(name, s, shape);
  for (const op of Object.values(model.operations)) checkOperation(op, shape);
  for (const [name, s] of Object.entries(model.shapes)) {
    if (s.type === 'structure' && s.exception) checkTopLevel(`error ${name}`, s, undefined, 'error', shape);
  }
}

function refuseKeys(where: string, object: object, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key) && !INERT.includes(key)) throw new Error(`${where}: unsupported model feature '${key}'`);
  }
}

function checkShape(name: string, s: ShapeModel, shape: Lookup): void {
  const allowed = SHAPE_KEYS[s.type];
  if (!allowed) throw new Error(`shape ${name}: unsupported type ${s.type}`);
  refuseKeys(`shape ${name}`, s, ['type', ...allowed]);
  if (s.type === 'timestamp' && s.timestampFormat !== undefined && !TIMESTAMP_FORMATS.includes(s.timestampFormat)) {
    throw new Error(`shape ${name}: unsupported timestampFormat ${s.timestampFormat}`);
  }
  if (s.type === 'map' && shape(s.key.shape).type !== 'string') throw new Error(`shape ${name}: map keys must be strings`);
  const members: [string, MemberModel][] =
    s.type === 'structure' ? Object.entries(s.members ?? {}) : s.type === 'list' ? [['member', s.member]] : s.type === 'map' ? [['key', s.key], ['value', s.value]] : [];
  if (s.type === 'structure' && s.document && Object.keys(s.members ?? {}).length > 0) throw new Error(`shape ${name}: a document has no members`);
  for (const [memberName, member] of members) {
    const where = `shape ${name} member ${memberName}`;
    refuseKeys(where, member, MEMBER_KEYS);
    shape(member.shape);
    if (member.timestampFormat !== undefined && !TIMESTAMP_FORMATS.includes(member.timestampFormat)) {
      throw new Error(`${where}: unsupported timestampFormat ${member.timestampFormat}`);
    }
    if (member.jsonvalue && (member.location !== 'header' || shape(member.shape).type !== 'string')) {
      throw new Error(`${where}: unsupported model feature 'jsonvalue' outside a string header`);
    }
  }
}

function checkOperation(op: OperationModel, shape: Lookup): void {
  const where = `operation ${op.name}`;
  refuseKeys(where, op, OPERATION_KEYS);
  refuseKeys(`${where} http`, op.http, HTTP_KEYS);
  if (op.endpoint) refuseKeys(`${where} endpoint`, op.endpoint, ['hostPrefix']);
  if (op.input) {
    refuseKeys(`${where} input`, op.input, REF_KEYS);
    checkTopLevel(`${where} input`, structure(shape(op.input.shape), op.input.shape), op.input.payload, 'input', shape);
  }
  if (op.output) {
    refuseKeys(`${where} output`, op.output, REF_KEYS);
    checkTopLevel(`${where} output`, structure(shape(op.output.shape), op.output.shape), op.output.payload, 'output', shape);
  }
}

function structure(s: ShapeModel, name: string): StructureShape {
  if (s.type !== 'structure' || s.document) throw new Error(`${name} is not a structure`);
  return s;
}

/** The bindings of an input, output or error structure: each location with the shapes it can carry. */
function checkTopLevel(where: string, s: StructureShape, refPayload: string | undefined, role: 'input' | 'output' | 'error', shape: Lookup): void {
  const payload = refPayload ?? s.payload;
  if (payload !== undefined) {
    const member = s.members[payload];
    if (!member || member.location !== undefined) throw new Error(`${where}: payload ${payload} is not a body member`);
    const target = shape(member.shape);
    if (target.type === 'structure' && target.document) throw new Error(`${where}: unsupported model feature 'payload' of a document`);
    if (!['blob', 'string', 'structure'].includes(target.type)) throw new Error(`${where}: unsupported model feature 'payload' of type ${target.type}`);
    const others = Object.entries(s.members).filter(([name, m]) => name !== payload && m.location === undefined);
    if (others.length > 0) throw new Error(`${where}: body member ${others[0]![0]} beside payload ${payload}`);
  }
  let queryMaps = 0;
  for (const [name, member] of Object.entries(s.members)) {
    const target = shape(member.shape);
    const refuse = (what: string): never => {
      throw new Error(`${where} member ${name}: unsupported model feature ${what}`);
    };
    const scalar = (t: ShapeModel): boolean => SCALARS.includes(t.type);
    switch (member.location) {
      case undefined:
        break;
      case 'uri':
        // On an output or error, a label or query member is not on the wire (clients ignore it; so does dialtone).
        if (role !== 'input') break;
        if (!scalar(target)) refuse(`'location: uri' of type ${target.type}`);
        break;
      case 'querystring':
        if (role !== 'input') break;
        if (target.type === 'map') {
          const value = shape(target.value.shape);
          if (member.locationName !== undefined) refuse(`'location: querystring' of a named map`);
          if (!(value.type === 'string' || (value.type === 'list' && shape(value.member.shape).type === 'string'))) {
            refuse(`'location: querystring' of a map of ${value.type}`);
          }
          if (++queryMaps > 1) refuse(`a second querystring map`);
        } else if (!(scalar(target) || (target.type === 'list' && scalar(shape(target.member.shape))))) {
          refuse(`'location: querystring' of type ${target.type}`);
        }
        break;
      case 'header':
        if (!(scalar(target) || target.type === 'blob' || (target.type === 'list' && scalar(shape(target.member.shape))))) {
          refuse(`'location: header' of type ${target.type}`);
        }
        break;
      case 'headers':
        if (target.type !== 'map' || shape(target.value.shape).type !== 'string') refuse(`'location: headers' of type ${target.type}`);
        break;
      case 'statusCode':
        if (role === 'input') refuse(`'location: statusCode' on an input`);
        if (target.type !== 'integer') refuse(`'location: statusCode' of type ${target.type}`);
        break;
      default:
        refuse(`'location: ${String(member.location)}'`);
    }
  }
}

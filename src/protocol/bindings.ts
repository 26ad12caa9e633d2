/**
 * Where each member of an input, output or error structure travels: path label, query string, header, prefixed
 * headers, status code, the whole body (payload) or a member of the JSON body. Computed once per structure.
 */
import type { MemberModel, StructureShape } from './model-types.ts';

export interface BoundMember {
  name: string;
  /** The label, query key, header name or header prefix; for body members, the JSON key. */
  wireName: string;
  member: MemberModel;
}

export interface Bindings {
  uri: BoundMember[];
  query: BoundMember[];
  /** A map bound to the query string without a name: every query pair (those of named members too). */
  queryMap?: BoundMember;
  headers: BoundMember[];
  /** Maps bound to the headers that start with `wireName`. */
  prefixHeaders: BoundMember[];
  statusCode?: BoundMember;
  /** The member that is the whole body; when set, `body` is empty. */
  payload?: BoundMember;
  body: BoundMember[];
}

const cache = new WeakMap<StructureShape, Map<string, Bindings>>();

/**
 * @param payload the payload member's name (the structure's own `payload`, or the legacy one of the operation's reference)
 * @example bindingsOf(chime.shape('GetPhoneNumberOrderRequest')).uri → [{ name: 'PhoneNumberOrderId', wireName: 'phoneNumberOrderId', … }]
 */
export function bindingsOf(shape: StructureShape, payload = shape.payload): Bindings {
  let byPayload = cache.get(shape);
  if (!byPayload) cache.set(shape, (byPayload = new Map()));
  let bindings = byPayload.get(payload ?? '');
  if (!bindings) {
    bindings = compute(shape, payload);
    byPayload.set(payload ?? '', bindings);
  }
  return bindings;
}

function compute(shape: StructureShape, payload: string | undefined): Bindings {
  const bindings: Bindings = { uri: [], query: [], headers: [], prefixHeaders: [], body: [] };
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const bound = { name, wireName: member.locationName ?? name, member };
    switch (member.location) {
      case 'uri':
        bindings.uri.push(bound);
        break;
      case 'querystring':
        if (member.locationName === undefined) bindings.queryMap = bound;
        else bindings.query.push(bound);
        break;
      case 'header':
        bindings.headers.push(bound);
        break;
      case 'headers':
        bindings.prefixHeaders.push({ ...bound, wireName: (member.locationName ?? '').toLowerCase() });
        break;
      case 'statusCode':
        bindings.statusCode = bound;
        break;
      default:
        if (name === payload) bindings.payload = bound;
        else bindings.body.push(bound);
    }
  }
  return bindings;
}

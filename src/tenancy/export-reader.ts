/**
 * An export file read member by member (shared/json-members.ts), so that an account of millions of numbers is checked
 * and imported without ever being held whole. Three lists may be long: `orders`, `phoneNumbers` and `associations`.
 * {@link ExportChecker} takes a first reading: it holds every other member, checks each item of the long lists on its
 * own as it comes and keeps of it only the keys the checks across the file need (ids, owned numbers and their status,
 * associations' numbers and targets); its `finish` refuses a file that is not an export of version 1, or that is
 * malformed or contradicts itself, naming what and where. The items are then read again for the writes, in batches
 * ({@link itemsBatch}). {@link fromDocument} checks a parsed file the same way.
 */
import type { Order } from '../domain/orders/order.ts';
import type { OwnedNumber } from '../domain/phone-numbers/phone-number.ts';
import type { NumberAssociation } from '../domain/ports/associations.ts';
import type { JsonMember } from '../shared/json-members.ts';
import type { AccountContents } from './account-contents.ts';
import { associationFrom, contentsOf, ExportFormatError, headProblems, listed, notAnExport, numberFrom, orderFrom, refuseOtherFormats } from './export-format.ts';
import { exportDocumentSchema, exportItemSchemas, type ExportDocument } from './export-schema.ts';

/** The lists read item by item. */
export const LONG_LISTS = ['orders', 'phoneNumbers', 'associations'] as const;
export type LongList = (typeof LONG_LISTS)[number];
const isLongList = (key: string): key is LongList => (LONG_LISTS as readonly string[]).includes(key);

/** A batch of the items of one long list, as the domain names them. */
export type ItemsBatch = { list: 'orders'; items: Order[] } | { list: 'phoneNumbers'; items: OwnedNumber[] } | { list: 'associations'; items: NumberAssociation[] };

/** A file that passed every check: all of it but the long lists' items, and what the import needs of those. */
export interface CheckedExport {
  /** The account's contents with the long lists empty. */
  contents: AccountContents;
  counts: { orders: number; processingOrders: number; phoneNumbers: number; associations: number };
  /** The keys of the long lists' items that may be taken in the target database. */
  keys: { orderIds: string[]; ownedNumbers: string[]; associatedNumbers: string[] };
  /** The long lists in the file's order. */
  listOrder: LongList[];
}

type Issue = { path: PropertyKey[]; message: string };
const issueLine = (prefix: string, issue: Issue): string => `  ${[prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || '(root)'}: ${issue.message}`;

/** The first reading of a file: give it every member in order, then call `finish`. */
export class ExportChecker {
  readonly #head: Record<string, unknown> = {};
  readonly #listOrder: LongList[] = [];
  readonly #malformed: string[] = [];
  readonly #problems: string[] = [];
  readonly #orderIds = new Set<string>();
  #processingOrders = 0;
  #numbers = 0;
  /** Each owned (active) number's status. */
  readonly #owned = new Map<string, string>();
  readonly #associations: { e164: string; kind: NumberAssociation['target']['kind']; id: string; index: number }[] = [];
  readonly #associated = new Set<string>();

  member(member: JsonMember): void {
    // Own members, as JSON.parse makes them: a member "__proto__" is refused by the schema, not taken as a prototype.
    const own = (value: unknown) => Object.defineProperty(this.#head, member.key, { value, enumerable: true, writable: true, configurable: true });
    if (member.kind === 'value') own(member.value);
    else if (member.kind === 'array') {
      own([]);
      if (isLongList(member.key)) this.#listOrder.push(member.key);
    } else if (!isLongList(member.key)) {
      const list = this.#head[member.key] as unknown[];
      for (const item of member.items) list.push(item);
    } else {
      member.items.forEach((item, n) => this.#item(member.key as LongList, item, member.first + n));
    }
  }

  /**
   * The file checked whole.
   * @throws ExportFormatError naming what is wrong: not an export, a version this dialtone does not read, a member
   * that does not fit version 1 (with its path), or parts that contradict each other
   */
  finish(): CheckedExport {
    refuseOtherFormats(this.#head);
    const parsed = exportDocumentSchema().safeParse(this.#head);
    const malformed = [...(parsed.success ? [] : parsed.error.issues.map((issue) => issueLine('', issue))), ...this.#malformed];
    if (!parsed.success || malformed.length > 0) throw new ExportFormatError(`malformed dialtone export (version 1):\n${listed(malformed)}`);
    const doc = parsed.data;
    const problems = [...headProblems(doc), ...this.#problems, ...this.#associationProblems(doc)];
    if (problems.length > 0) throw new ExportFormatError(`inconsistent dialtone export:\n${listed(problems.map((p) => `  ${p}`))}`);
    return {
      contents: contentsOf(doc),
      counts: { orders: this.#orderIds.size, processingOrders: this.#processingOrders, phoneNumbers: this.#numbers, associations: this.#associations.length },
      keys: { orderIds: [...this.#orderIds], ownedNumbers: [...this.#owned.keys()], associatedNumbers: [...this.#associated] },
      listOrder: this.#listOrder,
    };
  }

  #item(list: LongList, raw: unknown, index: number): void {
    const parsed = exportItemSchemas()[list].safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) this.#malformed.push(issueLine(`${list}.${index}`, issue));
      return;
    }
    const item = parsed.data;
    if (list === 'orders') {
      const order = item as ExportDocument['orders'][number];
      if (this.#orderIds.has(order.id)) this.#problems.push(`orders.${index}: order ${order.id} appears more than once`);
      this.#orderIds.add(order.id);
      if (order.status === 'Processing') this.#processingOrders++;
    } else if (list === 'phoneNumbers') {
      const number = item as ExportDocument['phoneNumbers'][number];
      this.#numbers++;
      if (!number.active) return;
      if (this.#owned.has(number.e164)) this.#problems.push(`phoneNumbers.${index}: owned number ${number.e164} appears more than once`);
      this.#owned.set(number.e164, number.status);
    } else {
      const association = item as ExportDocument['associations'][number];
      if (this.#associated.has(association.e164)) this.#problems.push(`associations.${index}: associated number ${association.e164} appears more than once`);
      this.#associated.add(association.e164);
      this.#associations.push({ e164: association.e164, kind: association.kind, id: association.id, index });
    }
  }

  /** Each association's number must be owned and Assigned in the file, and its target in the file. */
  #associationProblems(doc: ExportDocument): string[] {
    const problems: string[] = [];
    const ids = (items: { id: string }[]) => new Set(items.map((item) => item.id));
    const targets = { VoiceConnectorId: ids(doc.voiceConnectors), VoiceConnectorGroupId: ids(doc.voiceConnectorGroups), SipRuleId: ids(doc.sipRules) };
    for (const a of this.#associations) {
      const status = this.#owned.get(a.e164);
      if (status === undefined) problems.push(`associations.${a.index}: ${a.e164} is not an owned number of the export`);
      else if (status !== 'Assigned') problems.push(`associations.${a.index}: ${a.e164} is ${status}; an associated number is Assigned`);
      if (!targets[a.kind].has(a.id)) problems.push(`associations.${a.index}: no ${a.kind} ${a.id} in the export`);
    }
    return problems;
  }
}

/**
 * The items of a batch of long list `list` (read again after the checks), as the domain names them.
 * @throws ExportFormatError when an item no longer passes its check: the file changed after it was checked
 */
export function itemsBatch(list: LongList, accountId: string, raws: unknown[], first: number): ItemsBatch {
  const schema = exportItemSchemas()[list];
  const items = raws.map((raw, n) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ExportFormatError(`${list}.${first + n} changed after the file was checked; nothing was imported`);
    return parsed.data;
  });
  if (list === 'orders') return { list, items: (items as ExportDocument['orders']).map((o) => orderFrom(o, accountId)) };
  if (list === 'phoneNumbers') return { list, items: (items as ExportDocument['phoneNumbers']).map((n) => numberFrom(n, accountId)) };
  return { list, items: (items as ExportDocument['associations']).map(associationFrom) };
}

/** The members of a parsed object as {@link jsonMembers} gives those of its text (each array in one batch). */
export function* objectMembers(value: Readonly<Record<string, unknown>>): Generator<JsonMember> {
  for (const [key, member] of Object.entries(value)) {
    if (!Array.isArray(member)) {
      yield { kind: 'value', key, value: member };
      continue;
    }
    yield { kind: 'array', key };
    if (member.length > 0) yield { kind: 'items', key, first: 0, items: member };
  }
}

/**
 * The contents of a file's parsed JSON, checked as {@link ExportChecker} checks a file read member by member.
 * @throws ExportFormatError naming what is wrong: not an export, a version this dialtone does not read, a member that
 * does not fit version 1 (with its path), or parts that contradict each other
 */
export function fromDocument(input: unknown): AccountContents {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw notAnExport();
  const checker = new ExportChecker();
  for (const member of objectMembers(input as Record<string, unknown>)) checker.member(member);
  const { contents } = checker.finish();
  const doc = input as ExportDocument;
  const items = <L extends LongList>(list: L) => itemsBatch(list, contents.accountId, doc[list], 0).items;
  return { ...contents, orders: items('orders') as Order[], numbers: items('phoneNumbers') as OwnedNumber[], associations: items('associations') as NumberAssociation[] };
}

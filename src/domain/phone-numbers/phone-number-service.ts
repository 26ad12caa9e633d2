/**
 * The account's number inventory: list, get, update (product type, calling name or name), delete into the deletion
 * queue, restore from it, and the sweep that completes what time alone decides (calling names propagated, queued
 * numbers released to the carrier pool). Every change is written in one transaction with its event (the outbox), so
 * that no change is without its event nor an event without its change. Every read and write is scoped by the account;
 * another account's number is NotFound. Every request is also scoped by its API (`ApiScope`): a number of a product
 * type that API does not know is NotFound too, and is not listed.
 */
import type { NewEvent } from '../events/event.ts';
import { callingNamePropagated, numberDeleted, numberReleased, numberRestored, numberUpdated } from '../events/number-events.ts';
import type { ApiScope } from '../numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES, productTypeRestriction } from '../numbers/product-type.ts';
import type { ProductType } from '../orders/order.ts';
import { ASSOCIATION_KINDS, type AssociationKind, type AssociationReader } from '../ports/associations.ts';
import type { EventAppender } from '../ports/events.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText, type FieldKey } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
import { invalidNextToken, type PageTokens } from '../shared/page-tokens.ts';
import {
  AssociationsExistError,
  UPDATABLE,
  changeOf,
  checkChange,
  checkDeletable,
  checkRestorable,
  type ChangeRequest,
  type NumberChange,
} from './lifecycle-rules.ts';
import { isListed, viewAt, type NumberView } from './number-view.ts';
import { isPhoneNumberStatus, type OwnedNumber } from './phone-number.ts';
import { parsePhoneNumberId, quoteId } from './phone-number-id.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const LISTING = 'ListPhoneNumbers';
/** Rows each sweep statement touches; a sweep repeats until a statement finds fewer (bounded per call). */
const SWEEP_BATCH = 500;
const SWEEP_MAX_BATCHES = 20;

/** A name as a number keeps it: `''` is no name (AWS does not say; nothing would be shown for it). */
function storedName(name: string): string | undefined {
  return name === '' ? undefined : name;
}

/** What a change of numbers writes in one transaction: the numbers, and the events of the change. */
export interface NumberWrites {
  phoneNumbers: Pick<
    OwnedNumbers,
    'get' | 'changeProductType' | 'changeCallingName' | 'changeName' | 'queueDeletion' | 'restore' | 'releaseDue' | 'completeCallingNames'
  >;
  events: EventAppender;
}

/** Dependencies and limits of the phone-number service; the limits default to AWS's documented values. */
export interface PhoneNumberServiceOptions {
  /** Reads of the account's numbers. */
  phoneNumbers: Pick<OwnedNumbers, 'get' | 'listListed'>;
  /** Every change, with its events. */
  unitOfWork: UnitOfWork<NumberWrites>;
  /** The numbers' associations, shown on every number read; without it numbers show none and association filters match nothing. */
  associations?: AssociationReader;
  clock: Clock;
  /** Event ids. */
  ids: IdSource;
  tokens: PageTokens;
  /** How long a deleted number stays restorable in the deletion queue. Default 7 days. */
  deletionQueueMs?: number;
  /** How long a calling-name update stays `UpdateInProgress`. Default 60 s. */
  callingNamePropagationMs?: number;
  /** Most items of a batch update or delete. Default 100. */
  maxBatchItems?: number;
}

/** `ListPhoneNumbers` filters. An association filter names both parts. */
export interface NumberFilter {
  /** Any text: a status no number of dialtone has (a porting status, a typo) matches nothing. */
  status?: string;
  productType?: ProductType;
  associationName?: string;
  associationValue?: string;
}

/**
 * The association target an association filter names; `null` for a filter that matches nothing (the legacy `AccountId`
 * and `UserId`: dialtone has no Chime users), `undefined` when there is no filter. Ids are matched as stored (lower case).
 */
function associationFilter(filter: NumberFilter): { kind: AssociationKind; id: string } | null | undefined {
  if (filter.associationName === undefined || filter.associationValue === undefined) return undefined;
  const kind = ASSOCIATION_KINDS.find((k) => k === filter.associationName);
  return kind === undefined ? null : { kind, id: filter.associationValue.toLowerCase() };
}

/** Why one item of a batch was not applied. */
export interface BatchItemError {
  /** The id exactly as the caller sent it. */
  id: string;
  reason: 'invalid' | 'not-found' | 'conflict' | 'associations-exist' | 'limit-exceeded';
  /** The refusal; its message may name fields of the item (see `DomainError.describe`). */
  error: DomainError;
}

/** One item of a batch update. */
export interface UpdateItem extends ChangeRequest {
  id: string;
}

/** The owned-number inventory of every account (see the file comment). */
export class PhoneNumberService {
  readonly #numbers: Pick<OwnedNumbers, 'get' | 'listListed'>;
  readonly #unitOfWork: UnitOfWork<NumberWrites>;
  readonly #associations: AssociationReader | undefined;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #tokens: PageTokens;
  readonly #deletionQueueMs: number;
  readonly #propagationMs: number;
  readonly #maxBatchItems: number;

  constructor(options: PhoneNumberServiceOptions) {
    this.#numbers = options.phoneNumbers;
    this.#unitOfWork = options.unitOfWork;
    this.#associations = options.associations;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#tokens = options.tokens;
    this.#deletionQueueMs = options.deletionQueueMs ?? 7 * DAY_MS;
    this.#propagationMs = options.callingNamePropagationMs ?? 60_000;
    this.#maxBatchItems = options.maxBatchItems ?? 100;
  }

  /**
   * One page of the account's numbers in E.164 order, each with its associations (one read per page); `nextToken`
   * while more remain. An association filter names a voice connector, voice connector group or SIP rule; the legacy
   * `AccountId` and `UserId` filters match nothing (dialtone has no Chime users), nor does a status that no number of
   * dialtone can have.
   * @throws DomainError `invalid` for half an association filter or a NextToken not issued for this listing
   */
  async list(
    accountId: string,
    filter: NumberFilter,
    page: { maxResults: number; nextToken?: string },
    scope: ApiScope = {},
  ): Promise<{ numbers: NumberView[]; nextToken?: string }> {
    if ((filter.associationName === undefined) !== (filter.associationValue === undefined)) {
      throw new DomainError('invalid', fieldText`${field('associationName')} and ${field('associationValue')} must be given together`);
    }
    const productTypes = productTypeRestriction(scope.productTypes ?? ALL_PRODUCT_TYPES);
    // The token is bound to what the listing shows, hidden product types included; an API that knows every product
    // type keeps the listing key it always had, so its tokens stay valid across this distinction.
    const shown = [filter.status ?? null, filter.productType ?? null, filter.associationName ?? null, filter.associationValue ?? null];
    const listing = `${LISTING}\n${JSON.stringify(productTypes === undefined ? shown : [...shown, productTypes])}`;
    let after: string | undefined;
    if (page.nextToken !== undefined) {
      const position = this.#tokens.decode(accountId, listing, page.nextToken) as { e?: unknown } | null;
      if (typeof position?.e !== 'string') throw invalidNextToken();
      after = position.e;
    }
    const associated = associationFilter(filter);
    if (associated === null) return { numbers: [] };
    if (associated !== undefined && this.#associations === undefined) return { numbers: [] };
    if (filter.status !== undefined && !isPhoneNumberStatus(filter.status)) return { numbers: [] };
    const now = this.#clock.now();
    const rows = await this.#numbers.listListed(accountId, {
      limit: page.maxResults + 1,
      now,
      ...(after === undefined ? {} : { after }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.productType === undefined ? {} : { productType: filter.productType }),
      ...(productTypes === undefined ? {} : { productTypes }),
      ...(associated === undefined ? {} : { associatedWith: associated }),
    });
    const numbers = await this.#withAssociations(accountId, rows.slice(0, page.maxResults).map((row) => viewAt(row, now)));
    const last = numbers[numbers.length - 1];
    if (rows.length <= page.maxResults || last === undefined) return { numbers };
    return { numbers, nextToken: this.#tokens.encode(accountId, listing, { e: last.e164 }) };
  }

  /** @throws DomainError `invalid` (malformed id) or `not-found` (not a number of this account that the API knows) */
  async get(accountId: string, id: string, scope: ApiScope = {}): Promise<NumberView> {
    const { record, now } = await this.#find(accountId, id, scope);
    return this.#withAssociation(accountId, viewAt(record, now));
  }

  /**
   * Changes the product type, starts a calling-name update (`UpdateInProgress` for the propagation delay), or changes
   * the name at once (`''` clears it). Asking for the value the number already has changes nothing.
   * @throws DomainError `invalid`, `not-found`, or `conflict` while another calling-name update propagates
   */
  async update(accountId: string, id: string, request: ChangeRequest, scope: ApiScope = {}): Promise<NumberView> {
    const change = changeOf(request, scope.updatable);
    const { record, now } = await this.#find(accountId, id, scope);
    checkChange(record, change, now);
    if ('productType' in change && change.productType === record.productType) return this.#withAssociation(accountId, viewAt(record, now));
    if ('name' in change && storedName(change.name) === record.name) return this.#withAssociation(accountId, viewAt(record, now));
    const written = await this.#changed(
      accountId,
      record.e164,
      (phoneNumbers) => this.#write(phoneNumbers, accountId, record.e164, change, now),
      (current, before) => numberUpdated(this.#ids, before, current, now),
    );
    return this.#afterWrite(accountId, id, scope, written, (current, at) => checkChange(current, change, at), 'conflict');
  }

  /** Applies each item on its own; answers the items that were not applied. */
  async batchUpdate(accountId: string, items: UpdateItem[], scope: ApiScope = {}): Promise<BatchItemError[]> {
    this.#checkBatch('updateItems', items.length);
    return this.#eachOnce(
      items.map((item) => item.id),
      (index) => this.update(accountId, items[index]!.id, items[index]!, scope),
    );
  }

  /**
   * Puts an `Unassigned` number into the deletion queue (`DeleteInProgress`, restorable until its deletion time).
   * @throws DomainError `invalid` (wrong status; `AssociationsExistError` when `Assigned`) or `not-found`
   */
  async delete(accountId: string, id: string, scope: ApiScope = {}): Promise<void> {
    const { record, now } = await this.#find(accountId, id, scope);
    checkDeletable(record);
    const deletionAt = new Date(now.getTime() + this.#deletionQueueMs);
    const written = await this.#changed(
      accountId,
      record.e164,
      (phoneNumbers) => phoneNumbers.queueDeletion(accountId, record.e164, { at: now, deletionAt }),
      (current) => numberDeleted(this.#ids, current, now),
    );
    await this.#afterWrite(accountId, id, scope, written, checkDeletable);
  }

  /** Deletes each id on its own; answers the ids that were not deleted. */
  async batchDelete(accountId: string, ids: string[], scope: ApiScope = {}): Promise<BatchItemError[]> {
    this.#checkBatch('phoneNumberIds', ids.length);
    return this.#eachOnce(ids, (index) => this.delete(accountId, ids[index]!, scope));
  }

  /**
   * Takes a number out of the deletion queue, back to `Unassigned`.
   * @throws DomainError `invalid` when it is not in the queue, `not-found` when the account has no such number
   */
  async restore(accountId: string, id: string, scope: ApiScope = {}): Promise<NumberView> {
    const { record, now } = await this.#find(accountId, id, scope);
    checkRestorable(record);
    const written = await this.#changed(
      accountId,
      record.e164,
      (phoneNumbers) => phoneNumbers.restore(accountId, record.e164, now),
      (current) => numberRestored(this.#ids, current, now),
    );
    return this.#afterWrite(accountId, id, scope, written, checkRestorable);
  }

  /**
   * Completes what is due at the clock's now: calling-name updates that have propagated, and numbers whose deletion
   * time has come (released: no longer owned, aging from their deletion time). Each batch is one transaction with the
   * events of the records it completed. Idempotent; safe to run concurrently.
   */
  async sweep(): Promise<{ released: number; callingNames: number }> {
    const now = this.#clock.now();
    const released = await this.#sweepBatches((phoneNumbers) => phoneNumbers.releaseDue(now, SWEEP_BATCH), (record) => numberReleased(this.#ids, record, now));
    const callingNames = await this.#sweepBatches(
      (phoneNumbers) => phoneNumbers.completeCallingNames(now, SWEEP_BATCH),
      (record) => callingNamePropagated(this.#ids, record, now),
    );
    return { released, callingNames };
  }

  /**
   * Runs `complete` in a transaction each, with the events of what it completed, until a batch finds fewer than
   * `SWEEP_BATCH` records (at most `SWEEP_MAX_BATCHES` batches); answers how many records were completed.
   */
  async #sweepBatches(
    complete: (phoneNumbers: NumberWrites['phoneNumbers']) => Promise<OwnedNumber[]>,
    eventOf: (record: OwnedNumber) => NewEvent,
  ): Promise<number> {
    let total = 0;
    for (let i = 0; i < SWEEP_MAX_BATCHES; i++) {
      const n = await this.#unitOfWork.transaction(async ({ phoneNumbers, events }) => {
        const records = await complete(phoneNumbers);
        // By account, then number: each account's sequence is taken (and, on PostgreSQL, locked) in the same order by
        // every sweeper, and a batch's events read in E.164 order.
        records.sort((a, b) => compare(a.accountId, b.accountId) || compare(a.e164, b.e164));
        await events.append(records.map(eventOf));
        return records.length;
      });
      total += n;
      if (n < SWEEP_BATCH) break;
    }
    return total;
  }

  /**
   * Reads the number, applies `write` and, when it matched, appends the event of the number as it now stands (and as it
   * was before), in one transaction;
   * answers that record, or `undefined` when the write matched nothing (nothing written, no event).
   */
  #changed(
    accountId: string,
    e164: string,
    write: (phoneNumbers: NumberWrites['phoneNumbers']) => Promise<boolean>,
    eventOf: (record: OwnedNumber, before: OwnedNumber) => NewEvent,
  ): Promise<OwnedNumber | undefined> {
    return this.#unitOfWork.transaction(async ({ phoneNumbers, events }) => {
      const before = await phoneNumbers.get(accountId, e164);
      if (before === undefined || !(await write(phoneNumbers))) return undefined;
      const record = await phoneNumbers.get(accountId, e164);
      if (record === undefined) throw new Error(`phone number ${e164} of account ${accountId} was written but cannot be read back`);
      await events.append([eventOf(record, before)]);
      return record;
    });
  }

  /** The conditional write of one change. */
  #write(repo: NumberWrites['phoneNumbers'], accountId: string, e164: string, change: NumberChange, now: Date): Promise<boolean> {
    // Only an unassociated number changes product type: `Assigned` numbers are not matched (see `checkChange`).
    if ('productType' in change) return repo.changeProductType(accountId, e164, { productType: change.productType, from: ['Unassigned'], at: now });
    if ('name' in change) return repo.changeName(accountId, e164, { name: storedName(change.name), from: UPDATABLE, at: now });
    return repo.changeCallingName(accountId, e164, {
      callingName: change.callingName,
      from: UPDATABLE,
      at: now,
      dueAt: new Date(now.getTime() + this.#propagationMs),
    });
  }

  /**
   * The account's listed record of the number an id names, and the time it was read at. A number of a product type
   * the request's API does not know is not found: that API could not even say what the number is.
   */
  async #find(accountId: string, id: string, scope: ApiScope): Promise<{ record: OwnedNumber; now: Date }> {
    const e164 = parsePhoneNumberId(id);
    if (e164 === undefined) {
      throw new DomainError(
        'invalid',
        fieldText`Invalid ${field('phoneNumberId')} ${quoteId(id)}: expected an E.164 phone number such as +12065550100 or %2B12065550100`,
      );
    }
    const now = this.#clock.now();
    const record = await this.#numbers.get(accountId, e164);
    if (record === undefined || !isListed(record, now) || !(scope.productTypes ?? ALL_PRODUCT_TYPES).has(record.productType)) {
      throw new DomainError('not-found', `No phone number ${e164} exists in this account`);
    }
    return { record, now };
  }

  /**
   * After a conditional write: the number as the write left it (`written`, read back in its transaction). When the
   * write matched nothing, the number changed between the check and the write; the check, repeated on the fresh
   * record, says why (or it is gone: NotFound).
   */
  async #afterWrite(
    accountId: string,
    id: string,
    scope: ApiScope,
    written: OwnedNumber | undefined,
    recheck: (record: OwnedNumber, now: Date) => void,
    raced: 'conflict' | 'invalid' = 'invalid',
  ): Promise<NumberView> {
    if (written !== undefined) return this.#withAssociation(accountId, viewAt(written, this.#clock.now()));
    const { record, now } = await this.#find(accountId, id, scope);
    recheck(record, now);
    throw new DomainError(raced, `Phone number ${record.e164} changed while this request was applied; try again`);
  }

  /** The view with the number's association, if it has one. */
  async #withAssociation(accountId: string, view: NumberView): Promise<NumberView> {
    const [shown] = await this.#withAssociations(accountId, [view]);
    return shown ?? view;
  }

  /** The views with their associations, read in one query. */
  async #withAssociations(accountId: string, views: NumberView[]): Promise<NumberView[]> {
    if (this.#associations === undefined || views.length === 0) return views;
    const found = await this.#associations.associationsOf(accountId, views.map((view) => view.e164));
    return views.map((view) => {
      const association = found.get(view.e164);
      return association === undefined ? view : { ...view, associations: [association] };
    });
  }

  #checkBatch(items: FieldKey, count: number): void {
    if (count === 0) throw new DomainError('invalid', fieldText`${field(items)} must contain at least one item`);
    if (count > this.#maxBatchItems) {
      throw new DomainError('invalid', fieldText`${field(items)} contains ${count} items; the limit is ${this.#maxBatchItems} phone numbers per request`);
    }
  }

  /** Runs `apply` for each id in order; a number named twice is applied once, the repeat reported as BadRequest. */
  async #eachOnce(ids: string[], apply: (index: number) => Promise<unknown>): Promise<BatchItemError[]> {
    const errors: BatchItemError[] = [];
    const seen = new Set<string>();
    for (const [index, id] of ids.entries()) {
      const key = parsePhoneNumberId(id) ?? id;
      if (seen.has(key)) {
        errors.push({ id, reason: 'invalid', error: new DomainError('invalid', `Phone number ${key} appears more than once in this request`) });
        continue;
      }
      seen.add(key);
      try {
        await apply(index);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const reason = error instanceof AssociationsExistError ? 'associations-exist' : error.kind;
        errors.push({ id, reason, error });
      }
    }
    return errors;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

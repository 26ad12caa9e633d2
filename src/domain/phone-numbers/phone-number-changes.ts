/**
 * Changes of the account's numbers for the phone-number service: update (product type, calling name or name), delete
 * into the deletion queue, restore from it, and their batches, each item applied on its own. Every change is a
 * conditional write in one transaction with its event; a write that matched nothing is explained by the check,
 * repeated on the number as it now is.
 */
import type { NewEvent } from '../events/event.ts';
import { numberDeleted, numberRestored, numberUpdated } from '../events/number-events.ts';
import type { ApiScope } from '../numbers/api-scope.ts';
import type { EventAppender } from '../ports/events.ts';
import type { OwnedNumbers } from '../ports/phone-numbers.ts';
import { NO_WAIT, type Turns } from '../ports/turns.ts';
import type { UnitOfWork } from '../ports/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, field, fieldText, type DomainErrorKind, type FieldKey } from '../shared/domain-error.ts';
import type { IdSource } from '../shared/ids.ts';
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
import { viewAt, type NumberView } from './number-view.ts';
import type { OwnedNumber } from './phone-number.ts';
import { parsePhoneNumberId } from './phone-number-id.ts';
import type { PhoneNumberReads } from './phone-number-reads.ts';

/** What a change of numbers writes in one transaction: the numbers, and the events of the change. */
export interface NumberWrites {
  phoneNumbers: Pick<
    OwnedNumbers,
    'get' | 'changeProductType' | 'changeCallingName' | 'changeName' | 'queueDeletion' | 'restore' | 'releaseDue' | 'completeCallingNames'
  >;
  events: EventAppender;
}

/** Why one item of a batch was not applied. */
export interface BatchItemError {
  /** The id exactly as the caller sent it. */
  id: string;
  reason: DomainErrorKind | 'associations-exist';
  /** The refusal; its message may name fields of the item (see `DomainError.describe`). */
  error: DomainError;
}

/** One item of a batch update. */
export interface UpdateItem extends ChangeRequest {
  id: string;
}

/** A name as a number keeps it: `''` is no name (AWS does not say; nothing would be shown for it). */
function storedName(name: string): string | undefined {
  return name === '' ? undefined : name;
}

/** What the changes need (see `PhoneNumberServiceOptions`); the limits resolved. */
export interface PhoneNumberChangesOptions {
  /** The reads that find a number by its id and show its association. */
  reads: Pick<PhoneNumberReads, 'find' | 'withAssociation'>;
  unitOfWork: UnitOfWork<NumberWrites>;
  clock: Clock;
  ids: IdSource;
  deletionQueueMs: number;
  callingNamePropagationMs: number;
  maxBatchItems: number;
  /** Waited for before each item of a batch (default: no wait). */
  turns?: Turns;
}

/** The changes of the phone-number service (see the file comment). */
export class PhoneNumberChanges {
  readonly #reads: Pick<PhoneNumberReads, 'find' | 'withAssociation'>;
  readonly #unitOfWork: UnitOfWork<NumberWrites>;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #deletionQueueMs: number;
  readonly #propagationMs: number;
  readonly #maxBatchItems: number;
  readonly #turns: Turns;

  constructor(options: PhoneNumberChangesOptions) {
    this.#reads = options.reads;
    this.#unitOfWork = options.unitOfWork;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#deletionQueueMs = options.deletionQueueMs;
    this.#propagationMs = options.callingNamePropagationMs;
    this.#maxBatchItems = options.maxBatchItems;
    this.#turns = options.turns ?? NO_WAIT;
  }

  /** See `PhoneNumberService.update`. */
  async update(accountId: string, id: string, request: ChangeRequest, scope: ApiScope): Promise<NumberView> {
    const change = changeOf(request, scope.updatable);
    const { record, now } = await this.#reads.find(accountId, id, scope);
    checkChange(record, change, now);
    if ('productType' in change && change.productType === record.productType) return this.#reads.withAssociation(accountId, viewAt(record, now));
    if ('name' in change && storedName(change.name) === record.name) return this.#reads.withAssociation(accountId, viewAt(record, now));
    const written = await this.#changed(
      accountId,
      record.e164,
      (phoneNumbers) => this.#write(phoneNumbers, accountId, record.e164, change, now),
      (current, before) => numberUpdated(this.#ids, before, current, now),
    );
    return this.#afterWrite(accountId, id, scope, written, (current, at) => checkChange(current, change, at), 'conflict');
  }

  /** See `PhoneNumberService.batchUpdate`. */
  async batchUpdate(accountId: string, items: UpdateItem[], scope: ApiScope): Promise<BatchItemError[]> {
    this.#checkBatch('updateItems', items.length);
    return this.#eachOnce(
      accountId,
      items.map((item) => item.id),
      (index) => this.update(accountId, items[index]!.id, items[index]!, scope),
    );
  }

  /** See `PhoneNumberService.delete`. */
  async delete(accountId: string, id: string, scope: ApiScope): Promise<void> {
    const { record, now } = await this.#reads.find(accountId, id, scope);
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

  /** See `PhoneNumberService.batchDelete`. */
  async batchDelete(accountId: string, ids: string[], scope: ApiScope): Promise<BatchItemError[]> {
    this.#checkBatch('phoneNumberIds', ids.length);
    return this.#eachOnce(accountId, ids, (index) => this.delete(accountId, ids[index]!, scope));
  }

  /** See `PhoneNumberService.restore`. */
  async restore(accountId: string, id: string, scope: ApiScope): Promise<NumberView> {
    const { record, now } = await this.#reads.find(accountId, id, scope);
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
    if (written !== undefined) return this.#reads.withAssociation(accountId, viewAt(written, this.#clock.now()));
    const { record, now } = await this.#reads.find(accountId, id, scope);
    recheck(record, now);
    throw new DomainError(raced, `Phone number ${record.e164} changed while this request was applied; try again`);
  }

  #checkBatch(items: FieldKey, count: number): void {
    if (count === 0) throw new DomainError('invalid', fieldText`${field(items)} must contain at least one item`);
    if (count > this.#maxBatchItems) {
      throw new DomainError('invalid', fieldText`${field(items)} contains ${count} items; the limit is ${this.#maxBatchItems} phone numbers per request`);
    }
  }

  /**
   * Runs `apply` for each id in order; a number named twice is applied once, the repeat reported as BadRequest. Each
   * item waits for the account's turn first: a batch of a hundred transactions does not hold the event loop for all of
   * them at once (see `Turns`).
   */
  async #eachOnce(accountId: string, ids: string[], apply: (index: number) => Promise<unknown>): Promise<BatchItemError[]> {
    const errors: BatchItemError[] = [];
    const seen = new Set<string>();
    for (const [index, id] of ids.entries()) {
      const key = parsePhoneNumberId(id) ?? id;
      if (seen.has(key)) {
        errors.push({ id, reason: 'invalid', error: new DomainError('invalid', `Phone number ${key} appears more than once in this request`) });
        continue;
      }
      seen.add(key);
      await this.#turns.next(accountId);
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
